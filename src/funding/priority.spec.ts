import { PriorityFacts, scorePriority, WEIGHTS } from './priority';

const base: PriorityFacts = {
  departureCountry: 'CH',
  region: 'europe',
  confirmedByRegion: { europe: 6, africa: 2, asia: 2 },
  confirmedByGender: { female: 5, male: 5 },
  participantGender: 'male',
  firstConsultation: false,
  foundedYear: 1990,
  currentYear: 2027,
  migrantLed: false,
  womenLed: false,
  youthLed: false,
  couldAttendWithout: true,
};

describe('scorePriority', () => {
  it.each<[string, Partial<PriorityFacts>, string[]]>([
    ['nothing to favour', {}, []],
    ['a least developed country, not also counted as low income', { departureCountry: 'SN' }, ['leastDevelopedCountry']],
    ['a lower-middle-income country', { departureCountry: 'PH' }, ['lowOrLowerMiddleIncome']],
    ['a region with no one confirmed yet', { region: 'oceania' }, ['regionUnderRepresented']],
    ['a region at exactly an equal share is not under-represented', { region: 'africa', confirmedByRegion: { africa: 2, europe: 8 } }, []],
    ['a region below three quarters of an equal share', { region: 'africa', confirmedByRegion: { africa: 1, europe: 9 } }, ['regionUnderRepresented']],
    ['first consultation', { firstConsultation: true }, ['firstConsultation']],
    ['a young organisation', { foundedYear: 2024 }, ['youngOrganisation']],
    ['migrant-, women- and youth-led', { migrantLed: true, womenLed: true, youthLed: true }, ['migrantLed', 'womenLed', 'youthLed']],
    ['a woman when women are a third', { participantGender: 'female', confirmedByGender: { female: 3, male: 7 } }, ['genderBalance']],
    ['a man when men are a third', { participantGender: 'male', confirmedByGender: { female: 7, male: 3 } }, ['genderBalance']],
    ['undisclosed gender never scores', { participantGender: 'undisclosed', confirmedByGender: { male: 10 } }, []],
    ['could not attend without funding', { couldAttendWithout: false }, ['cannotAttendWithout']],
  ])('%s', (_name, overrides, codes) => {
    const priority = scorePriority({ ...base, ...overrides });
    expect(priority.reasons.map((r) => r.code)).toEqual(codes);
    expect(priority.score).toBe(codes.reduce((sum, code) => sum + WEIGHTS[code as keyof typeof WEIGHTS], 0));
  });

  it('adds every reason for the organisation the report had in mind', () => {
    const priority = scorePriority({
      ...base,
      departureCountry: 'AF',
      region: 'asia',
      confirmedByRegion: { europe: 20 },
      participantGender: 'female',
      confirmedByGender: { male: 12, female: 3 },
      firstConsultation: true,
      foundedYear: 2025,
      migrantLed: true,
      womenLed: true,
      couldAttendWithout: false,
    });
    expect(priority.score).toBe(30 + 20 + 15 + 10 + 10 + 5 + 10 + 10);
  });
});
