import { UpdateUserDto } from '../src/accounts/dto/accounts.dto';
import { User } from '../src/accounts/user.entity';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { PASSWORD, tokenFor, userFactory } from './support/factories';
import { CaughtMail, linkIn, MailCatcher } from './support/mail-catcher';
import { BASE_URL, createTestApp, TestApp } from './support/test-app';

describe('accounts through the API', () => {
  let mail: MailCatcher;
  let t: TestApp;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({
      mail,
      env: { SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3', SIGNUP_MAX_PER_ADDRESS: '1000' },
    });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  describe('a new user from sign-up to a token', () => {
    const email = 'Amina.Diallo@Example.org';
    let message: CaughtMail;
    let token: string;

    beforeAll(async () => {
      await t
        .http()
        .post('/api/v1/accounts')
        .set('Host', 'evil.example')
        .send({ email, password: 'migration and development', name: 'Amina Diallo', locale: 'fr' })
        .expect(202);
      await t.deliverMail();
      message = await mail.waitFor('amina.diallo@example.org');
      token = linkIn(message, '/verify-email').token;
    });

    it('sends a verification link in her language, on our own origin whatever the Host header', () => {
      expect(message.subject).toContain('Confirmez');
      expect(message.html).toContain('Bonjour Amina Diallo');
      expect(linkIn(message, '/verify-email').url.origin).toBe(BASE_URL);
      expect(message.text + message.html).not.toContain('evil.example');
    });

    it('refuses a token before the address is verified, with EMAIL_NOT_VERIFIED', async () => {
      const beforeVerify = await t
        .http()
        .post('/api/v1/tokens')
        .send({ email, password: 'migration and development' });
      expect(beforeVerify.status).toBe(403);
      expect(beforeVerify.body.code).toBe('EMAIL_NOT_VERIFIED');
    });

    it('accepts the verification link once', async () => {
      await t.http().post('/api/v1/accounts/verify').send({ token }).expect(204);
      const again = await t.http().post('/api/v1/accounts/verify').send({ token }).expect(400);
      expect(again.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        code: 'TOKEN_INVALID',
      });
    });

    it('gives a verified user a token that names her as she signed up, email in lower case', async () => {
      const created = await t
        .http()
        .post('/api/v1/tokens')
        .send({ email, password: 'migration and development', label: 'script' })
        .expect(201);
      expect(created.body.token).toMatch(/^cvn_/);
      const me = await t
        .http()
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${created.body.token}`)
        .expect(200);
      expect(me.body).toMatchObject({
        email: 'amina.diallo@example.org',
        name: 'Amina Diallo',
        role: 'cso',
        locale: 'fr',
        memberships: [],
      });
    });
  });

  describe('a second sign-up for an address not yet verified', () => {
    const email = 'fatou.ndiaye@example.org';
    let verifyToken: string;
    let notice: CaughtMail;

    beforeAll(async () => {
      await t
        .http()
        .post('/api/v1/accounts')
        .send({ email, password: 'the owner chose this one', name: 'Fatou Ndiaye', locale: 'es' })
        .expect(202);
      await t.deliverMail();
      verifyToken = linkIn(
        await mail.waitFor(email, (m) => m.text.includes('/verify-email')),
        '/verify-email',
      ).token;

      // Someone else signs up with her address before she clicks her link.
      await t
        .http()
        .post('/api/v1/accounts')
        .send({ email, password: 'a stranger chose this', name: 'Stranger', locale: 'en' })
        .expect(202);
      await t.deliverMail();
      notice = await mail.waitFor(email, (m) => m.subject.includes('Ya tiene'));
    });

    it('sends the owner a notice with a set-password link, in her language, and no verification link', async () => {
      expect(notice.text).not.toContain('/verify-email');
      const { url: resetUrl } = linkIn(notice, '/reset-password');
      // Opened by someone not signed in, the page speaks the mail's language.
      expect(
        (
          await t
            .http()
            .get(resetUrl.pathname + resetUrl.search)
            .expect(200)
        ).text,
      ).toContain('<html lang="es">');
    });

    it("changes nothing: the owner's password, name and language stand", async () => {
      await t.http().post('/api/v1/accounts/verify').send({ token: verifyToken }).expect(204);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email, password: 'a stranger chose this' })
        .expect(401);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email, password: 'the owner chose this one' })
        .expect(201);
      const user = await t.dataSource.getRepository(User).findOneByOrFail({ email });
      expect(user).toMatchObject({ name: 'Fatou Ndiaye', locale: 'es' });
    });

    it("lets the owner choose a password through the notice's link", async () => {
      // The notice's link lets the owner choose a password (and confirms the address) if she needs to.
      await t
        .http()
        .post('/api/v1/password-resets/confirm')
        .send({
          token: linkIn(notice, '/reset-password').token,
          password: 'her own new passphrase',
        })
        .expect(204);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email, password: 'her own new passphrase' })
        .expect(201);
    });
  });

  it('answers sign-up and reset identically for known and unknown emails', async () => {
    const known = await userFactory(t);
    const signUpKnown = await t
      .http()
      .post('/api/v1/accounts')
      .send({ email: known.email, password: 'another good passphrase', name: 'X' });
    const signUpUnknown = await t
      .http()
      .post('/api/v1/accounts')
      .send({ email: 'nobody-here@example.org', password: 'another good passphrase', name: 'X' });
    expect([signUpKnown.status, signUpKnown.body]).toEqual([
      signUpUnknown.status,
      signUpUnknown.body,
    ]);
    expect(signUpKnown.status).toBe(202);

    const resetKnown = await t.http().post('/api/v1/password-resets').send({ email: known.email });
    const resetUnknown = await t
      .http()
      .post('/api/v1/password-resets')
      .send({ email: 'still-nobody@example.org' });
    expect([resetKnown.status, resetKnown.body]).toEqual([resetUnknown.status, resetUnknown.body]);
    expect(resetKnown.status).toBe(202);

    await t.deliverMail();
    expect(
      (await mail.waitFor(known.email, (m) => m.subject.includes('already have'))).text,
    ).toContain('/signin');
    await mail.waitFor(known.email, (m) => m.subject.includes('Reset'));
    expect(mail.to('still-nobody@example.org')).toHaveLength(0);
    // The unverified newcomer gets a verification link; the verified account holder a notice.
    expect(mail.to(known.email).some((m) => m.text.includes('/verify-email'))).toBe(false);
  });

  describe('a password reset by a single-use link that ends the old password and tokens', () => {
    let user: Awaited<ReturnType<typeof userFactory>>;
    let oldToken: string;
    let url: URL;
    let token: string;
    const confirm = (password: string) =>
      t.http().post('/api/v1/password-resets/confirm').send({ token, password });

    beforeAll(async () => {
      user = await userFactory(t);
      oldToken = await tokenFor(t, user);
      await t.http().post('/api/v1/password-resets').send({ email: user.email }).expect(202);
      await t.deliverMail();
      ({ url, token } = linkIn(
        await mail.waitFor(user.email, (m) => m.subject.includes('Reset')),
        '/reset-password',
      ));
    });

    it('mails a reset link on our own origin', () => {
      expect(url.origin).toBe(BASE_URL);
    });

    it('refuses a common password, saying why', async () => {
      const weak = await confirm('password1234').expect(400);
      expect(weak.body.message).toEqual([
        'password: This password is too common and easy to guess. Choose another one.',
      ]);
    });

    it('sets the new password once, the link then being spent', async () => {
      await confirm('a brand new passphrase').expect(204);
      await confirm('yet another passphrase').expect(400);
    });

    it('ends the old password and the API tokens made with it', async () => {
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: user.email, password: PASSWORD })
        .expect(401);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: user.email, password: 'a brand new passphrase' })
        .expect(201);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${oldToken}`).expect(401);
    });

    it('tells the user by mail that the password changed', async () => {
      await t.deliverMail();
      await mail.waitFor(user.email, (m) => m.subject.includes('changed'));
    });
  });

  it('rejects bad input with every bad field listed and changes nothing', async () => {
    const countBefore = await t.dataSource.getRepository(User).count();
    const outboxBefore = await t.dataSource.getRepository(OutboxMessage).count();
    const response = await t
      .http()
      .post('/api/v1/accounts')
      .send({ email: 'not-an-email', password: 'short', name: '', locale: 'de', isAdmin: true })
      .expect(400);
    expect(response.body.statusCode).toBe(400);
    expect(response.body.error).toBe('Bad Request');
    const fields = (response.body.message as string[]).map((m) => m.split(':')[0]).sort();
    expect(fields).toEqual(['email', 'isAdmin', 'locale', 'name', 'password']);
    await t
      .http()
      .post('/api/v1/accounts')
      .send({ email: 'common@example.org', password: 'baseball2024!!', name: 'C' })
      .expect(400);
    expect(await t.dataSource.getRepository(User).count()).toBe(countBefore);
    expect(await t.dataSource.getRepository(OutboxMessage).count()).toBe(outboxBefore);
  });

  it('answers 429 with Retry-After after repeated failed sign-ins, even with the right password', async () => {
    const user = await userFactory(t);
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: user.email, password: 'wrong password here' })
        .expect(401);
    }
    const blocked = await t
      .http()
      .post('/api/v1/tokens')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.code).toBe('TOO_MANY_REQUESTS');
  });

  describe('an admin changes roles and disables users, who lose access at once', () => {
    let admin: Awaited<ReturnType<typeof userFactory>>;
    let member: Awaited<ReturnType<typeof userFactory>>;
    let adminToken: string;
    let memberToken: string;
    /** Field names as the DTO has them; values free, so that wrong ones can be sent. */
    const asAdmin = (userId: string, body: { [K in keyof UpdateUserDto]?: unknown }) =>
      t
        .http()
        .patch(`/api/v1/admin/users/${userId}`)
        .set('Authorization', `Bearer ${adminToken}`)
        .send(body);

    beforeAll(async () => {
      admin = await userFactory(t, { role: 'admin' as User['role'] });
      member = await userFactory(t);
      adminToken = await tokenFor(t, admin);
      memberToken = await tokenFor(t, member);
    });

    it('keeps the list of users from anyone but admins (403)', async () => {
      await t
        .http()
        .get('/api/v1/admin/users')
        .set('Authorization', `Bearer ${memberToken}`)
        .expect(403);
    });

    it('changes a role, and refuses a role that does not exist', async () => {
      const promoted = await asAdmin(member.id, { role: 'reviewer' }).expect(200);
      expect(promoted.body.role).toBe('reviewer');
      await asAdmin(member.id, { role: 'king' }).expect(400);
    });

    it('shuts a disabled user out at once, tokens and sign-in alike', async () => {
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${memberToken}`).expect(200);
      await asAdmin(member.id, { disabled: true }).expect(200);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${memberToken}`).expect(401);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: member.email, password: PASSWORD })
        .expect(401);
    });

    it('refuses the token of a disabled account, whatever happened to its tokens', async () => {
      const other = await userFactory(t);
      const otherToken = await tokenFor(t, other);
      await t.dataSource.getRepository(User).update({ id: other.id }, { disabledAt: new Date() });
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${otherToken}`).expect(401);
    });

    it('refuses to let admins disable themselves (409 INVALID_TRANSITION)', async () => {
      const self = await asAdmin(admin.id, { disabled: true }).expect(409);
      expect(self.body.code).toBe('INVALID_TRANSITION');
    });

    it('audits the role change and the disabling', async () => {
      const audit = await t.dataSource.query(
        `SELECT action FROM audit_events WHERE "entityId" = '${member.id}' ORDER BY "at"`,
      );
      expect(audit.map((row: { action: string }) => row.action)).toEqual(
        expect.arrayContaining(['user.role_changed', 'user.disabled']),
      );
    });
  });

  it('refuses a malformed or unknown bearer token with 401', async () => {
    await t
      .http()
      .get('/api/v1/me')
      .set('Authorization', 'Bearer cvn_not-a-real-token')
      .expect(401);
    await t.http().get('/api/v1/me').set('Authorization', 'Basic abc').expect(401);
    await t.http().get('/api/v1/me').expect(401);
  });
});
