import ICAL from 'ical.js';
import { UserRole } from '../src/accounts/user.entity';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { Registration } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the confirmation’s calendar entry is rendered by the worker, not in the request', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let consultation: { id: string };
  let member: Awaited<ReturnType<typeof focalPointWithOrganisation>>;

  const register = async () => {
    const guest = participant();
    const answer = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(member.token))
      .send({ organisationId: member.organisation.id, participant: guest })
      .expect(201);
    return { id: answer.body.id as string, email: guest.email as string };
  };
  const rowsFor = (email: string) =>
    t.dataSource.getRepository(OutboxMessage).findBy({ recipient: email.toLowerCase() });
  const invite = async (email: string) => {
    const sent = await mail.waitFor(email);
    const attachment = sent.parsed.attachments.find((a) =>
      a.contentType.startsWith('text/calendar'),
    );
    if (!attachment) return null;
    const component = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
    return new ICAL.Event(component.getFirstSubcomponent('vevent')!);
  };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    consultation = await publishedConsultation(t, admin.token, { title: 'Calendar at send time' });
    member = await focalPointWithOrganisation(t);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('queues one row per recipient with the ids of the entry, never the .ics text', async () => {
    const registration = await register();
    const [row] = await rowsFor(registration.email);
    expect(row.payload.ics).toBeUndefined();
    expect(JSON.stringify(row.payload)).not.toContain('BEGIN:VCALENDAR');
    expect(row.payload.attachments).toEqual([
      {
        kind: 'calendar',
        registrationId: registration.id,
        participantVersion: 1,
        method: 'REQUEST',
        locale: 'en',
      },
    ]);
    expect(await rowsFor(member.user.email)).toHaveLength(1);
    await t.deliverMail();
    const event = await invite(registration.email);
    expect(event?.uid).toBe(`registration-${registration.id}@convene`);
    expect(event?.summary).toBe('Calendar at send time');
  });

  it('writes the consultation as it stands when sent, at the current sequence', async () => {
    const registration = await register();
    await t.dataSource
      .getRepository(OutboxMessage)
      .manager.query(
        `UPDATE consultations SET city = 'Lausanne', "calendarSequence" = 3 WHERE id = ${
          t.transactions.onPostgres ? '$1' : '?'
        }`,
        [consultation.id],
      );
    await t.deliverMail();
    const event = await invite(registration.email);
    expect(event?.location).toContain('Lausanne');
    expect(event?.sequence).toBe(3);
  });

  it('sends no entry for a participant replaced before the mail went out', async () => {
    const registration = await register();
    await t.dataSource
      .getRepository(Registration)
      .update({ id: registration.id }, { participantVersion: 2 });
    await t.deliverMail();
    expect(await invite(registration.email)).toBeNull();
  });
});
