import { CreateConsultationDto } from '../../src/consultations/dto/consultation.dto';
import { Eligibility } from '../../src/consultations/consultation.entity';
import { ParticipantDto } from '../../src/registrations/dto/registration.dto';
import { GENDERS } from '../../src/registrations/registration.entity';
import { TestApp } from './test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A consultation body valid for the API, open for registration now; any field can be overridden. */
export function consultationFactory(
  overrides: Partial<CreateConsultationDto> = {},
): CreateConsultationDto {
  const now = Date.now();
  const starts = new Date(now + 90 * DAY);
  return {
    title: 'Migrants and Development',
    theme: 'Integrating migration into the post-2015 development agenda',
    description: 'The annual consultation with civil society.',
    venue: 'IOM Headquarters, 17 route des Morillons',
    city: 'Geneva',
    country: 'CH',
    timezone: 'Europe/Zurich',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 8 * HOUR).toISOString(),
    registrationOpensAt: new Date(now - DAY).toISOString(),
    registrationClosesAt: new Date(now + 60 * DAY).toISOString(),
    capacity: 10,
    perOrganisationLimit: 100,
    eligibility: Eligibility.Open,
    requiresApproval: false,
    fundingBudget: { amount: '20000.00', currency: 'USD' },
    fundingDeadline: new Date(now + 30 * DAY).toISOString(),
    sessions: [
      {
        title: "Migrants' rights",
        startsAt: new Date(starts.getTime() + HOUR).toISOString(),
        endsAt: new Date(starts.getTime() + 2 * HOUR).toISOString(),
      },
    ],
    ...overrides,
  };
}

/** Creates and publishes a consultation through the API as `adminToken`. */
export async function publishedConsultation(
  t: TestApp,
  adminToken: string,
  overrides: Partial<CreateConsultationDto> = {},
) {
  const created = await t
    .http()
    .post('/api/v1/consultations')
    .set('Authorization', `Bearer ${adminToken}`)
    .send(consultationFactory(overrides))
    .expect(201);
  await t
    .http()
    .post(`/api/v1/consultations/${created.body.id}/publish`)
    .set('Authorization', `Bearer ${adminToken}`)
    .expect(200);
  return created.body as { id: string; title: string };
}

let participantSequence = 0;

/** A participant valid for the API; any field can be overridden. */
export function participant(overrides: Partial<ParticipantDto> = {}): ParticipantDto {
  participantSequence++;
  return {
    name: `Participant ${participantSequence}`,
    email: `participant-${participantSequence}-${Date.now().toString(36)}@example.org`,
    position: 'Programme officer',
    gender: GENDERS[participantSequence % 4],
    nationality: 'SN',
    needsVisaLetter: participantSequence % 2 === 0,
    publishConsent: true,
    ...overrides,
  };
}
