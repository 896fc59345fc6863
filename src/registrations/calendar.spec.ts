import ICAL from 'ical.js';
import { calendarInvite, calendarUid, offsetAt } from './calendar';

describe('calendarInvite', () => {
  const event = {
    uid: 'registration-42@convene',
    title: 'Migrants and Development; annual consultation, Geneva',
    description:
      'Line one\nLine two with a very long text that must be folded because iCalendar lines stop at seventy-five octets, even with accents: éèà',
    location: 'IOM Headquarters, 17 route des Morillons',
    url: 'http://convene.test/consultations/1',
    startsAt: new Date('2027-09-13T07:00:00Z'),
    endsAt: new Date('2027-09-13T15:30:00Z'),
    timeZone: 'Europe/Zurich',
    stamp: new Date('2026-11-27T10:00:00Z'),
  };

  it('is parsed back with the same times, text and time zone', () => {
    const text = calendarInvite(event);
    expect(text).toContain('DTSTART;TZID=Europe/Zurich:20270913T090000');
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const component = new ICAL.Component(ICAL.parse(text));
    const timezone = component.getFirstSubcomponent('vtimezone')!;
    const vevent = new ICAL.Event(component.getFirstSubcomponent('vevent')!);
    vevent.startDate.zone = new ICAL.Timezone(timezone);
    vevent.endDate.zone = new ICAL.Timezone(timezone);
    expect(vevent.uid).toBe('registration-42@convene');
    expect(vevent.summary).toBe(event.title);
    expect(vevent.description).toBe(event.description);
    expect(vevent.location).toBe(event.location);
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2027-09-13T07:00:00.000Z');
    expect(vevent.endDate.toJSDate().toISOString()).toBe('2027-09-13T15:30:00.000Z');
  });

  it('names the language of the title and of the description', () => {
    const text = calendarInvite({
      ...event,
      title: 'Migrants et développement',
      titleLanguage: 'fr',
      descriptionLanguage: 'en',
    });
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstProperty('summary')!.getParameter('language')).toBe('fr');
    expect(vevent.getFirstPropertyValue('summary')).toBe('Migrants et développement');
    expect(vevent.getFirstProperty('description')!.getParameter('language')).toBe('en');
    expect(calendarInvite({ ...event, titleLanguage: 'x;y' })).toContain('\r\nSUMMARY:');
  });

  it('knows summer and winter offsets', () => {
    expect(offsetAt(new Date('2027-09-13T07:00:00Z'), 'Europe/Zurich')).toBe('+0200');
    expect(offsetAt(new Date('2027-01-13T07:00:00Z'), 'Europe/Zurich')).toBe('+0100');
    expect(offsetAt(new Date('2027-01-13T07:00:00Z'), 'America/Bogota')).toBe('-0500');
  });
});

describe('calendarUid', () => {
  it('keeps the first participant’s UID and gives a substitute’s entry its own', () => {
    expect(calendarUid('42')).toBe('registration-42@convene');
    expect(calendarUid('42', 1)).toBe('registration-42@convene');
    expect(calendarUid('42', 3)).toBe('registration-42-v3@convene');
  });
});
