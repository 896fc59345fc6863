import { User } from '../src/accounts/user.entity';
import { PASSWORD, userFactory } from './support/factories';
import { linkIn, MailCatcher } from './support/mail-catcher';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn, sessionCookie, WebClient } from './support/web-client';

describe('accounts through the HTML forms', () => {
  let mail: MailCatcher;
  let t: TestApp;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  describe('sign-up, verification by link, sign-in and sign-out through the forms', () => {
    let browser: WebClient;
    let account: { text: string };

    beforeAll(() => {
      browser = new WebClient(t);
    });

    it('re-shows an invalid sign-up in its language, errors linked, input kept but the password, and creates nothing', async () => {
      const invalid = await browser.submit(
        '/signup?lang=fr',
        { name: 'Kofi <b>Mensah</b>', email: 'kofi@example.org', password: 'short', locale: 'fr' },
        '/signup',
      );
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain('class="error-summary"');
      expect(invalid.text).toContain('href="#field-password"');
      expect(invalid.text).toContain('value="Kofi &lt;b&gt;Mensah&lt;/b&gt;"');
      expect(invalid.text).toContain('value="kofi@example.org"');
      expect(invalid.text).not.toContain('value="short"');
      expect(invalid.text).toContain('<html lang="fr">');
      expect(await t.dataSource.getRepository(User).countBy({ email: 'kofi@example.org' })).toBe(0);
    });

    it('signs up with the address in lower case, and goes to sign-in with it filled in', async () => {
      const done = await browser.submit('/signup', {
        name: 'Kofi Mensah',
        email: 'Kofi@Example.org',
        password: 'a long walk to geneva',
        locale: 'fr',
      });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe('/signin');
      expect((await browser.get('/signin')).text).toContain('kofi@example.org');
    });

    it('verifies the address by the emailed link, once', async () => {
      await t.deliverMail();
      const { url } = linkIn(await mail.waitFor('kofi@example.org'), '/verify-email');
      const verified = await browser.get(url.pathname + url.search);
      expect(verified.status).toBe(303);
      const reused = await browser.get(url.pathname + url.search);
      expect(reused.status).toBe(400);
    });

    it('gives a visitor a new session id on signing in (no session fixation)', async () => {
      const visitor = new WebClient(t);
      const anonymousSession = sessionCookie(await visitor.get('/signin'));
      expect(anonymousSession).toBeDefined();
      const visitorSignedIn = await visitor.submit('/signin', {
        email: 'kofi@example.org',
        password: 'a long walk to geneva',
      });
      expect(visitorSignedIn.status).toBe(303);
      expect(sessionCookie(visitorSignedIn)).toBeDefined();
      expect(sessionCookie(visitorSignedIn)).not.toEqual(anonymousSession);
    });

    it('signs in to the page asked for, with an HttpOnly, SameSite=Lax session cookie', async () => {
      const signedIn = await browser.submit(
        '/signin?next=/account',
        { email: 'kofi@example.org', password: 'a long walk to geneva', next: '/account' },
        '/signin',
      );
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/account');
      expect(sessionCookie(signedIn)).toBeDefined();
      expect(signedIn.headers['set-cookie']?.toString()).toMatch(/HttpOnly; SameSite=Lax/);
    });

    it('shows the account in the language chosen at sign-up', async () => {
      account = await browser.get('/account').expect(200);
      expect(account.text).toContain('Kofi Mensah');
      expect(account.text).toContain('<html lang="fr">');
    });

    it('signs out, after which the account page sends to sign in and back', async () => {
      await browser.agent
        .post('/signout')
        .type('form')
        .send({ _csrf: csrfIn(account.text) })
        .expect(303);
      const after = await browser.get('/account');
      expect(after.status).toBe(303);
      expect(after.headers.location).toBe('/signin?next=%2Faccount');
    });
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const browser = new WebClient(t);
    await browser.get('/signup');
    const response = await browser.agent
      .post('/signup')
      .type('form')
      .send({ name: 'No Token', email: 'notoken@example.org', password: 'a long walk to geneva' });
    expect(response.status).toBe(403);
    const forged = await browser.agent.post('/signup').type('form').send({
      _csrf: 'forged',
      name: 'No Token',
      email: 'notoken@example.org',
      password: 'a long walk to geneva',
    });
    expect(forged.status).toBe(403);
    expect(await t.dataSource.getRepository(User).countBy({ email: 'notoken@example.org' })).toBe(
      0,
    );
  });

  it('follows ?next= only to local paths', async () => {
    const user = await userFactory(t);
    for (const next of ['https://evil.example/', '//evil.example/x']) {
      const browser = new WebClient(t);
      const response = await browser.submit('/signin', {
        email: user.email,
        password: PASSWORD,
        next,
      });
      expect(response.headers.location).toBe('/');
    }
  });

  it('shows a wrong password and an unverified account as errors on the form', async () => {
    const user = await userFactory(t);
    const unverified = await userFactory(t, { emailVerifiedAt: null });
    const wrong = await new WebClient(t).submit('/signin', {
      email: user.email,
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The email address or password is not correct.');
    expect(wrong.text).toContain(`value="${user.email}"`);
    const pending = await new WebClient(t).submit('/signin', {
      email: unverified.email,
      password: PASSWORD,
    });
    expect(pending.status).toBe(403);
    expect(pending.text).toContain('Confirm your email address first');
  });

  it('resets a forgotten password through the pages, once', async () => {
    const user = await userFactory(t, { locale: 'es' });
    const browser = new WebClient(t);
    const sent = await browser.submit('/forgot-password', { email: user.email });
    expect(sent.status).toBe(303);
    await t.deliverMail();
    const message = await mail.waitFor(user.email, (m) => m.text.includes('/reset-password'));
    expect(message.subject).toMatch(/contraseña/i);
    const { url, token } = linkIn(message, '/reset-password');
    const form = await browser.get(url.pathname + url.search).expect(200);
    expect(form.text).toContain(`value="${token}"`);
    const reset = await browser.agent
      .post('/reset-password')
      .type('form')
      .send({ _csrf: csrfIn(form.text), token, password: 'nuevo pasaporte largo' });
    expect(reset.status).toBe(303);
    const again = await browser.agent
      .post('/reset-password')
      .type('form')
      .send({ _csrf: csrfIn(form.text), token, password: 'otro pasaporte largo' });
    expect(again.status).toBe(400);
    expect(
      (await new WebClient(t).submit('/signin', { email: user.email, password: PASSWORD })).status,
    ).toBe(401);
    expect(
      (
        await new WebClient(t).submit('/signin', {
          email: user.email,
          password: 'nuevo pasaporte largo',
        })
      ).status,
    ).toBe(303);
  });

  describe('the account page: name, language, password and API tokens', () => {
    let user: Awaited<ReturnType<typeof userFactory>>;
    let browser: WebClient;
    let elsewhere: WebClient;
    let shown: { text: string };
    let token: string | undefined;

    beforeAll(async () => {
      user = await userFactory(t);
      browser = new WebClient(t);
      await browser.submit('/signin', { email: user.email, password: PASSWORD });
      // The same account signed in elsewhere, to see which sessions a password change ends.
      elsewhere = new WebClient(t);
      await elsewhere.submit('/signin', { email: user.email, password: PASSWORD });
      await elsewhere.get('/account').expect(200);
    });

    it('changes the name and the language, the pages following at once', async () => {
      expect(
        (await browser.submit('/account', { name: 'Renamed Person', locale: 'es' })).status,
      ).toBe(303);
      const spanish = await browser.get('/account').expect(200);
      expect(spanish.text).toContain('<html lang="es">');
      expect(spanish.text).toContain('Renamed Person');
      expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id })).locale).toBe(
        'es',
      );
    });

    it('re-shows a wrong current password as an error of its field', async () => {
      const wrongCurrent = await browser.submit(
        '/account',
        { currentPassword: 'not my password', password: 'a new long passphrase' },
        '/account/password',
      );
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.text).toContain('href="#field-currentPassword"');
    });

    it('changes the password, keeping this session and ending the others', async () => {
      expect(
        (
          await browser.submit(
            '/account',
            { currentPassword: PASSWORD, password: 'a new long passphrase' },
            '/account/password',
          )
        ).status,
      ).toBe(303);
      await browser.get('/account').expect(200);
      expect((await elsewhere.get('/account')).status).toBe(303);
    });

    it('shows a new API token once, and the token works', async () => {
      expect(
        (await browser.submit('/account', { label: 'reporting script' }, '/account/tokens')).status,
      ).toBe(303);
      shown = await browser.get('/account').expect(200);
      token = /data-testid="new-token">([^<]+)</.exec(shown.text)?.[1];
      expect(token).toMatch(/^cvn_/);
      expect((await browser.get('/account')).text).not.toContain(token!);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('revokes a token, which then stops working', async () => {
      const tokenId = /action="\/account\/tokens\/([0-9a-f-]+)\/revoke"/.exec(shown.text)?.[1];
      expect(
        (await browser.submit('/account', {}, `/account/tokens/${tokenId}/revoke`)).status,
      ).toBe(303);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
    });
  });

  it('re-shows the account form when the name is emptied, and keeps the name', async () => {
    const user = await userFactory(t, { name: 'Kept Name' });
    const browser = new WebClient(t);
    await browser.submit('/signin', { email: user.email, password: PASSWORD });
    for (const name of ['', '   ']) {
      const emptied = await browser.submit('/account', { name, locale: 'en' });
      expect(emptied.status).toBe(400);
      expect(emptied.text).toContain('href="#field-name"');
      expect(emptied.text).toContain('Enter your name (up to 200 characters).');
    }
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id })).name).toBe(
      'Kept Name',
    );
  });

  it('explains a confirmation link that cannot be used, on its own page', async () => {
    const page = await new WebClient(t).get('/verify-email?token=not-a-real-token');
    expect(page.status).toBe(400);
    expect(page.text).toContain('This link cannot be used');
  });

  it('ends a session after 120 idle minutes, and after 12 hours however active', async () => {
    const user = await userFactory(t);
    const idle = new WebClient(t);
    await idle.submit('/signin', { email: user.email, password: PASSWORD });
    t.clock.advance(119 * 60_000);
    let moved = 119 * 60_000;
    try {
      await idle.get('/account').expect(200);
      t.clock.advance(121 * 60_000);
      moved += 121 * 60_000;
      expect((await idle.get('/account')).status).toBe(303);

      const busy = new WebClient(t);
      await busy.submit('/signin', { email: user.email, password: PASSWORD });
      for (let hour = 1; hour <= 11; hour++) {
        t.clock.advance(60 * 60_000);
        moved += 60 * 60_000;
        await busy.get('/account').expect(200);
      }
      t.clock.advance(61 * 60_000);
      moved += 61 * 60_000;
      expect((await busy.get('/account')).status).toBe(303);
    } finally {
      t.clock.advance(-moved);
    }
  });

  it('switches language with ?lang= on any page and remembers it', async () => {
    const browser = new WebClient(t);
    expect((await browser.get('/signin?lang=es')).text).toContain('<html lang="es">');
    const remembered = await browser.get('/signin');
    expect(remembered.text).toContain('<html lang="es">');
    expect(remembered.text).toContain('Iniciar sesión');
    expect((await browser.get('/?lang=xx')).text).toContain('<html lang="es">');
  });

  it('ends a disabled user’s session at once, and lets an admin do it from the users page', async () => {
    const admin = await userFactory(t, { role: 'admin' as User['role'] });
    const member = await userFactory(t, { name: 'To Be Disabled' });
    const memberBrowser = new WebClient(t);
    await memberBrowser.submit('/signin', { email: member.email, password: PASSWORD });
    await memberBrowser.get('/account').expect(200);

    const adminBrowser = new WebClient(t);
    await adminBrowser.submit('/signin', { email: admin.email, password: PASSWORD });
    const users = await adminBrowser.get('/admin/users').expect(200);
    expect(users.text).toContain('To Be Disabled');
    const disabled = await adminBrowser.agent
      .post(`/admin/users/${member.id}`)
      .type('form')
      .send({
        _csrf: csrfIn(users.text),
        disabled: 'true',
        reason: 'Left the organisation.',
        understood: 'on',
      });
    expect(disabled.status).toBe(303);

    const after = await memberBrowser.get('/account');
    expect(after.status).toBe(303);
    expect(after.headers.location).toContain('/signin');
    expect((await memberBrowser.get('/admin/users')).status).toBe(303);
    expect(
      (await new WebClient(t).submit('/signin', { email: member.email, password: PASSWORD }))
        .status,
    ).toBe(401);

    const csoBrowser = new WebClient(t);
    const cso = await userFactory(t);
    await csoBrowser.submit('/signin', { email: cso.email, password: PASSWORD });
    expect((await csoBrowser.get('/admin/users')).status).toBe(403);
  });
});
