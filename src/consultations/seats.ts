import { EntityManager } from 'typeorm';

export interface Seats {
  capacity: number;
  confirmed: number;
  offered: number;
  available: number;
  waitlisted: number;
}

/**
 * How many wait for a seat of a consultation. The consultation's own counters know the seats
 * taken; who waits is the registrations module's to count, so it provides this under
 * `WAITING_LIST_COUNT` and this module never reads its table.
 */
export interface WaitingListCount {
  waitlisted(manager: EntityManager, consultationId: string): Promise<number>;
}

export const WAITING_LIST_COUNT = Symbol('WAITING_LIST_COUNT');
