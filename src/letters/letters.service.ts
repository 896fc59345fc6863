import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { OnDomainEvent } from '../common/domain-events';
import { forbidden, InvalidInputError, notFound } from '../common/domain-error';
import { FieldCipher } from '../common/field-cipher';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { lettersConfig } from '../config';
import { Consultation } from '../consultations/consultation.entity';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { OrganisationsService } from '../organisations/organisations.service';
import { findByParticipantToken } from '../registrations/participant-links';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { ParticipantSubstituted, RegistrationEnded } from '../registrations/registration.events';
import { LetterRequestDto } from './dto/letter.dto';
import { LetterRequest, LetterStatus } from './letter-request.entity';
import { letterNotInStatus, letterNotNeeded, registrationNotConfirmed } from './letters.errors';
import { LetterEvent, LetterNotices } from './letters.notices';
import {
  CIPHER_CONTEXT,
  codeHash,
  dayIn,
  newVerificationCode,
  travelProblems,
} from './letters.rules';

/** Who asks: a member of the registration's organisation, or the participant through their link. */
export type Requester = { user: SignedInUser } | { token: string };

/**
 * Visa letter use cases, each in one transaction that locks the registration row first, so a
 * request, a decision and the registration's end (cancelled, substituted) happen one after the
 * other. Audit details never carry passport data; mail carries ids only.
 */
