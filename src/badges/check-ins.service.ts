import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { DataSource, IsNull } from 'typeorm';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { CheckInClaims, CheckInCodes } from '../registrations/check-in-code';
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
    private readonly dataSource: DataSource,
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
    const found = await this.dataSource.manager.findOne(Registration, {
      where: { id: claims.registrationId },
      relations: { consultation: true, organisation: true },
    });
    if (!found?.consultation || !found.organisation) throw notFound();
    if (found.consultationId !== claims.consultationId) throw badgeCodeInvalid();
    await this.organisations.assertImpartial(this.dataSource.manager, staff, found.organisationId);
    assertCurrent(found, claims);
    const { consultation, organisation } = found;
    if (found.checkedInAt) {
      return {
        registration: found,
        organisation,
        consultation,
        alreadyCheckedInAt: found.checkedInAt,
      };
    }
    const at = this.checkInTime(consultation, scan);
    if (await this.record(staff, found, at, scan)) {
      found.checkedInAt = at;
      return { registration: found, organisation, consultation, alreadyCheckedInAt: null };
    }
    // Changed since it was read: another door scanned it first, or it was cancelled or substituted.
    const now = await this.dataSource.manager.findOneByOrFail(Registration, { id: found.id });
    assertCurrent(now, claims);
    return { registration: now, organisation, consultation, alreadyCheckedInAt: now.checkedInAt };
  }

  /**
   * Sets checkedInAt if the registration is still confirmed, for this participant and not checked
   * in, with its audit row; false when it no longer is. The consultation is locked first, as every
   * registration change locks it, so a cancellation cannot slip between.
   */
  private async record(staff: SignedInUser, registration: Registration, at: Date, scan: Scan) {
    return this.transactions.run(async (manager) => {
      await this.consultations.lock(manager, registration.consultationId);
      const { affected } = await manager
        .createQueryBuilder()
        .update(Registration)
        .set({ checkedInAt: at })
        .where({
          id: registration.id,
          status: RegistrationStatus.Confirmed,
          participantVersion: registration.participantVersion,
          checkedInAt: IsNull(),
        })
        .execute();
      if (!affected) return false;
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
      return true;
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

/** The code's participant is the registration's current one, and the seat is confirmed. */
function assertCurrent(registration: Registration, claims: CheckInClaims): void {
  if (registration.participantVersion !== claims.participantVersion) throw badgeSuperseded();
  if (registration.status !== RegistrationStatus.Confirmed)
    throw badgeNotConfirmed(registration.status);
}
