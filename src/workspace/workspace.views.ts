import { pagerLinks } from '../common/pager';
import { DirectoryQueryDto } from '../organisations/dto/organisation.dto';
import { formatNumber } from '../common/i18n';
import { formatUtc } from '../common/dates';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTextFields } from '../consultations/consultation.views';
import { RenderedMail } from '../mail/mail.renderer';
import { Page } from '../common/page';
import { SignedInUser } from '../common/web';
import { countryName } from '../organisations/countries';
import { Organisation } from '../organisations/organisation.entity';
import { RegistrationStatus } from '../registrations/registration.entity';
import { ConsultationMessage, MessageText } from './consultation-message.entity';
import { Recipient, textFor } from './consultation-messages';
import { ConsultationMessageDto } from './dto/workspace.dto';

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** The message page: who to write to, what to write, and the copies already sent. */
export function messagesPageView(
  data: { consultation: Consultation; organisations: Organisation[]; sent: ConsultationMessage[] },
  locale: Locale,
  values: Record<string, unknown> = {},
) {
  const statuses = list(values.statuses);
  const organisations = new Map(data.organisations.map((o) => [o.id, o.name]));
  return {
    title: 'staff.messages.title',
    consultation: {
      id: data.consultation.id,
      ...consultationTextFields(data.consultation, locale),
    },
    statuses: Object.values(RegistrationStatus).map((value) => ({
      value,
      checked: statuses.includes(value),
    })),
    organisations: data.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      selected: values.organisationId === o.id,
    })),
    hidden: Object.entries(values)
      .filter(([name]) => name !== '_csrf' && name !== 'step')
      .flatMap(([name, value]) => list(value).map((v) => ({ name, value: v }))),
    visa: ['', 'yes', 'no'].map((value) => ({
      value,
      selected: (values.needsVisaLetter ?? '') === value,
    })),
    sent: data.sent.map((m) => ({
      subject: m.subject,
      at: formatUtc(m.createdAt, locale),
      count: formatNumber(locale, m.recipientCount),
      statuses: m.audience.statuses ?? [],
      organisation: m.audience.organisationId ? organisations.get(m.audience.organisationId) : null,
      visa: m.audience.needsVisaLetter,
      hasVisaFilter: m.audience.needsVisaLetter !== undefined,
    })),
  };
}

/**
 * The preview: how many will receive it and, for each language among them, the mail as the
 * worker will render it (subject and text).
 */
export function messagePreview(
  recipients: Recipient[],
  input: ConsultationMessageDto,
  render: (locale: Locale, text: MessageText) => RenderedMail,
) {
  const byLocale = new Map<Locale, number>();
  for (const r of recipients) byLocale.set(r.locale, (byLocale.get(r.locale) ?? 0) + 1);
  return {
    count: recipients.length,
    languages: [...byLocale].map(([locale, count]) => {
      const mail = render(locale, textFor(locale, input, input.translations ?? {}));
      return { locale, count, subject: mail.subject, text: mail.text };
    }),
  };
}

function organisationRow(o: Organisation, locale: Locale) {
  return {
    id: o.id,
    name: o.name,
    acronym: o.acronym,
    country: countryName(o.country, locale),
    type: o.type,
    observerStatus: o.observerStatus,
    createdAt: formatUtc(o.createdAt, locale),
  };
}

/** Every organisation for staff, with search and pages; admins may merge a duplicate. */
export function staffOrganisationsView(
  page: Page<Organisation>,
  query: DirectoryQueryDto,
  viewer: SignedInUser,
  locale: Locale,
) {
  const { q, country, region, type, thematicArea, observer, pageSize } = query;
  return {
    title: 'staff.organisations.title',
    q: q ?? '',
    total: page.total,
    pager: pagerLinks(
      '/staff/organisations',
      { q, country, region, type, thematicArea, observer, pageSize },
      page,
    ),
    canMerge: viewer.role === 'admin',
    organisations: page.items.map((o) => organisationRow(o, locale)),
  };
}

/** Merging one organisation into another: the duplicate, the candidates found, any conflicts. */
export function mergePageView(
  organisation: Organisation,
  candidates: Organisation[],
  q: string,
  locale: Locale,
) {
  return {
    title: 'staff.merge.title',
    organisation: organisationRow(organisation, locale),
    merged: organisation.mergedIntoId !== null,
    q,
    candidates: candidates.map((o) => organisationRow(o, locale)),
  };
}
