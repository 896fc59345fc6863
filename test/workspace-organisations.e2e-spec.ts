import { readdirSync } from 'node:fs';
import { UserRole } from '../src/accounts/user.entity';
import { AccreditationDocument } from '../src/accreditation/accreditation-document.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Invitation } from '../src/organisations/invitation.entity';
import { PASSWORD, tokenFor, userFactory } from './support/factories';
import { linkIn, MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { pdfBytes } from './support/pdf';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('invitations and documents a focal point manages', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let uploads: string;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    uploads = process.env.UPLOAD_DIR!;
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  describe('invitations', () => {
    it('revokes a pending invitation: its link stops working, and only a focal point may', async () => {
      const focal = await focalPointWithOrganisation(t);
      const stranger = await focalPointWithOrganisation(t);
      const invitee = await userFactory(t);
      const sent = await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/invitations`)
        .set(auth(focal.token))
        .send({ email: invitee.email, role: 'member' })
        .expect(201);
      await t.deliverMail();
      const { token } = linkIn(mail.to(invitee.email).at(-1)!, '/invitations/accept');
      await t
        .http()
        .delete(`/api/v1/invitations/${sent.body.id}`)
        .set(auth(stranger.token))
        .expect(404);
      await t
        .http()
        .delete(`/api/v1/invitations/${sent.body.id}`)
        .set(auth(focal.token))
        .expect(204);
      await t
        .http()
        .delete(`/api/v1/invitations/${sent.body.id}`)
        .set(auth(focal.token))
        .expect(404);
      const inviteeToken = await tokenFor(t, invitee, PASSWORD);
      await t
        .http()
        .post('/api/v1/invitations/accept')
        .set(auth(inviteeToken))
        .send({ token })
        .expect(400);
      const audit = await t.dataSource
        .getRepository(AuditEvent)
        .findOneBy({ action: 'invitation.revoked', entityId: focal.organisation.id });
      expect(audit?.details).toEqual({ invitationId: sent.body.id });
    });

    it('resends with a new link (the old one dead), refuses an accepted one, and tells the focal point who joined', async () => {
      const focal = await focalPointWithOrganisation(t, {}, 'fr');
      const invitee = await userFactory(t);
      const sent = await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/invitations`)
        .set(auth(focal.token))
        .send({ email: invitee.email, role: 'member' })
        .expect(201);
      await t.deliverMail();
      const old = linkIn(mail.to(invitee.email).at(-1)!, '/invitations/accept').token;
      await t
        .http()
        .post(`/api/v1/invitations/${sent.body.id}/resend`)
        .set(auth(focal.token))
        .expect(200);
      await t.deliverMail();
      const fresh = linkIn(mail.to(invitee.email).at(-1)!, '/invitations/accept').token;
      expect(fresh).not.toBe(old);
      const inviteeToken = await tokenFor(t, invitee, PASSWORD);
      await t
        .http()
        .post('/api/v1/invitations/accept')
        .set(auth(inviteeToken))
        .send({ token: old })
        .expect(400);
      await t
        .http()
        .post('/api/v1/invitations/accept')
        .set(auth(inviteeToken))
        .send({ token: fresh })
        .expect(200);
      await t
        .http()
        .post(`/api/v1/invitations/${sent.body.id}/resend`)
        .set(auth(focal.token))
        .expect(409);
      await t
        .http()
        .delete(`/api/v1/invitations/${sent.body.id}`)
        .set(auth(focal.token))
        .expect(409);
      await t.deliverMail();
      const told = mail.to(focal.user.email).at(-1)!;
      expect(told.subject).toBe(`${invitee.name} a rejoint ${focal.organisation.name}`);
      expect(told.text).toContain(`/organisations/${focal.organisation.id}/members`);
      expect(await t.dataSource.getRepository(Invitation).countBy({ id: sent.body.id })).toBe(1);
    });

    it('counts a resend against the invitation limits (429)', async () => {
      const app = await createTestApp({ env: { INVITATIONS_MAX_PER_RECIPIENT: '2' } });
      try {
        const focal = await focalPointWithOrganisation(app);
        const sent = await app
          .http()
          .post(`/api/v1/organisations/${focal.organisation.id}/invitations`)
          .set(auth(focal.token))
          .send({ email: 'someone@example.org', role: 'member' })
          .expect(201);
        const resend = () =>
          app.http().post(`/api/v1/invitations/${sent.body.id}/resend`).set(auth(focal.token));
        await resend().expect(200);
        await resend().expect(429);
      } finally {
        await app.close();
      }
    });
  });

  describe('documents', () => {
    it('lets the focal point delete a document before a decision (file gone too), never after', async () => {
      const focal = await focalPointWithOrganisation(t);
      const reviewer = await staffToken(t, UserRole.Reviewer);
      const request = await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
        .set(auth(focal.token))
        .send(REQUEST)
        .expect(201);
      const upload = () =>
        t
          .http()
          .post(`/api/v1/accreditation-requests/${request.body.id}/documents`)
          .set(auth(focal.token))
          .field('kind', 'statutes')
          .attach('file', pdfBytes(), 'statutes.pdf')
          .expect(201);
      const first = await upload();
      const second = await upload();
      const documents = t.dataSource.getRepository(AccreditationDocument);
      const stored = (await documents.findOneByOrFail({ id: first.body.id })).storedName;
      const where = (name: string) =>
        readdirSync(uploads, { recursive: true }).some((f) => String(f).endsWith(name));
      expect(where(stored)).toBe(true);
      const url = (id: string) =>
        `/api/v1/accreditation-requests/${request.body.id}/documents/${id}`;
      const member = await focalPointWithOrganisation(t);
      await t.http().delete(url(first.body.id)).set(auth(member.token)).expect(404);
      await t.http().delete(url(first.body.id)).set(auth(focal.token)).expect(204);
      expect(await documents.countBy({ id: first.body.id })).toBe(0);
      expect(where(stored)).toBe(false);
      await t.http().delete(url(first.body.id)).set(auth(focal.token)).expect(404);
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${request.body.id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'approve', reason: 'Fine.' })
        .expect(200);
      await t.http().delete(url(second.body.id)).set(auth(focal.token)).expect(409);
      expect(await documents.countBy({ id: second.body.id })).toBe(1);
    });
  });
});
