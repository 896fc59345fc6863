import { Injectable } from '@nestjs/common';
import { EntityManager, In, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainEvents } from '../common/domain-events';
import { invalidTransition } from '../common/domain-error';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { isUniqueViolation } from '../database/errors';
import { OrganisationsService } from '../organisations/organisations.service';
import { ParticipantChangesDto, ParticipantDto } from './dto/registration.dto';
import { newParticipantToken } from './participant-links';
import {
  ACTIVE_STATUSES,
  PendingSubstitute,
  Registration,
  RegistrationStatus,
} from './registration.entity';
import { ParticipantSubstituted } from './registration.events';
import { RegistrationSteps } from './registration.steps';
import {
  alreadyRegistered,
  consentIsTheParticipants,
  emailIsSubstitution,
  modificationDeadlinePassed,
  reasonRequired,
  sameParticipant,
} from './registrations.errors';
import { SeatLedger } from './seat-ledger';
import { SubstitutionNotices } from './substitution.notices';

/** The participant's details a PATCH may change, by the DTO's name and the entity's. */
const DETAILS = [
  ['name', 'participantName'],
  ['position', 'position'],
  ['gender', 'gender'],
  ['nationality', 'nationality'],
  ['accessibilityNeeds', 'accessibilityNeeds'],
  ['dietaryNeeds', 'dietaryNeeds'],
  ['needsVisaLetter', 'needsVisaLetter'],
] as const;

/** What a substitution or a decision answers: the registration and whether the swap waits. */
export interface Substitution {
  registration: Registration;
  requested: boolean;
}

/**
 * Changing a registration after it was made: a participant's details, the participant
 * themselves (a substitution: same status, seat, waiting-list place and count; a request when
 * the consultation requires approval), and staff's after-the-fact corrections (no-show, an
 * undone check-in). Each in one transaction with the consultation locked, as every registration
 * use case.
 */
@Injectable()
export class RegistrationChanges {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly steps: RegistrationSteps,
    private readonly ledger: SeatLedger,
    private readonly notices: SubstitutionNotices,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** Edits the participant's details (never the email) before the modification deadline. */
  async edit(viewer: SignedInUser, id: string, changes: ParticipantChangesDto) {
    return this.steps.change(id, viewer, async (manager, registration, consultation) => {
      await this.steps.assertOwnOrStaff(manager, viewer, registration);
      if (changes.email !== undefined && changes.email !== registration.participantEmail)
        throw emailIsSubstitution();
      // Consent is given at registration; after that only the participant changes it, from their link.
      if (
        changes.publishConsent !== undefined &&
        changes.publishConsent !== registration.publishConsent
      )
        throw consentIsTheParticipants();
      this.assertModifiable(registration, consultation);
      const fields: string[] = [];
      for (const [from, to] of DETAILS) {
        const value = changes[from];
        if (value === undefined || value === registration[to]) continue;
        (registration as unknown as Record<string, unknown>)[to] = value;
        fields.push(from);
      }
      await this.steps.record(manager, registration, viewer, 'registration.edited', {
        fields,
        participantVersion: registration.participantVersion,
      });
    });
  }

  /**
   * Replaces the participant. When the consultation requires approval and the one asking is not
   * staff, the new person is kept as a request and the current participant keeps the seat.
   */
  async substitute(viewer: SignedInUser, id: string, person: ParticipantDto) {
    let requested = false;
    const registration = await this.unique(() =>
      this.steps.change(id, viewer, async (manager, registration, consultation) => {
        await this.steps.assertOwnOrStaff(manager, viewer, registration);
        this.assertModifiable(registration, consultation);
        await this.assertNewPerson(manager, registration, person.email);
        const pending = pendingOf(person, viewer, this.clock.now());
        if (
          consultation.requiresApproval &&
          !(await this.decidesFor(manager, viewer, registration))
        ) {
          requested = true;
          registration.pendingSubstitute = pending;
          await this.steps.record(
            manager,
            registration,
            viewer,
            'registration.substitution_requested',
            {
              participantVersion: registration.participantVersion,
            },
          );
          await this.notices.requested(manager, registration, consultation);
          return;
        }
        await this.swap(manager, registration, consultation, pending, viewer);
      }),
    );
    return { registration, requested } satisfies Substitution;
  }

  /** A reviewer approves (the swap happens now) or declines (nothing changes) a requested substitution. */
  async decideSubstitution(
    reviewer: SignedInUser,
    id: string,
    decision: 'approve' | 'decline',
    reason = '',
  ) {
    return this.unique(() =>
      this.steps.change(id, reviewer, async (manager, registration, consultation) => {
        await this.organisations.assertImpartial(manager, reviewer, registration.organisationId);
        const pending = registration.pendingSubstitute;
        if (!pending || !this.isActive(registration)) throw invalidTransition();
        if (decision === 'decline') {
          if (!reason.trim()) throw reasonRequired();
          registration.pendingSubstitute = null;
          await this.steps.record(
            manager,
            registration,
            reviewer,
            'registration.substitution_declined',
            {
              participantVersion: registration.participantVersion,
              reason,
            },
          );
          await this.notices.declined(manager, registration, consultation, pending, reason);
          return;
        }
        await this.assertNewPerson(manager, registration, pending.participantEmail);
        await this.swap(manager, registration, consultation, pending, reviewer, reason);
      }),
    );
  }

