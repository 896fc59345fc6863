import {
  addMonths,
  codeHash,
  maskPassportNumber,
  newVerificationCode,
  travelProblems,
} from './letters.rules';

const consultation = {
  startsAt: new Date('2027-09-13T07:00:00Z'),
  endsAt: new Date('2027-09-14T16:00:00Z'),
  timezone: 'Europe/Zurich',
};
const rules = { passportValidMonths: 3, windowDaysBefore: 14, windowDaysAfter: 14 };
const good = {
  dateOfBirth: '1984-03-09',
  passportExpiry: '2027-12-20',
  arrivalDate: '2027-09-11',
  departureDate: '2027-09-16',
};

describe('letter rules', () => {
  it('accepts travel in the window with a passport valid long enough', () => {
    expect(travelProblems(good, consultation, rules, '2027-06-01')).toEqual({});
  });

  it('names the window and the passport validity it needs', () => {
    const problems = travelProblems(
      { ...good, arrivalDate: '2027-08-29', passportExpiry: '2027-12-15' },
      consultation,
      rules,
      '2027-06-01',
    );
    expect(problems.arrivalDate).toEqual([
      {
        key: 'errors.letter_arrival_window',
        params: { earliest: '2027-08-30', latest: '2027-09-28' },
      },
    ]);
    expect(problems.passportExpiry).toEqual([
      { key: 'errors.letter_passport_expiry', params: { months: 3, date: '2027-12-16' } },
    ]);
  });

  it('adds months to the last day of shorter months', () => {
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
  });

  it('makes codes of 160 random bits, found again however they are typed', () => {
    const code = newVerificationCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(newVerificationCode()).not.toBe(code);
    expect(codeHash(code.replace(/-/g, ' ').toLowerCase())).toBe(codeHash(code));
  });

  it('masks all but the last three characters', () => {
    expect(maskPassportNumber('XK7734521')).toBe('••••••521');
    expect(maskPassportNumber('AB123')).toBe('•••123');
  });
});
