import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatDate } from '../common/dates';
import type { HostIdentity } from '../common/host';
import { t } from '../common/i18n';
import { formatMoney } from '../common/money';
import { Locale } from '../common/roles';
import { consultationTexts } from '../consultations/consultation.views';
import { countryName } from '../organisations/countries';
import type { LetterFacts } from './letters.queries';

export interface LetterHost extends HostIdentity {
  logo: { contentType: string; bytes: Buffer } | null;
  signatory: { name: string; title: string };
}

const MARGIN = 64;

/**
 * The standard PDF fonts speak WinAnsi: the narrow no-break space French punctuation uses
 * becomes a plain no-break space, and anything the font cannot draw a question mark.
 */
function pdfText(text: string): string {
  return text
    .replace(/[\u202f\u2009]/g, '\u00a0')
    .replace(/[^\u0020-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]/g, '?');
}

function day(value: string, locale: Locale): string {
  return formatDate(new Date(`${value}T12:00:00Z`), locale, 'UTC');
}

/**
 * The visa invitation letter, rendered on demand in the participant's language and never stored:
 * letterhead and signatory from configuration, the consultation, the person as their passport
 * names them, the organisation, travel funding, the date of issue and the verification code with
 * a QR code of the verification address.
 */
// Long on purpose: the letter is one page written top to bottom; splitting it hides its order.
export async function renderLetter(
  facts: LetterFacts,
  host: LetterHost,
  verifyUrl: string,
): Promise<Buffer> {
  const { letter, consultation, organisation, locale } = facts;
  const say = (key: string, params: Record<string, unknown> = {}) =>
    pdfText(t(locale, `letters.pdf.${key}`, params));
  const title = consultationTexts(consultation, locale).title.text;
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: pdfText(`${t(locale, 'letters.pdf.subject', { title })}`),
      Author: pdfText(host.name),
      CreationDate: letter.issuedAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (host.logo && host.logo.contentType !== 'image/svg+xml') {
    doc.image(host.logo.bytes, MARGIN, MARGIN, { fit: [120, 60] });
    doc.moveDown(4);
  }
  doc.font('Helvetica-Bold').fontSize(14).text(pdfText(host.name));
  doc.font('Helvetica').fontSize(9);
  if (host.address) doc.text(pdfText(host.address));
  if (host.contactEmail) doc.text(pdfText(host.contactEmail));
  doc.moveDown(2).fontSize(10);
  doc.text(
    say('date_of_issue', { date: formatDate(letter.issuedAt!, locale, consultation.timezone) }),
    {
      align: 'right',
    },
  );
  doc.moveDown();
  doc.text(
    say('to', {
      city: letter.consulateCity,
      country: countryName(letter.consulateCountry, locale),
    }),
  );
  doc.moveDown();
  doc.font('Helvetica-Bold').text(say('subject', { title }));
  doc.font('Helvetica').moveDown();
  doc.text(say('greeting'));
  doc.moveDown(0.5);
  doc.text(
    say('body', {
      host: host.name,
      name: letter.passportName,
      nationality: countryName(letter.nationality, locale),
      passport: facts.passportNumber,
      organisation: organisation.name,
      title,
      venue: consultation.venue,
      city: consultation.city,
      country: countryName(consultation.country, locale),
      start: formatDate(consultation.startsAt, locale, consultation.timezone),
      end: formatDate(consultation.endsAt, locale, consultation.timezone),
    }),
  );
  doc.moveDown(0.5);
  doc.text(
    say('stay', {
      arrival: day(letter.arrivalDate, locale),
      departure: day(letter.departureDate, locale),
    }),
  );
  doc.moveDown(0.5);
  doc.text(
    facts.funding
      ? say('funded', {
          amount: formatMoney(facts.funding.amountMinor, facts.funding.currency, locale),
          host: host.name,
        })
      : say('not_funded', { host: host.name }),
  );
  doc.moveDown(0.5);
  doc.text(say('request', { host: host.name }));
  doc.moveDown(2);
  doc.text(say('closing'));
  doc.moveDown(2);
  doc.font('Helvetica-Bold').text(pdfText(host.signatory.name));
  doc.font('Helvetica').text(pdfText(host.signatory.title));
  doc.text(pdfText(host.name));

  const boxTop = doc.page.height - MARGIN - 120;
  doc.image(qr, MARGIN, boxTop, { width: 110 });
  doc.fontSize(9).text(say('verify_intro'), MARGIN + 125, boxTop + 8, { width: 330 });
  doc.moveDown(0.5);
  doc.font('Courier-Bold').fontSize(11).text(facts.code, { width: 330 });
  doc.font('Helvetica').fontSize(9).moveDown(0.5);
  doc.text(pdfText(verifyUrl), { width: 330 });
  doc.end();
  return done;
}
