import { RegistrationStatus } from '../registrations/registration.entity';
import {
  amongOthers,
  Priority,
  PriorityContext,
  PriorityFacts,
  priorityOf,
  prioritySnapshots,
  reviewOrder,
  scorePriority,
  WEIGHTS,
} from './priority';

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
    [
      'a least developed country, not also counted as low income',
      { departureCountry: 'SN' },
      ['leastDevelopedCountry'],
    ],
    ['a lower-middle-income country', { departureCountry: 'PH' }, ['lowOrLowerMiddleIncome']],
    ['a region with no one confirmed yet', { region: 'oceania' }, ['regionUnderRepresented']],
    [
      'a region at exactly an equal share is not under-represented',
      { region: 'africa', confirmedByRegion: { africa: 2, europe: 8 } },
      [],
    ],
    [
      'a region below three quarters of an equal share',
      { region: 'africa', confirmedByRegion: { africa: 1, europe: 9 } },
      ['regionUnderRepresented'],
    ],
    ['first consultation', { firstConsultation: true }, ['firstConsultation']],
    ['a young organisation', { foundedYear: 2024 }, ['youngOrganisation']],
    [
      'migrant-, women- and youth-led',
      { migrantLed: true, womenLed: true, youthLed: true },
      ['migrantLed', 'womenLed', 'youthLed'],
    ],
    [
      'a woman when women are a third',
      { participantGender: 'female', confirmedByGender: { female: 3, male: 7 } },
      ['genderBalance'],
    ],
    [
      'a man when men are a third',
      { participantGender: 'male', confirmedByGender: { female: 7, male: 3 } },
      ['genderBalance'],
    ],
    [
      'undisclosed gender never scores',
      { participantGender: 'undisclosed', confirmedByGender: { male: 10 } },
      [],
    ],
    ['could not attend without funding', { couldAttendWithout: false }, ['cannotAttendWithout']],
  ])('%s', (_name, overrides, codes) => {
    const priority = scorePriority({ ...base, ...overrides });
    expect(priority.reasons.map((r) => r.code)).toEqual(codes);
    expect(priority.score).toBe(
      codes.reduce((sum, code) => sum + WEIGHTS[code as keyof typeof WEIGHTS], 0),
    );
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

describe('priority snapshots', () => {
  const atSubmission: Priority = {
    score: 45,
    reasons: [
      { code: 'firstConsultation', points: 15 },
      { code: 'regionUnderRepresented', points: 20, params: { region: 'africa', percent: 0 } },
      { code: 'genderBalance', points: 10, params: { percent: 0 } },
    ],
  };
  const atDecision: Priority = { score: 15, reasons: [{ code: 'firstConsultation', points: 15 }] };
  const today: Priority = {
    score: 35,
    reasons: [
      { code: 'firstConsultation', points: 15 },
      { code: 'regionUnderRepresented', points: 20, params: { region: 'africa', percent: 10 } },
    ],
  };

  it("shows a decided application with the score its decision recorded, not today's", () => {
    expect(prioritySnapshots(false, { atSubmission, atDecision }, today)).toEqual({
      priority: atDecision,
      priorityAtSubmission: atSubmission,
      priorityToday: today,
    });
  });

  it("shows an application awaiting a decision with today's score, beside the one at submission", () => {
    expect(prioritySnapshots(true, { atSubmission, atDecision: null }, today)).toEqual({
      priority: today,
      priorityAtSubmission: atSubmission,
      priorityToday: today,
    });
  });

  it("falls back to today's score for an application closed without a decision, or decided before snapshots were kept", () => {
    expect(prioritySnapshots(false, { atSubmission: null, atDecision: null }, today).priority).toBe(
      today,
    );
  });

  it('keeps reasons as codes and parameters, so a snapshot reads in any language and survives JSON', () => {
    expect(JSON.parse(JSON.stringify(atSubmission))).toEqual(atSubmission);
  });

  it("judges the balance among the others: the applicant's own confirmed seat does not count", () => {
    const tallies = { byRegion: { africa: 1, europe: 4 }, byGender: { female: 1, male: 4 } };
    expect(amongOthers(tallies, 'africa', 'female', true)).toEqual({
      confirmedByRegion: { africa: 0, europe: 4 },
      confirmedByGender: { female: 0, male: 4 },
    });
    expect(amongOthers(tallies, 'africa', 'female', false)).toEqual({
      confirmedByRegion: tallies.byRegion,
      confirmedByGender: tallies.byGender,
    });
  });

  it('orders those awaiting a decision first, then by score, then first come first served', () => {
    const at = (ms: number) => new Date(Date.UTC(2027, 0, 1) + ms);
    const rows = [
      {
        name: 'decided high',
        awaitingDecision: false,
        priority: { score: 90, reasons: [] },
        createdAt: at(0),
      },
      {
        name: 'waiting low',
        awaitingDecision: true,
        priority: { score: 10, reasons: [] },
        createdAt: at(0),
      },
      {
        name: 'waiting high, later',
        awaitingDecision: true,
        priority: { score: 50, reasons: [] },
        createdAt: at(2),
      },
      {
        name: 'waiting high, earlier',
        awaitingDecision: true,
        priority: { score: 50, reasons: [] },
        createdAt: at(1),
      },
      {
        name: 'decided low',
        awaitingDecision: false,
        priority: { score: 5, reasons: [] },
        createdAt: at(0),
      },
    ];
    expect(rows.sort(reviewOrder).map((r) => r.name)).toEqual([
      'waiting high, earlier',
      'waiting high, later',
      'waiting low',
      'decided high',
      'decided low',
    ]);
  });
});

describe('priorityOf', () => {
  const context: PriorityContext = {
    tallies: { byRegion: { europe: 8, africa: 2 }, byGender: { female: 5, male: 5 } },
    returning: new Set(['org-returning']),
    currentYear: 2027,
  };
  const organisation = {
    id: 'org-returning',
    region: 'europe',
    foundedYear: 1990,
    migrantLed: false,
    womenLed: false,
    youthLed: false,
  };
  const application = { departureCountry: 'CH', couldAttendWithout: true };
  const codes = (priority: Priority) => priority.reasons.map((r) => r.code);

  it('gives nothing to a returning, well-represented organisation', () => {
    expect(
      priorityOf(
        context,
        application,
        { gender: 'male', status: RegistrationStatus.Pending },
        organisation,
      ),
    ).toEqual({ score: 0, reasons: [] });
  });

  it('reads the application, the organisation and whether it came before', () => {
    const priority = priorityOf(
      context,
      { departureCountry: 'SN', couldAttendWithout: false },
      { gender: 'undisclosed', status: RegistrationStatus.Pending },
      { ...organisation, id: 'org-new', region: 'asia', foundedYear: 2024, migrantLed: true },
    );
    expect(codes(priority)).toEqual([
      'leastDevelopedCountry',
      'regionUnderRepresented',
      'firstConsultation',
      'youngOrganisation',
      'migrantLed',
      'cannotAttendWithout',
    ]);
  });

  it("leaves the participant's own confirmed seat out of the balance", () => {
    const tallies = { byRegion: { europe: 4, africa: 1 }, byGender: { female: 1, male: 4 } };
    const african = { ...organisation, region: 'africa' };
    const pending = priorityOf(
      { ...context, tallies },
      application,
      { gender: 'female', status: RegistrationStatus.Pending },
      african,
    );
    const confirmed = priorityOf(
      { ...context, tallies },
      application,
      { gender: 'female', status: RegistrationStatus.Confirmed },
      african,
    );
    expect(codes(pending)).toEqual(['genderBalance']);
    expect(codes(confirmed)).toEqual(['regionUnderRepresented', 'genderBalance']);
  });
});
