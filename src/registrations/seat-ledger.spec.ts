import { RegistrationStatus } from './registration.entity';
import { offerDeadline, seatHeld } from './seat-ledger';

describe('seat ledger', () => {
  it('counts a confirmed registration as a confirmed seat and an offered one as an offered seat', () => {
    expect(seatHeld(RegistrationStatus.Confirmed)).toBe('seatsConfirmed');
    expect(seatHeld(RegistrationStatus.Offered)).toBe('seatsOffered');
  });

  it('holds no seat in any other status, so releasing one frees nothing', () => {
    for (const status of [
      RegistrationStatus.Pending,
      RegistrationStatus.Waitlisted,
      RegistrationStatus.Rejected,
      RegistrationStatus.Cancelled,
      RegistrationStatus.Expired,
    ])
      expect(seatHeld(status)).toBeNull();
  });

  it('keeps an offered seat for the configured number of hours', () => {
    const now = new Date('2027-03-01T10:00:00Z');
    expect(offerDeadline(now, 48)).toEqual(new Date('2027-03-03T10:00:00Z'));
    expect(offerDeadline(now, 1)).toEqual(new Date('2027-03-01T11:00:00Z'));
  });
});
