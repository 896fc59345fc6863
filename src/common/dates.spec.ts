import {
  formatDate,
  formatDateTime,
  formatDay,
  formatTime,
  formatUtc,
  fromLocalInput,
  toLocalInput,
  zoneName,
} from './dates';

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

describe('dates as each language writes them', () => {
  const first = new Date('2027-09-01T07:05:00Z');
  const thirteenth = new Date('2027-09-13T07:00:00Z');

  it.each([
    ['en', '1 September 2027', '13 September 2027 at 09:00 UTC+02:00 (Zurich)'],
    ['fr', '1er septembre 2027', '13 septembre 2027 à 09:00 UTC+02:00 (Zurich)'],
    ['es', '1 de septiembre de 2027', '13 de septiembre de 2027 a las 09:00 UTC+02:00 (Zurich)'],
  ] as const)('%s: one style for days and moments', (locale, day, moment) => {
    expect(formatDate(first, locale, 'Europe/Zurich')).toBe(day);
    expect(formatDateTime(thirteenth, locale, 'Europe/Zurich')).toBe(moment);
  });

  it('writes times on the 24-hour clock and names the weekday of an agenda day', () => {
    expect(formatTime(new Date('2027-09-13T15:30:00Z'), 'en', 'Europe/Zurich')).toBe('17:30');
    expect(formatDay(first, 'fr', 'Europe/Zurich')).toBe('mercredi 1er septembre 2027');
    expect(formatDay(first, 'es', 'Europe/Zurich')).toBe('miércoles, 1 de septiembre de 2027');
  });

  it('shows admin moments in UTC', () => {
    expect(formatUtc(first, 'fr')).toBe('1er septembre 2027 à 07:05 UTC');
    expect(formatUtc(null, 'fr')).toBe('');
  });
});

describe('time zones named the same way in every language', () => {
  const summer = new Date('2027-07-01T12:00:00Z');
  const winter = new Date('2027-01-15T12:00:00Z');

  it.each([
    ['Europe/Zurich', summer, 'UTC+02:00 (Zurich)'],
    ['Europe/Zurich', winter, 'UTC+01:00 (Zurich)'],
    ['America/Bogota', summer, 'UTC-05:00 (Bogota)'],
    ['Asia/Kathmandu', summer, 'UTC+05:45 (Kathmandu)'],
    ['America/Argentina/San_Luis', summer, 'UTC-03:00 (San Luis)'],
    ['America/St_Johns', winter, 'UTC-03:30 (St Johns)'],
    ['Africa/Dakar', summer, 'UTC+00:00 (Dakar)'],
    ['US/Eastern', winter, 'UTC-05:00 (New York)'],
    ['UTC', summer, 'UTC'],
    ['Etc/GMT-3', summer, 'UTC+03:00'],
  ])('%s at %s is %p', (zone, at, name) => {
    expect(zoneName(zone, at)).toBe(name);
  });

  it('names every IANA zone with an offset, in all three languages alike', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      expect([zone, zoneName(zone, summer)]).toEqual([
        zone,
        expect.stringMatching(/^UTC([+-]\d\d:\d\d( \([^/()_]+\))?)?$/),
      ]);
    }
    for (const locale of ['en', 'fr', 'es'] as const) {
      expect(formatDateTime(summer, locale, 'Asia/Kolkata')).toMatch(/ UTC\+05:30 \(Kolkata\)$/);
    }
  });
});
