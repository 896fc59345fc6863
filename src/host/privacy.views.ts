import { t } from '../common/i18n';
import { Locale } from '../common/roles';
import { AppConfig } from '../config/app.config';
import { HostConfig } from '../config/host.config';
import { MailConfig } from '../config/mail.config';
import { RetentionConfig } from '../config/retention.config';

/**
 * The built-in privacy notice, its durations read from the configuration so that it says what
 * this instance really does.
 */
export function privacyNotice(
  locale: Locale,
  config: { host: HostConfig; app: AppConfig; mail: MailConfig; retention: RetentionConfig },
) {
  const host = config.host.names[locale];
  const { sessionIdleMinutes, sessionAbsoluteHours } = config.app;
  const section = (heading: string, paragraphs: string[]) => ({
    heading: t(locale, `privacy.${heading}`),
    paragraphs: paragraphs.map((key) =>
      t(locale, `privacy.${key}`, {
        host,
        idle: t(locale, 'privacy.minutes', { count: sessionIdleMinutes }),
        absolute: t(locale, 'privacy.hours', { count: sessionAbsoluteHours }),
        days: config.mail.retentionDays,
        passportDays: config.retention.passportDays,
        participantDays: config.retention.participantDays,
        documentDays: config.retention.accreditationDocumentDays,
      }),
    ),
  });
  return {
    title: 'privacy.title',
    intro: t(locale, 'privacy.intro', { host }),
    hostName: host,
    ownNoticeUrl: config.host.privacyUrl || null,
    contactEmail: config.host.contactEmail || null,
    controllerEmail: config.host.controllerContact || config.host.contactEmail || null,
    sections: [
      section('account_heading', ['account', 'sessions', 'attempts', 'links', 'cookies']),
      section('organisations_heading', ['organisations', 'documents_retention']),
      section('registrations_heading', [
        'registrations',
        'participants_retention',
        'published_list',
        'funding',
        'passport',
      ]),
      section('mail_heading', ['mail']),
      section('audit_heading', ['audit']),
      section('rights_heading', ['rights_export', 'rights_delete']),
    ],
  };
}
