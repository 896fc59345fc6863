import { UserRole } from '../src/accounts/user.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Registration } from '../src/registrations/registration.entity';
import { ConsultationMessage } from '../src/workspace/consultation-message.entity';
import { participant, publishedConsultation } from './support/consultations';
import { PASSWORD } from './support/factories';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn, WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the staff workspace pages', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;
  let browser: WebClient;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    browser = new WebClient(t);
    const signIn = await browser.submit('/signin', { email: admin.user.email, password: PASSWORD });
    expect(signIn.status).toBe(303);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  /** Posts a form of the page at `page` with its CSRF token; repeated fields as repeated keys. */
  async function post(page: string, action: string, fields: [string, string][]) {
    const form = await browser.get(page).expect(200);
    const body = new URLSearchParams([['_csrf', csrfIn(form.text)], ...fields]).toString();
    return browser.agent.post(action).type('form').send(body);
  }

  async function registered(
    consultationId: string,
    org: { token: string; organisation: { id: string } },
    n: number,
  ) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
      ids.push(r.body.id);
    }
    return ids;
  }

  it('approves the ticked registrations from the bulk bar and goes back to the same filtered list', async () => {
    const consultation = await publishedConsultation(t, admin.token, { requiresApproval: true });
    const org = await focalPointWithOrganisation(t);
    const [a, b, c] = await registered(consultation.id, org, 3);
    const list = `/staff/consultations/${consultation.id}/participants?status=pending`;
    const page = await browser.get(list).expect(200);
    expect(page.text).toContain('id="bulk-decisions"');
    expect(page.text).toContain(`value="${a}" form="bulk-decisions"`);
    expect(page.text).toContain(`registrations.xlsx?status&#x3D;pending`);
    const done = await post(
      list,
      `/staff/consultations/${consultation.id}/registrations/decisions`,
      [
        ['ids', a],
        ['ids', b],
        ['decision', 'approve'],
        ['status', 'pending'],
        ['q', ''],
      ],
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(list);
    const rows = t.dataSource.getRepository(Registration);
    expect((await rows.findOneByOrFail({ id: a })).status).toBe('confirmed');
    expect((await rows.findOneByOrFail({ id: b })).status).toBe('confirmed');
    expect((await rows.findOneByOrFail({ id: c })).status).toBe('pending');
    const after = await browser.get(list).expect(200);
    expect(after.text).toContain('2 approved; 0 could not be');

    const refused = await post(
      list,
      `/staff/consultations/${consultation.id}/registrations/decisions`,
      [
        ['ids', c],
        ['decision', 'reject'],
      ],
    );
    expect(refused.status).toBe(303);
    expect((await rows.findOneByOrFail({ id: c })).status).toBe('pending');
  });

  it('previews a message with its count and rendered text, then sends it once (Post/Redirect/Get)', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    const org = await focalPointWithOrganisation(t);
    await registered(consultation.id, org, 2);
    const url = `/staff/consultations/${consultation.id}/messages`;
    const fields: [string, string][] = [
      ['statuses', 'confirmed'],
      ['organisationId', org.organisation.id],
      ['needsVisaLetter', ''],
      ['subject', 'Practical information'],
      ['body', 'The venue opens at 8:00.'],
    ];
    const preview = await post(url, url, [...fields, ['step', 'preview']]);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('This message will go to 2 participants.');
    expect(preview.text).toContain('The venue opens at 8:00.');
    expect(preview.text).toContain('name="step" value="send"');
    expect(
      await t.dataSource
        .getRepository(ConsultationMessage)
        .countBy({ consultationId: consultation.id }),
    ).toBe(0);
    const sent = await browser.agent
      .post(url)
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', csrfIn(preview.text)],
          ...fields,
          ['step', 'send'],
        ]).toString(),
      );
    expect(sent.status).toBe(303);
    const copies = await t.dataSource
      .getRepository(ConsultationMessage)
      .findBy({ consultationId: consultation.id });
    expect(copies.map((c) => c.recipientCount)).toEqual([2]);
    const page = await browser.get(url).expect(200);
    expect(page.text).toContain('Practical information');

    const bad = await post(url, url, [
      ['subject', ''],
      ['body', ''],
      ['step', 'preview'],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Write a subject');
  });

  it('lists every organisation for staff and merges a duplicate from its page', async () => {
    const keep = await focalPointWithOrganisation(t, { name: 'Réseau Migrants Sahel' });
    const duplicate = await focalPointWithOrganisation(t, { name: 'Reseau Migrants du Sahel' });
    const list = await browser.get('/staff/organisations?q=sahel').expect(200);
    expect(list.text).toContain(keep.organisation.id);
    expect(list.text).toContain(`/staff/organisations/${duplicate.organisation.id}/merge`);
    const mergePage = `/staff/organisations/${duplicate.organisation.id}/merge?q=sahel`;
    const form = await browser.get(mergePage).expect(200);
    expect(form.text).toContain(`value="${keep.organisation.id}"`);
    expect(form.text).not.toContain(
      `name="intoOrganisationId" value="${duplicate.organisation.id}"`,
    );
    const merged = await post(
      mergePage,
      `/staff/organisations/${duplicate.organisation.id}/merge`,
      [
        ['intoOrganisationId', keep.organisation.id],
        ['q', 'sahel'],
      ],
    );
    expect(merged.status).toBe(303);
    expect(merged.headers.location).toBe(`/organisations/${keep.organisation.id}`);
    const row = await t.dataSource
      .getRepository(Organisation)
      .findOneByOrFail({ id: duplicate.organisation.id });
    expect(row.mergedIntoId).toBe(keep.organisation.id);
    const after = await browser.get('/staff/organisations?q=sahel').expect(200);
    expect(after.text).not.toContain(`/organisations/${duplicate.organisation.id}"`);

    const audit = await browser
      .get(`/admin/audit?organisationId=${keep.organisation.id}`)
      .expect(200);
    expect(audit.text).toContain('merged “Reseau Migrants du Sahel” into this organisation.');
    expect(audit.text).toContain('<dl class="details">');
  });

  it('filters the audit log by organisation, consultation, actor, action and date', async () => {
    const consultation = await publishedConsultation(t, admin.token, { requiresApproval: true });
    const org = await focalPointWithOrganisation(t);
    const other = await focalPointWithOrganisation(t);
    const [mine] = await registered(consultation.id, org, 1);
    await registered(consultation.id, other, 1);
    const read = async (query: string) =>
      (
        await t
          .http()
          .get(`/api/v1/admin/audit?${query}&pageSize=100`)
          .set(auth(admin.token))
          .expect(200)
      ).body.items as { action: string; entityId: string; actor: { id: string } | null }[];
    const ofOrg = await read(`organisationId=${org.organisation.id}`);
    expect(ofOrg.map((e) => e.action).sort()).toEqual([
      'organisation.created',
      'registration.created',
    ]);
    expect(ofOrg.find((e) => e.action === 'registration.created')?.entityId).toBe(mine);
    const ofConsultation = await read(`consultationId=${consultation.id}`);
    expect(ofConsultation.filter((e) => e.action === 'registration.created')).toHaveLength(2);
    expect(ofConsultation.some((e) => e.action === 'consultation.created')).toBe(true);
    const byActor = await read(`actorId=${org.user.id}&action=registration.created`);
    expect(byActor.map((e) => e.entityId)).toEqual([mine]);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await read(`organisationId=${org.organisation.id}&from=${today}&to=${today}`)).length,
    ).toBe(2);
    expect(await read(`organisationId=${org.organisation.id}&to=2000-01-01`)).toEqual([]);
    await t.http().get('/api/v1/admin/audit?from=yesterday').set(auth(admin.token)).expect(400);
  });

  it('shows each outbox message as sent: its subject and text', async () => {
    const page = await browser.get('/admin/outbox').expect(200);
    expect(page.text).toContain('The message as sent');
    expect(page.text).toContain('Practical information');
  });
});
