import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import {
  Consultation,
  ConsultationStatus,
  Eligibility,
} from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { isUniqueViolation } from '../database/errors';
import { insertEntity, selectEntity, selectRow } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { RegisterDto } from './dto/registration.dto';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';
import { newParticipantToken } from './participant-links';
import { RegistrationCounters } from './registration-counters';
import { RegistrationNotices } from './registration.notices';
import { RegistrationQueries } from './registration.queries';
import {
  alreadyRegistered,
  notEligible,
  organisationLimitReached,
  registrationClosed,
} from './registrations.errors';
import { SeatLedger } from './seat-ledger';

/** A new registration and, when it waits for a seat, its 1-based place on the waiting list. */
export interface Registered {
  registration: Registration;
  waitlistPosition: number | null;
}

type Registrant = Pick<Organisation, 'id' | 'name' | 'observerStatus'>;

interface Facts {
  organisation: Registrant | null;
  emailTaken: boolean;
}

const ACTIVE = `(${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The statements of the registration rush, in plain SQL (see database/raw-sql.ts). The active
 * statuses are written out, not bound, so SQLite can use the partial unique index on them.
 */
const SQL = {
  // Only the columns the rules and the mail need, as the bench baseline reads them.
  organisation: 'SELECT id, name, "observerStatus" FROM organisations WHERE id = ?',
  activeForEmail: `SELECT 1 AS n FROM registrations
    WHERE "consultationId" = ? AND "participantEmail" = ? AND status IN ${ACTIVE} LIMIT 1`,
} as const;

/**
 * Registering a participant: the rules of eligibility, one active registration per email and the
 * per-organisation limit, then a seat, the approval queue or the waiting list. A form submitted
 * twice (same `submissionId`) answers the first registration.
 */
@Injectable()
export class RegistrationIntake {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly queries: RegistrationQueries,
    private readonly ledger: SeatLedger,
    private readonly counters: RegistrationCounters,
    private readonly notices: RegistrationNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly links: Links,
  ) {}

  async register(
    viewer: SignedInUser,
    consultationId: string,
    input: RegisterDto,
  ): Promise<Registered> {
    const outside = this.dataSource.manager;
    if (!(await this.organisations.membership(outside, viewer.id, input.organisationId)))
      throw notFound();
    const earlier = await this.earlier(outside, input);
    if (earlier) return this.sameSubmission(outside, earlier, viewer);
    try {
      return await this.transactions.run(async (manager) => {
        // Reads that need no lock come first, so the consultation row (locked on PostgreSQL)
        // is held only for the statements that change something; the unique indexes on
        // `submissionId` and on an active email settle what a concurrent request changed since.
        const earlier = await this.earlier(manager, input);
        if (earlier) return this.sameSubmission(manager, earlier, viewer);
        const facts = await this.facts(manager, consultationId, input);
        const consultation = await this.consultations.lock(manager, consultationId);
        const organisation = await this.admissible(manager, consultation, facts);
        return this.admit(manager, viewer, consultation, organisation, input);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const earlier = await this.earlier(outside, input);
      if (earlier) return this.sameSubmission(outside, earlier, viewer);
      throw alreadyRegistered();
    }
  }

  private async earlier(manager: EntityManager, input: RegisterDto): Promise<Registration | null> {
    return input.submissionId ? this.queries.bySubmission(manager, input.submissionId) : null;
  }

  private async sameSubmission(
    manager: EntityManager,
    earlier: Registration,
    viewer: SignedInUser,
  ): Promise<Registered> {
    if (earlier.registeredById !== viewer.id) throw alreadyRegistered();
    return {
      registration: earlier,
      waitlistPosition: await this.queries.waitlistPlace(manager, earlier),
    };
  }

  /** What the rules read besides the consultation: the organisation, and the email's use. */
  private async facts(
    manager: EntityManager,
    consultationId: string,
    input: RegisterDto,
  ): Promise<Facts> {
    const organisation: Registrant | null = await selectEntity(
      manager,
      Organisation,
      SQL.organisation,
      [input.organisationId],
    );
    const email = input.participant.email;
    const emailTaken = Boolean(
      await selectRow(manager, SQL.activeForEmail, [consultationId, email]),
    );
    return { organisation, emailTaken };
  }

  /** The rules a registration must pass before it takes anything; answers the organisation. */
  private async admissible(
    manager: EntityManager,
    consultation: Consultation,
    { organisation, emailTaken }: Facts,
  ): Promise<Registrant> {
    if (consultation.status === ConsultationStatus.Draft) throw notFound();
    if (!this.consultations.isRegistrationOpen(consultation)) throw registrationClosed();
    if (!organisation) throw notFound();
    if (
      consultation.eligibility === Eligibility.ObserversOnly &&
      organisation.observerStatus !== ObserverStatus.Observer
    )
      throw notEligible();
    if (emailTaken) throw alreadyRegistered();
    const limit = consultation.perOrganisationLimit;
    if (!(await this.counters.claimPlace(manager, consultation.id, organisation.id, limit)))
      throw organisationLimitReached(limit);
    return organisation;
  }

  /** Pending when approval is required, else a seat if one is free, else the waiting list. */
  private async admit(
    manager: EntityManager,
    viewer: SignedInUser,
    consultation: Consultation,
    organisation: Registrant,
    input: RegisterDto,
  ): Promise<Registered> {
    let status = RegistrationStatus.Pending;
    if (!consultation.requiresApproval) {
      status = (await this.ledger.claim(manager, consultation.id, 'seatsConfirmed'))
        ? RegistrationStatus.Confirmed
        : RegistrationStatus.Waitlisted;
    }
    const queued =
      status === RegistrationStatus.Waitlisted
        ? await this.counters.joinWaitlist(manager, consultation.id)
        : null;
    const link = newParticipantToken();
    // Inserted without reading it back: the id and times are set here.
    const registration = manager.create(Registration, {
      ...newRegistration(input, this.clock.now()),
      consultationId: consultation.id,
      organisationId: organisation.id,
      registeredById: viewer.id,
      status,
      waitlistSeq: queued?.seq ?? null,
      participantTokenHash: link.hash,
    });
    await insertEntity(manager, Registration, registration);
    await this.audit.record(manager, {
      actorId: viewer.id,
      action: 'registration.created',
      entity: 'registration',
      entityId: registration.id,
      details: { consultationId: consultation.id, organisationId: organisation.id, status },
    });
    const waitlistPosition = queued?.place ?? null;
    await this.notices.tell(
      manager,
      registration,
      consultation,
      organisation,
      undefined,
      undefined,
      undefined,
      this.links.to('/my-registration', { token: link.token }),
      waitlistPosition,
    );
    return { registration, waitlistPosition };
  }
}

/** A new registration's own fields: its participant as entered, and nothing decided yet. */
function newRegistration(input: RegisterDto, now: Date) {
  const p = input.participant;
  return {
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    participantName: p.name,
    participantEmail: p.email,
    position: p.position ?? '',
    gender: p.gender,
    nationality: p.nationality,
    accessibilityNeeds: p.accessibilityNeeds ?? '',
    dietaryNeeds: p.dietaryNeeds ?? '',
    needsVisaLetter: p.needsVisaLetter ?? false,
    publishConsent: p.publishConsent ?? false,
    offerExpiresAt: null,
    checkedInAt: null,
    submissionId: input.submissionId ?? null,
    participantVersion: 1,
    pendingSubstitute: null,
  };
}
