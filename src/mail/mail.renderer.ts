import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Handlebars from 'handlebars';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Locale } from '../common/roles';
import { formatDateTime } from '../common/dates';
import { formatAmount } from '../common/money';
import { isLocale, punctuation, t } from '../common/i18n';
import { hostIdentity } from '../common/host';
import { appConfig, hostConfig, projectRoot } from '../config';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const EMAIL_DIR = join(projectRoot, 'views', 'emails');

/** The longest piece of user-chosen text (an organisation's name, a title) a subject may carry. */
export const SUBJECT_TEXT_MAX = 60;

// Control characters, line and paragraph separators, and bidirectional overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line, no control characters, at most `max` characters (an ellipsis marks the cut). */
export function subjectText(value: string, max = SUBJECT_TEXT_MAX): string {
  // No-break spaces stay: French puts one before a colon, an amount before its currency.
  const line = value
    .replace(UNPRINTABLE, ' ')
    .replace(/[^\S\u00a0\u202f]+/g, ' ')
    .trim();
  const characters = Array.from(line);
  return characters.length <= max
    ? line
    : `${characters
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function subjectParams(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      typeof value === 'string' ? subjectText(value) : value,
    ]),
  );
}

type Root = { root: { locale: Locale } };

/**
 * The HTML and the text engine. In HTML, a message's parameters are escaped like the rest of it,
 * except those marked up by `inLanguage` (a title in another language than the mail's, in a
 * `<span lang>` for screen readers); in text, `inLanguage` is the text itself.
 */
function engine(html: boolean): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const locale = (options.data as Root).root.locale;
    const hash = options.hash as Record<string, unknown>;
    if (!Object.values(hash).some((value) => value instanceof hbs.SafeString))
      return t(locale, key, hash);
    // Marked-up parameters go in as placeholders no text can forge, and come back after escaping.
    const nonce = randomUUID();
    const markup: string[] = [];
    const params = Object.fromEntries(
      Object.entries(hash).map(([name, value]) =>
        value instanceof hbs.SafeString
          ? [name, `[${nonce}:${markup.push(value.toString()) - 1}]`]
          : [name, value],
      ),
    );
    return new hbs.SafeString(
      hbs
        .escapeExpression(t(locale, key, params))
        .replace(new RegExp(`\\[${nonce}:(\\d+)\\]`, 'g'), (_, i: string) => markup[+i]),
    );
  });
  const otherLanguage = (language: unknown, options: Handlebars.HelperOptions) =>
    typeof language === 'string' && language !== (options.data as Root).root.locale;
  hbs.registerHelper('lang', (language: unknown, options: Handlebars.HelperOptions) =>
    html && otherLanguage(language, options)
      ? new hbs.SafeString(` lang="${hbs.escapeExpression(String(language))}"`)
      : '',
  );
  hbs.registerHelper(
    'inLanguage',
    (text: unknown, language: unknown, options: Handlebars.HelperOptions) => {
      if (!html) return text;
      const escaped = hbs.escapeExpression(String(text ?? ''));
      return new hbs.SafeString(
        otherLanguage(language, options)
          ? `<span lang="${hbs.escapeExpression(String(language))}">${escaped}</span>`
          : escaped,
      );
    },
  );
  hbs.registerHelper(
    'datetime',
    function (this: unknown, iso: string, timeZone: string, options: Handlebars.HelperOptions) {
      const locale = (options.data as Root).root.locale;
      return iso ? formatDateTime(new Date(iso), locale, timeZone || 'UTC') : '';
    },
  );
  hbs.registerHelper(
    'money',
    function (this: unknown, amount: unknown, currency: string, options: Handlebars.HelperOptions) {
      const locale = (options.data as { root: { locale: Locale } }).root.locale;
      return typeof amount === 'string' && amount ? formatAmount(amount, currency, locale) : '';
    },
  );
  hbs.registerHelper(
    'punct',
    function (this: unknown, mark: string, options: Handlebars.HelperOptions) {
      return punctuation((options.data as { root: { locale: Locale } }).root.locale, mark);
    },
  );
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  return hbs;
}

/** Mail clients that show SVG are few: the mail's header shows a PNG or JPEG logo only. */
const MAIL_LOGO_TYPES = new Set(['image/png', 'image/jpeg']);

/**
 * Renders `views/emails/<template>.{html,text}.hbs` in the recipient's language, inside the
 * layouts that name the host organisation at the top and its contact and privacy notice below.
 */
@Injectable()
export class MailRenderer {
  private readonly html = engine(true);
  private readonly text = engine(false);
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    @Inject(hostConfig.KEY) private readonly host: ConfigType<typeof hostConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  render(template: string, locale: string, payload: Record<string, unknown>): RenderedMail {
    const language: Locale = isLocale(locale) ? locale : 'en';
    const host = hostIdentity(this.host, language, this.app.baseUrl);
    const mailLogoUrl = host.logoType && MAIL_LOGO_TYPES.has(host.logoType) ? host.logoUrl : null;
    const data = { ...payload, locale: language };
    const frame = { ...data, host, mailLogoUrl };
    const subjectKey =
      typeof payload.event === 'string'
        ? `emails.${template}.${payload.event}.subject`
        : `emails.${template}.subject`;
    return {
      subject: subjectText(
        t(language, subjectKey, subjectParams(payload)),
        Number.MAX_SAFE_INTEGER,
      ),
      html: this.compile(
        'layout.html',
        true,
      )({
        ...frame,
        body: this.compile(`${template}.html`, true)(data),
      }),
      text: this.compile(
        'layout.text',
        false,
      )({
        ...frame,
        body: this.compile(`${template}.text`, false)(data).trim(),
      }),
    };
  }

  private compile(name: string, html: boolean): Handlebars.TemplateDelegate {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const source = readFileSync(join(EMAIL_DIR, `${name}.hbs`), 'utf8');
    const compiled = (html ? this.html : this.text).compile(source, {
      noEscape: !html,
      strict: false,
    });
    this.cache.set(name, compiled);
    return compiled;
  }
}
