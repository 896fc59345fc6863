import { Registration } from './registration.entity';

export function registrationView(registration: Registration, waitlistPosition: number | null) {
  return {
    id: registration.id,
    consultationId: registration.consultationId,
    organisationId: registration.organisationId,
    registeredById: registration.registeredById,
    participant: {
      name: registration.participantName,
      email: registration.participantEmail,
      position: registration.position,
      gender: registration.gender,
      nationality: registration.nationality,
      accessibilityNeeds: registration.accessibilityNeeds,
      dietaryNeeds: registration.dietaryNeeds,
      needsVisaLetter: registration.needsVisaLetter,
      publishConsent: registration.publishConsent,
    },
    status: registration.status,
    waitlistPosition,
    offerExpiresAt: registration.offerExpiresAt?.toISOString() ?? null,
    checkedInAt: registration.checkedInAt?.toISOString() ?? null,
    createdAt: registration.createdAt.toISOString(),
  };
}
