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
});
