import { fromMinor } from '../common/money';
import { Consultation } from './consultation.entity';
import { Seats } from './seats';

export function consultationView(
  consultation: Consultation,
  seats: Seats,
  registrationOpen: boolean,
) {
  return {
    id: consultation.id,
    title: consultation.title,
    theme: consultation.theme,
    description: consultation.description,
    venue: consultation.venue,
    city: consultation.city,
    country: consultation.country,
    timezone: consultation.timezone,
    startsAt: consultation.startsAt.toISOString(),
    endsAt: consultation.endsAt.toISOString(),
    registrationOpensAt: consultation.registrationOpensAt.toISOString(),
    registrationClosesAt: consultation.registrationClosesAt.toISOString(),
    registrationOpen,
    capacity: consultation.capacity,
    perOrganisationLimit: consultation.perOrganisationLimit,
    eligibility: consultation.eligibility,
    requiresApproval: consultation.requiresApproval,
    fundingBudget: {
      amount: fromMinor(consultation.fundingBudgetMinor),
      currency: consultation.fundingCurrency,
    },
    fundingDeadline: consultation.fundingDeadline?.toISOString() ?? null,
    status: consultation.status,
    seats,
    sessions: (consultation.sessions ?? []).map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    })),
  };
}
