export interface Seats {
  capacity: number;
  confirmed: number;
  offered: number;
  available: number;
  waitlisted: number;
}
