import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WaitingListCount } from '../consultations/seats';
import { Transactions } from '../database/transactions';

/** The consultations module's seat summary asks here how many registrations wait. */
@Injectable()
export class RegistrationsWaitingListCount implements WaitingListCount {
  constructor(private readonly transactions: Transactions) {}

  async waitlisted(manager: EntityManager, consultationId: string): Promise<number> {
    const [{ waitlisted }] = (await manager.query(
      this.transactions.onPostgres
        ? `SELECT COUNT(*)::int AS waitlisted FROM registrations WHERE "consultationId" = $1 AND status = 'waitlisted'`
        : `SELECT COUNT(*) AS waitlisted FROM registrations WHERE "consultationId" = ? AND status = 'waitlisted'`,
      [consultationId],
    )) as { waitlisted: number }[];
    return Number(waitlisted);
  }
}