  /** Staff mark a confirmed participant who did not come, after the consultation; nothing is offered. */
  async noShow(staff: SignedInUser, id: string, reason: string) {
    return this.steps.change(id, staff, async (manager, registration, consultation) => {
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (
        registration.status !== RegistrationStatus.Confirmed ||
        registration.checkedInAt ||
        this.clock.now() < consultation.endsAt
      )
        throw invalidTransition();
      // A no-show frees nothing (DESIGN.md): the seat stays counted as the confirmed one it was.
      registration.status = RegistrationStatus.NoShow;
      await this.steps.record(manager, registration, staff, 'registration.no_show', { reason });
    });
  }

  /** Staff take back a check-in made by mistake; the reason stays in the audit log. */
  async undoCheckIn(staff: SignedInUser, id: string, reason: string) {
    return this.steps.change(id, staff, async (manager, registration) => {
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (registration.status !== RegistrationStatus.Confirmed || !registration.checkedInAt)
        throw invalidTransition();
      registration.checkedInAt = null;
      await this.steps.record(manager, registration, staff, 'registration.check_in_undone', {
        reason,
      });
    });
  }

  /**
   * The swap itself: the new person takes the seat as it is (status, seat, waiting-list place),
   * under a new participant version and a new link; the old link stops working at once.
   */
  private async swap(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    person: PendingSubstitute,
    actor: SignedInUser,
    reason = '',
  ): Promise<void> {
    const previous = {
      name: registration.participantName,
      email: registration.participantEmail,
      version: registration.participantVersion,
    };
    const { token, hash } = newParticipantToken();
    Object.assign(registration, {
      participantName: person.participantName,
      participantEmail: person.participantEmail,
      position: person.position,
      gender: person.gender,
      nationality: person.nationality,
      accessibilityNeeds: person.accessibilityNeeds,
      dietaryNeeds: person.dietaryNeeds,
      needsVisaLetter: person.needsVisaLetter,
      publishConsent: person.publishConsent,
      participantVersion: previous.version + 1,
      participantTokenHash: hash,
      pendingSubstitute: null,
    });
    await this.steps.record(manager, registration, actor, 'registration.substituted', {
      fromVersion: previous.version,
      toVersion: registration.participantVersion,
      requestedById: person.requestedById,
      ...(reason ? { reason } : {}),
    });
    await this.events.publish(
      new ParticipantSubstituted(manager, registration, previous, actor.id),
    );
    await this.notices.swapped(manager, registration, consultation, previous, token);
  }

  /** Staff of another organisation are the reviewers: their substitution needs no request. */
  private async decidesFor(
    manager: EntityManager,
    viewer: SignedInUser,
    registration: Registration,
  ): Promise<boolean> {
    return (
      isStaff(viewer) &&
      !(await this.organisations.membership(manager, viewer.id, registration.organisationId))
    );
  }

  private isActive(registration: Registration): boolean {
    return ACTIVE_STATUSES.includes(registration.status) && !registration.checkedInAt;
  }

  /** Active, not yet at the door, and before the consultation's modification deadline. */
  private assertModifiable(registration: Registration, consultation: Consultation): void {
    if (!this.isActive(registration) || consultation.status !== ConsultationStatus.Published)
      throw invalidTransition();
    const deadline = consultation.modificationDeadline ?? consultation.registrationClosesAt;
    if (this.clock.now() >= deadline) throw modificationDeadlinePassed();
  }

  /** The new person is someone else, and holds no active registration for this consultation. */
  private async assertNewPerson(
    manager: EntityManager,
    registration: Registration,
    email: string,
  ): Promise<void> {
    if (email === registration.participantEmail) throw sameParticipant();
    const taken = await manager.existsBy(Registration, {
      consultationId: registration.consultationId,
      participantEmail: email,
      status: In(ACTIVE_STATUSES),
      id: Not(registration.id),
    });
    if (taken) throw alreadyRegistered();
  }

  /** The partial unique index on active emails has the last word against a racing registration. */
  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyRegistered();
      throw error;
    }
  }
}

function pendingOf(person: ParticipantDto, by: SignedInUser, at: Date): PendingSubstitute {
  return {
    participantName: person.name,
    participantEmail: person.email,
    position: person.position ?? '',
    gender: person.gender,
    nationality: person.nationality,
    accessibilityNeeds: person.accessibilityNeeds ?? '',
    dietaryNeeds: person.dietaryNeeds ?? '',
    needsVisaLetter: person.needsVisaLetter ?? false,
    publishConsent: person.publishConsent ?? false,
    requestedById: by.id,
    requestedAt: at.toISOString(),
  };
}
