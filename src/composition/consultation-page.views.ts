import { Locale } from '../common/roles';
import { FollowUpQueries } from '../follow-up/follow-up.queries';
import { actionPointModel } from '../follow-up/follow-up.views';

type FollowUp = Awaited<ReturnType<FollowUpQueries['followUpOf']>>;

/** "Follow-up from <year>": earlier years' open points by year, then the consultation's own. */
export function consultationFollowUp(followUp: FollowUp, locale: Locale) {
  const years = new Map<number, ReturnType<typeof actionPointModel>[]>();
  for (const p of followUp.earlier) {
    if (!years.has(p.year)) years.set(p.year, []);
    years.get(p.year)!.push(actionPointModel(p, followUp.records, locale));
  }
  return {
    followUpYears: [...years.entries()].map(([year, points]) => ({ year: String(year), points })),
    ownActionPoints: followUp.own.map((p) => actionPointModel(p, followUp.records, locale)),
  };
}
