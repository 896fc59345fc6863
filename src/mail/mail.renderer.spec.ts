import { MailRenderer, subjectText } from './mail.renderer';

describe('mail subjects', () => {
  const renderer = new MailRenderer();

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
});

describe('a title in another language than the mail', () => {
  const renderer = new MailRenderer();
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
