import { appConfig, hostConfig } from '../config';
import { MailRenderer, subjectText } from './mail.renderer';

describe('mail subjects', () => {
  const renderer = new MailRenderer(hostConfig(), appConfig());

  it('keep user-chosen text to one short line', () => {
    const subject = renderer.render('invitation', 'en', {
      inviter: 'Win a prize now\r\nBcc: everyone@example.org',
      organisation: `Visit http://spam.example ${'and claim it '.repeat(20)}`,
      role: 'member',
      actionUrl: 'http://convene.test/invitations/accept?token=x',
      days: 7,
    }).subject;
    expect(Array.from(subject).every((c) => c.charCodeAt(0) >= 0x20)).toBe(true);
    expect(subject).toContain('Win a prize now Bcc: everyone@example.org');
    expect(subject).toContain('…');
    expect(subject.length).toBeLessThanOrEqual(
      60 + 60 + 'invites you to join on Convene'.length + 4,
    );
  });

  it('cut at 60 characters with an ellipsis, without splitting a character', () => {
    expect(subjectText('a'.repeat(60))).toBe('a'.repeat(60));
    expect(subjectText(`${'é'.repeat(58)} 😀😀`)).toBe(`${'é'.repeat(58)}…`);
    expect(Array.from(subjectText('😀'.repeat(80)))).toHaveLength(60);
    expect(subjectText('Right\u202eto left\u0007 bell')).toBe('Right to left bell');
  });

  it('keep the no-break spaces of French typography', () => {
    const subject = renderer.render('funding', 'fr', {
      event: 'received',
      participant: 'Awa',
    }).subject;
    expect(subject).toBe('Demande de financement reçue\u202f: Awa');
  });
});

describe('mail bodies', () => {
  const renderer = new MailRenderer(hostConfig(), appConfig());
  const funding = {
    event: 'awarded',
    name: 'Awa',
    participant: 'Awa Ndiaye',
    consultation: 'Migrants and Development',
    requested: '2235.50',
    awarded: '12000.00',
    currency: 'USD',
    reason: '',
    url: 'http://convene.test/organisations/x/delegation',
  };

  it.each([
    ['en', '12,000.00\u00a0USD', '2,235.50\u00a0USD'],
    ['fr', '12\u202f000,00\u00a0USD', '2\u202f235,50\u00a0USD'],
    ['es', '12.000,00\u00a0USD', '2235,50\u00a0USD'],
  ])('write money as the reader’s language does (%s)', (locale, awarded, requested) => {
    const mail = renderer.render('funding', locale, funding);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(awarded);
      expect(body).toContain(requested);
    }
  });

  it('set French punctuation after a value with a narrow no-break space', () => {
    expect(renderer.render('funding', 'fr', funding).text).toContain(
      'Votre délégation\u202f: http://convene.test',
    );
  });
});

describe('a title in another language than the mail', () => {
  const renderer = new MailRenderer(hostConfig(), appConfig());
  const payload = {
    event: 'confirmed',
    participant: 'Ana <b>Pérez</b>',
    organisation: 'Red & Co',
    consultation: 'Migrants & Development',
    consultationLang: 'en',
    consultationUrl: 'http://convene.test/consultations/1',
    delegationUrl: 'http://convene.test/organisations/1/delegation',
  };

  it('is marked with its language in HTML, every parameter escaped', () => {
    const mail = renderer.render('registration', 'es', payload);
    expect(mail.html).toContain('<span lang="en">Migrants &amp; Development</span>');
    expect(mail.html).toContain('Ana &lt;b&gt;Pérez&lt;/b&gt; (Red &amp; Co)');
    expect(mail.html).toContain('<a href="http://convene.test/consultations/1" lang="en">');
    expect(mail.text).toContain('Migrants & Development');
    expect(mail.text).not.toContain('lang=');
  });

  it('is left unmarked in the mail’s own language', () => {
    const mail = renderer.render('registration', 'en', payload);
    expect(mail.html).toContain('for Migrants &amp; Development is confirmed');
    expect(mail.html).not.toMatch(/<(span|a)[^>]* lang=/);
  });
});
