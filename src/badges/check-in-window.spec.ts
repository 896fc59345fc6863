import { checkInWindow } from './check-in-window';

describe('the check-in window', () => {
  it('runs from the day before the first day to the end of the day after the last, in the consultation’s zone', () => {
    // 10–11 March 2027 in Auckland (UTC+13): the window is 9 March 00:00 to 13 March 00:00 there.
    expect(
      checkInWindow({
        startsAt: new Date('2027-03-09T20:00:00Z'),
        endsAt: new Date('2027-03-11T04:00:00Z'),
        timezone: 'Pacific/Auckland',
      }),
    ).toEqual({ from: new Date('2027-03-08T11:00:00Z'), until: new Date('2027-03-12T11:00:00Z') });
  });

  it('follows a change of clocks inside the window (Geneva, end of October)', () => {
    expect(
      checkInWindow({
        startsAt: new Date('2027-10-31T08:00:00Z'),
        endsAt: new Date('2027-10-31T16:00:00Z'),
        timezone: 'Europe/Zurich',
      }),
    ).toEqual({ from: new Date('2027-10-29T22:00:00Z'), until: new Date('2027-11-01T23:00:00Z') });
  });
});