@Injectable()
export class LettersService {
  constructor(
    @Inject(lettersConfig.KEY) private readonly config: ConfigType<typeof lettersConfig>,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly cipher: FieldCipher,
    private readonly notices: LetterNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Asks for the letter, or corrects the request: a request awaiting a decision is updated; after
   * an issued letter a corrected request is new, and issuing it revokes the old letter.
   */
  async request(
    requester: Requester,
    registrationId: string | null,
    input: LetterRequestDto,
  ): Promise<LetterRequest> {
    return this.transactions.run(async (manager) => {
      const found = await this.requestedRegistration(manager, requester, registrationId);
      const registration = await lockById(manager, Registration, found.id);
      if (registration.status !== RegistrationStatus.Confirmed) throw registrationNotConfirmed();
      if (!registration.needsVisaLetter) throw letterNotNeeded();
      const consultation = await manager.findOneByOrFail(Consultation, {
        id: registration.consultationId,
      });
      const today = dayIn(this.clock.now(), consultation.timezone);
      const problems = travelProblems(input, consultation, this.config, today);
      if (Object.keys(problems).length) throw new InvalidInputError(problems);
      const latest = await this.latest(manager, registration);
      const actorId = 'user' in requester ? requester.user.id : null;
      const fields = this.storedFields(input);
      let letter: LetterRequest;
      if (latest?.status === LetterStatus.Requested) {
        await manager.update(LetterRequest, latest.id, fields);
        letter = await manager.findOneByOrFail(LetterRequest, { id: latest.id });
      } else {
        letter = await manager.save(
          manager.create(LetterRequest, {
            ...fields,
            registrationId: registration.id,
            consultationId: registration.consultationId,
            organisationId: registration.organisationId,
            participantVersion: registration.participantVersion,
            requestedById: actorId,
            status: LetterStatus.Requested,
            previousId: latest?.status === LetterStatus.Issued ? latest.id : null,
          }),
        );
      }
      await this.audit.record(manager, {
        actorId,
        action: latest?.status === LetterStatus.Requested ? 'letter.corrected' : 'letter.requested',
        entity: 'letter_request',
        entityId: letter.id,
        details: {
          by: actorId ? 'member' : 'participant',
          consulateCountry: input.consulateCountry,
        },
      });
      return letter;
    });
  }

  /** The registration a requester may ask for: 404 for anyone else, 403 for staff outside it. */
  private async requestedRegistration(
    manager: EntityManager,
    requester: Requester,
    registrationId: string | null,
  ): Promise<Registration> {
    if ('token' in requester) {
      const registration = await findByParticipantToken(manager, requester.token, this.clock.now());
      if (!registration) throw notFound();
      return registration;
    }
    const registration = registrationId
      ? await manager.findOneBy(Registration, { id: registrationId })
      : null;
    if (!registration) throw notFound();
    if (
      !(await this.organisations.membership(
        manager,
        requester.user.id,
        registration.organisationId,
      ))
    )
      throw isStaff(requester.user) ? forbidden() : notFound();
    return registration;
  }

  private storedFields(input: LetterRequestDto): Partial<LetterRequest> {
    return {
      passportName: input.passportName,
      dateOfBirth: this.cipher.encrypt(input.dateOfBirth, CIPHER_CONTEXT.dateOfBirth),
      passportNumber: this.cipher.encrypt(input.passportNumber, CIPHER_CONTEXT.passportNumber),
      nationality: input.nationality,
      passportExpiry: input.passportExpiry,
      consulateCity: input.consulateCity,
      consulateCountry: input.consulateCountry,
      arrivalDate: input.arrivalDate,
      departureDate: input.departureDate,
    };
  }

  /** The newest letter row of the registration's current participant. */
  async latest(manager: EntityManager, registration: Registration): Promise<LetterRequest | null> {
    return manager.findOne(LetterRequest, {
      where: {
        registrationId: registration.id,
        participantVersion: registration.participantVersion,
      },
      order: { createdAt: 'DESC' },
    });
  }

  /** Issues (with a new verification code) or declines (with a reason) a request; never for one's own organisation. */
  async decide(
    reviewer: SignedInUser,
    id: string,
    decision: 'issue' | 'decline',
    reason = '',
  ): Promise<LetterRequest> {
    if (decision === 'decline' && !reason.trim())
      throw new InvalidInputError({ reason: ['errors.reason_required'] });
    return this.staffChange(
      reviewer,
      id,
      LetterStatus.Requested,
      async (manager, letter, registration) => {
        if (decision === 'decline') {
          await this.move(manager, letter, reviewer.id, { status: LetterStatus.Declined, reason });
          return { letter, event: 'declined' as const, details: { reason } };
        }
        if (
          registration.status !== RegistrationStatus.Confirmed ||
          !registration.needsVisaLetter ||
          registration.participantVersion !== letter.participantVersion
        )
          throw registrationNotConfirmed();
        await this.issue(manager, letter, reviewer.id);
        if (letter.previousId)
          await this.revokeIfIssued(manager, letter.previousId, reviewer.id, 'replaced');
        return { letter, event: 'issued' as const, details: {} };
      },
    );
  }

  /** Staff withdraw an issued letter: its code verifies as revoked from now on. */
  async revoke(staff: SignedInUser, id: string, reason: string): Promise<LetterRequest> {
    return this.staffChange(staff, id, LetterStatus.Issued, async (manager, letter) => {
      await this.move(manager, letter, staff.id, { status: LetterStatus.Revoked, reason });
      return { letter, event: 'revoked' as const, details: { reason } };
    });
  }

  /** A new letter with a new code for the same request (after a correction); the old one is revoked. */
  async regenerate(staff: SignedInUser, id: string): Promise<LetterRequest> {
    return this.staffChange(staff, id, LetterStatus.Issued, async (manager, old) => {
      await this.move(manager, old, staff.id, {
        status: LetterStatus.Revoked,
        reason: 'regenerated',
      });
      const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = old;
      const letter = await manager.save(
        manager.create(LetterRequest, {
          ...copy,
          verificationCodeHash: null,
          verificationCode: null,
          previousId: old.id,
          reason: '',
          revokedAt: null,
        }),
      );
      await this.issue(manager, letter, staff.id);
      return { letter, event: 'issued' as const, details: { previousId: old.id } };
    });
  }

  /** One staff decision, in order: find, check impartiality, lock, check the status, change, record, tell. */
  private async staffChange(
    staff: SignedInUser,
    id: string,
    from: LetterStatus,
    change: (
      manager: EntityManager,
      letter: LetterRequest,
      registration: Registration,
    ) => Promise<{ letter: LetterRequest; event: LetterEvent; details: Record<string, unknown> }>,
  ): Promise<LetterRequest> {
    return this.transactions.run(async (manager) => {
      const found = await manager.findOneBy(LetterRequest, { id });
      if (!found) throw notFound();
      await this.organisations.assertImpartial(manager, staff, found.organisationId);
      const registration = await lockById(manager, Registration, found.registrationId);
      const current = await manager.findOneByOrFail(LetterRequest, { id });
      if (current.status !== from) throw letterNotInStatus(current.status);
      const { letter, event, details } = await change(manager, current, registration);
      const saved = await manager.findOneByOrFail(LetterRequest, { id: letter.id });
      await this.audit.record(manager, {
        actorId: staff.id,
        action: `letter.${event === 'issued' && letter.id !== id ? 'regenerated' : event}`,
        entity: 'letter_request',
        entityId: saved.id,
        details,
      });
      const consultation = await manager.findOneByOrFail(Consultation, {
        id: registration.consultationId,
      });
      await this.notices.tell(manager, saved, registration, consultation, event);
      return saved;
    });
  }

  private async issue(
    manager: EntityManager,
    letter: LetterRequest,
    actorId: string,
  ): Promise<void> {
    const code = newVerificationCode();
    const now = this.clock.now();
    await manager.update(LetterRequest, letter.id, {
      status: LetterStatus.Issued,
      verificationCodeHash: codeHash(code),
      verificationCode: this.cipher.encrypt(code, CIPHER_CONTEXT.verificationCode),
      issuedAt: now,
      decidedById: actorId,
      decidedAt: now,
    });
  }

  private async move(
    manager: EntityManager,
    letter: LetterRequest,
    actorId: string | null,
    changes: { status: LetterStatus.Declined | LetterStatus.Revoked; reason: string },
  ): Promise<void> {
    const now = this.clock.now();
    await manager.update(LetterRequest, letter.id, {
      ...changes,
      ...(changes.status === LetterStatus.Revoked
        ? { revokedAt: now }
        : { decidedAt: now, decidedById: actorId }),
    });
  }

  private async revokeIfIssued(
    manager: EntityManager,
    id: string,
    actorId: string | null,
    reason: string,
  ): Promise<void> {
    const letter = await manager.findOneBy(LetterRequest, { id });
    if (letter?.status !== LetterStatus.Issued) return;
    await this.move(manager, letter, actorId, { status: LetterStatus.Revoked, reason });
    await this.audit.record(manager, {
      actorId,
      action: 'letter.revoked',
      entity: 'letter_request',
      entityId: id,
      details: { reason },
    });
  }

  /** Cancelled, rejected, expired or its consultation cancelled: its letters end with it. */
  @OnDomainEvent(RegistrationEnded)
  async registrationEnded({ manager, registration, actorId }: RegistrationEnded) {
    await this.endLetters(manager, registration.id, actorId, 'registration_ended');
  }

  /** The person was replaced: the old person's letter is no invitation for the new one. */
  @OnDomainEvent(ParticipantSubstituted)
  async participantSubstituted({ manager, registration, actorId }: ParticipantSubstituted) {
    await this.endLetters(manager, registration.id, actorId, 'participant_substituted');
  }

  private async endLetters(
    manager: EntityManager,
    registrationId: string,
    actorId: string | null,
    reason: string,
  ): Promise<void> {
    const open = await manager.find(LetterRequest, { where: { registrationId } });
    for (const letter of open) {
      if (letter.status === LetterStatus.Issued) {
        await this.revokeIfIssued(manager, letter.id, actorId, reason);
      } else if (letter.status === LetterStatus.Requested) {
        await this.move(manager, letter, actorId, { status: LetterStatus.Declined, reason });
        await this.audit.record(manager, {
          actorId,
          action: 'letter.declined',
          entity: 'letter_request',
          entityId: letter.id,
          details: { reason },
        });
      }
    }
  }
}
