import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { appConfig } from '../config';
import { Consultation } from '../consultations/consultation.entity';
import { execute } from '../database/raw-sql';
import { MailKind } from '../mail/outbox-message.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Registration, RegistrationStatus } from './registration.entity';
import { RegistrationNotices } from './registration.notices';
import { RegistrationCounters } from './registration-counters';

/** The two seat counters on the consultation row. */
export type Seat = 'seatsConfirmed' | 'seatsOffered';

/** The seat a registration in this status holds, if any. */
export function seatHeld(status: RegistrationStatus): Seat | null {
  if (status === RegistrationStatus.Confirmed) return 'seatsConfirmed';
  if (status === RegistrationStatus.Offered) return 'seatsOffered';
  return null;
}

/** When an offer made `now` lapses. */
export function offerDeadline(now: Date, offerHours: number): Date {
  return new Date(now.getTime() + offerHours * 3_600_000);
}

const SQL = {
  claim: {
    seatsConfirmed: `UPDATE consultations SET "seatsConfirmed" = "seatsConfirmed" + 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsConfirmed" + "seatsOffered" < capacity`,
    seatsOffered: `UPDATE consultations SET "seatsOffered" = "seatsOffered" + 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsConfirmed" + "seatsOffered" < capacity`,
  },
  release: {
    seatsConfirmed: `UPDATE consultations SET "seatsConfirmed" = "seatsConfirmed" - 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsConfirmed" > 0`,
    seatsOffered: `UPDATE consultations SET "seatsOffered" = "seatsOffered" - 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsOffered" > 0`,
  },
} as const;

/**
 * The seats of a consultation. They are two counters on the consultation row, changed only by
 * conditional updates in the transaction that changes the registration, so
 * `confirmed + offered ≤ capacity` holds at every instant (the schema checks it too). Callers lock
 * the consultation row first, which also serialises the waiting-list order.
 */
@Injectable()
export class SeatLedger {
  constructor(
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly audit: AuditService,
    private readonly notices: RegistrationNotices,
    private readonly counters: RegistrationCounters,
    private readonly clock: Clock,
  ) {}

  /** Takes a seat if one is free: a conditional update, never count-then-insert. */
  async claim(manager: EntityManager, consultationId: string, seat: Seat): Promise<boolean> {
    return (await execute(manager, SQL.claim[seat], [consultationId])) === 1;
  }

  /** Gives back the seat the registration holds in its current status (none: nothing). */
  async release(manager: EntityManager, registration: Registration): Promise<void> {
    const seat = seatHeld(registration.status);
    if (!seat) return;
    await execute(manager, SQL.release[seat], [registration.consultationId]);
  }

  /** An offered seat becomes a confirmed one. */
  async confirmOffered(manager: EntityManager, consultationId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Consultation)
      .set({
        seatsOffered: () => '"seatsOffered" - 1',
        seatsConfirmed: () => '"seatsConfirmed" + 1',
      })
      .where('id = :id AND "seatsOffered" > 0', { id: consultationId })
      .execute();
  }

  /**
   * The number that puts a newcomer last on the waiting list: the consultation's monotonic
   * counter, not the list's largest number. An offered row keeps its old number but is no longer
   * in the queue, and every other status clears it.
   */
  nextWaitlistSeq(manager: EntityManager, consultationId: string): Promise<number> {
    return this.counters.nextWaitlistSeq(manager, consultationId);
  }

  /** Offers every free seat to the first on the waiting list, first come, first served. */
  async offerFreedSeats(
    manager: EntityManager,
    consultation: Consultation,
    actorId: string | null,
  ): Promise<void> {
    const organisations = new Map<string, Organisation>();
    for (;;) {
      const next = await manager.findOne(Registration, {
        where: { consultationId: consultation.id, status: RegistrationStatus.Waitlisted },
        order: { waitlistSeq: 'ASC' },
      });
      if (!next || !(await this.claim(manager, consultation.id, 'seatsOffered'))) return;
      next.status = RegistrationStatus.Offered;
      next.offerExpiresAt = offerDeadline(this.clock.now(), this.config.waitlistOfferHours);
      await manager.save(next);
      await this.counters.moved(manager, next, RegistrationStatus.Waitlisted);
      await this.audit.record(manager, {
        actorId,
        action: 'registration.offered',
        entity: 'registration',
        entityId: next.id,
        details: { offerExpiresAt: next.offerExpiresAt.toISOString() },
      });
      const organisation =
        organisations.get(next.organisationId) ??
        (await manager.findOneByOrFail(Organisation, { id: next.organisationId }));
      organisations.set(organisation.id, organisation);
      await this.notices.tell(
        manager,
        next,
        consultation,
        organisation,
        undefined,
        '',
        MailKind.Staff,
      );
    }
  }
}
