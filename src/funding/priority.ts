import { RegistrationStatus } from '../registrations/registration.entity';
import { LEAST_DEVELOPED, LOW_INCOME, LOWER_MIDDLE_INCOME } from './development-lists';

/**
 * How travel funding is prioritised: every weight in one place. A reason is listed, in words, for
 * every point given. The report asks to "include an even broader range of CSOs": the weights
 * favour departures from poorer countries, regions and people not yet represented, and
 * organisations coming for the first time.
 */
export const WEIGHTS = {
  leastDevelopedCountry: 30,
  lowOrLowerMiddleIncome: 20,
  regionUnderRepresented: 20,
  firstConsultation: 15,
  youngOrganisation: 10,
  migrantLed: 10,
  womenLed: 5,
  youthLed: 5,
  genderBalance: 10,
  cannotAttendWithout: 10,
} as const;

/** A region is under-represented below this share of an equal split among the five regions. */
export const UNDER_REPRESENTED_SHARE = 0.75;
/** "Young" stands for small: founded in the last five years. */
export const YOUNG_ORGANISATION_YEARS = 5;

export interface PriorityFacts {
  departureCountry: string;
  region: string;
  /** Confirmed participants of the consultation so far, by region and by gender. */
  confirmedByRegion: Record<string, number>;
  confirmedByGender: Record<string, number>;
  participantGender: string;
  firstConsultation: boolean;
  foundedYear: number | null;
  currentYear: number;
  migrantLed: boolean;
  womenLed: boolean;
  youthLed: boolean;
  couldAttendWithout: boolean;
}

export interface PriorityReason {
  code: keyof typeof WEIGHTS;
  points: number;
  params?: Record<string, string | number>;
}

export interface Priority {
  score: number;
  reasons: PriorityReason[];
}

const total = (counts: Record<string, number>) =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

export function scorePriority(facts: PriorityFacts): Priority {
  const reasons: PriorityReason[] = [];
  const give = (code: keyof typeof WEIGHTS, params?: Record<string, string | number>) =>
    reasons.push({ code, points: WEIGHTS[code], params });
  const country = facts.departureCountry.toUpperCase();

  if (LEAST_DEVELOPED.has(country)) give('leastDevelopedCountry', { country });
  else if (LOW_INCOME.has(country) || LOWER_MIDDLE_INCOME.has(country))
    give('lowOrLowerMiddleIncome', { country });

  const confirmed = total(facts.confirmedByRegion);
  const regionShare = confirmed ? (facts.confirmedByRegion[facts.region] ?? 0) / confirmed : 0;
  if (regionShare < UNDER_REPRESENTED_SHARE / 5) {
    give('regionUnderRepresented', {
      region: facts.region,
      percent: Math.round(regionShare * 100),
    });
  }
  if (facts.firstConsultation) give('firstConsultation');
  if (facts.foundedYear && facts.currentYear - facts.foundedYear < YOUNG_ORGANISATION_YEARS) {
    give('youngOrganisation', { year: facts.foundedYear });
  }
  if (facts.migrantLed) give('migrantLed');
  if (facts.womenLed) give('womenLed');
  if (facts.youthLed) give('youthLed');

  const people = total(facts.confirmedByGender);
  const sameGender = facts.confirmedByGender[facts.participantGender] ?? 0;
  if (
    ['female', 'male', 'other'].includes(facts.participantGender) &&
    (people === 0 ? facts.participantGender !== 'male' : sameGender / people < 0.4)
  ) {
    give('genderBalance', { percent: people ? Math.round((sameGender / people) * 100) : 0 });
  }
  if (!facts.couldAttendWithout) give('cannotAttendWithout');

  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/** Confirmed participants of a consultation, by region and by gender. */
export interface ConfirmedTallies {
  byRegion: Record<string, number>;
  byGender: Record<string, number>;
}

/** The balance is judged among the others: the applicant's own confirmed seat does not count. */
export function amongOthers(
  tallies: ConfirmedTallies,
  region: string,
  gender: string,
  ownSeatConfirmed: boolean,
) {
  const own = ownSeatConfirmed ? 1 : 0;
  return {
    confirmedByRegion: {
      ...tallies.byRegion,
      [region]: Math.max(0, (tallies.byRegion[region] ?? 0) - own),
    },
    confirmedByGender: {
      ...tallies.byGender,
      [gender]: Math.max(0, (tallies.byGender[gender] ?? 0) - own),
    },
  };
}

/** What today's priority of an application is computed from, for one consultation. */
export interface PriorityContext {
  tallies: ConfirmedTallies;
  /** Organisations that had a participant at an earlier consultation. */
  returning: Set<string>;
  currentYear: number;
}

/** The priority of one application, from its registration, its organisation and the consultation's context. */
export function priorityOf(
  context: PriorityContext,
  application: { departureCountry: string; couldAttendWithout: boolean },
  registration: { gender: string; status: RegistrationStatus },
  organisation: {
    id: string;
    region: string;
    foundedYear: number | null;
    migrantLed: boolean;
    womenLed: boolean;
    youthLed: boolean;
  },
): Priority {
  return scorePriority({
    departureCountry: application.departureCountry,
    region: organisation.region,
    ...amongOthers(
      context.tallies,
      organisation.region,
      registration.gender,
      registration.status === RegistrationStatus.Confirmed,
    ),
    participantGender: registration.gender,
    firstConsultation: !context.returning.has(organisation.id),
    foundedYear: organisation.foundedYear,
    currentYear: context.currentYear,
    migrantLed: organisation.migrantLed,
    womenLed: organisation.womenLed,
    youthLed: organisation.youthLed,
    couldAttendWithout: application.couldAttendWithout,
  });
}

export interface PrioritySnapshots {
  /** What staff rank and read: the decision's snapshot once decided, today's score before. */
  priority: Priority;
  priorityAtSubmission: Priority | null;
  priorityToday: Priority;
}

/**
 * A decided application keeps the score its decision was based on, whatever registrations do
 * afterwards; one awaiting a decision (or never decided) is judged on today's facts.
 */
export function prioritySnapshots(
  awaitingDecision: boolean,
  recorded: { atSubmission: Priority | null; atDecision: Priority | null },
  today: Priority,
): PrioritySnapshots {
  const priority = awaitingDecision ? today : (recorded.atDecision ?? today);
  return { priority, priorityAtSubmission: recorded.atSubmission, priorityToday: today };
}

/** Review order: those awaiting a decision first, then by score, highest first; earlier first on a tie. */
export function reviewOrder(
  a: { awaitingDecision: boolean; priority: Priority; createdAt: Date },
  b: { awaitingDecision: boolean; priority: Priority; createdAt: Date },
): number {
  const waiting = (x: typeof a) => (x.awaitingDecision ? 0 : 1);
  return (
    waiting(a) - waiting(b) ||
    b.priority.score - a.priority.score ||
    a.createdAt.getTime() - b.createdAt.getTime()
  );
}
