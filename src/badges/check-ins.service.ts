import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { CheckInCodes } from '../registrations/check-in-code';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import {
  badgeCodeInvalid,
  badgeNotConfirmed,
  badgeSuperseded,
  outsideConsultationDays,
  scannedAtOutOfBounds,
} from './badges.errors';
import { checkInWindow } from './check-in-window';

/** A scan may be stamped this far ahead of the server's clock (a door device's clock drifts). */
const CLOCK_SKEW_MS = 60_000;

export interface Scan {
  code: string;
  scannedAt?: string;
  override?: boolean;
}

export interface CheckedIn {
  registration: Registration;
  organisation: Organisation;
  consultation: Consultation;
  /** When the person had already been checked in before this scan; null when this scan did it. */
  alreadyCheckedInAt: Date | null;
}

/**
 * Check-in by badge: the signature proves the code was issued, the registration's current state
 * decides (a cancelled seat, a replaced person). A repeated scan, online or replayed from a
 * door's offline queue, changes nothing and says when the person came.
 */
@Injectable()
export class CheckInsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly codes: CheckInCodes,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async scan(staff: SignedInUser, scan: Scan): Promise<CheckedIn> {
    const claims = this.codes.read(scan.code);
    if (!claims) throw badgeCodeInvalid();
    return this.transactions.run(async (manager) => {
      // The consultation first, as every registration change locks it: a cancel cannot race this.
      const consultation = await this.consultations.lock(manager, claims.consultationId);
      const registration = await manager.findOneBy(Registration, { id: claims.registrationId });
      if (!registration) throw notFound();
      if (registration.consultationId !== consultation.id) throw badgeCodeInvalid();
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (registration.participantVersion !== claims.participantVersion) throw badgeSuperseded();
      if (registration.status !== RegistrationStatus.Confirmed)
        throw badgeNotConfirmed(registration.status);
      const organisation = await manager.findOneByOrFail(Organisation, {
        id: registration.organisationId,
      });
      if (registration.checkedInAt) {
        return {
          registration,
          organisation,
          consultation,
          alreadyCheckedInAt: registration.checkedInAt,
        };
      }
      const at = this.checkInTime(consultation, scan);
      registration.checkedInAt = at;
      await manager.update(Registration, registration.id, { checkedInAt: at });
      await this.audit.record(manager, {
        actorId: staff.id,
        action: 'registration.checked_in',
        entity: 'registration',
        entityId: registration.id,
        details: {
          status: registration.status,
          via: 'badge',
          participantVersion: registration.participantVersion,
          ...(scan.scannedAt ? { scannedAt: at.toISOString() } : {}),
          ...(scan.override ? { override: true } : {}),
        },
      });
      return { registration, organisation, consultation, alreadyCheckedInAt: null };
    });
  }

  /** The scan's own time (bounded) or now; outside the consultation's days ±1 only with override. */
  private checkInTime(consultation: Consultation, scan: Scan): Date {
    const now = this.clock.now();
    const window = checkInWindow(consultation);
    let at = now;
    if (scan.scannedAt) {
      at = new Date(scan.scannedAt);
      if (Number.isNaN(at.getTime())) throw scannedAtOutOfBounds();
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS || at < window.from)
        throw scannedAtOutOfBounds();
      if (at > now) at = now;
    }
    if ((at < window.from || at >= window.until) && !scan.override) throw outsideConsultationDays();
    return at;
  }
}
