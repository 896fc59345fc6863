import { fromLocalInput, toLocalInput } from './dates';

describe('datetime-local inputs in a time zone', () => {
  it.each([
    ['2027-09-13T09:00', 'Europe/Zurich', '2027-09-13T07:00:00.000Z'],
    ['2027-01-13T09:00', 'Europe/Zurich', '2027-01-13T08:00:00.000Z'],
    ['2027-01-13T09:30', 'America/Bogota', '2027-01-13T14:30:00.000Z'],
    ['2027-06-01T00:00', 'Asia/Kathmandu', '2027-05-31T18:15:00.000Z'],
  ])('%s in %s is %s', (local, zone, utc) => {
    expect(fromLocalInput(local, zone)).toBe(utc);
    expect(toLocalInput(new Date(utc), zone)).toBe(local);
  });

  it('refuses what is not a datetime-local value', () => {
    expect(fromLocalInput('13/09/2027 09:00', 'UTC')).toBeUndefined();
    expect(fromLocalInput(undefined, 'UTC')).toBeUndefined();
    expect(fromLocalInput('2027-02-30T09:00', 'UTC')).toBeUndefined();
    expect(fromLocalInput('2027-02-28T24:00', 'UTC')).toBeUndefined();
    expect(fromLocalInput('2027-02-28T09:00', 'Nowhere/City')).toBeUndefined();
  });
});
