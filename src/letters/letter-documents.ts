import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { FastifyReply } from 'fastify';
import { hostIdentity } from '../common/host';
import { Links } from '../common/links';
import { appConfig, hostConfig } from '../config';
import { MailAttachments, RenderedAttachment } from '../mail/mail-attachments';
import { renderLetter } from './letter.pdf';
import { LetterQueries } from './letters.queries';

/** The verification page's address for a code, as the letter's QR code carries it. */
export const verifyPath = '/letters/verify';

/**
 * Renders issued letters when they are asked for — a download, or the worker attaching one to a
 * mail at send time (attachment kind `letter`, from the request id) — and never stores them.
 */
@Injectable()
export class LetterDocuments implements OnModuleInit {
  constructor(
    @Inject(hostConfig.KEY) private readonly host: ConfigType<typeof hostConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly queries: LetterQueries,
    private readonly links: Links,
    private readonly attachments: MailAttachments,
  ) {}

  onModuleInit(): void {
    this.attachments.register('letter', (request) =>
      typeof request.letterRequestId === 'string'
        ? this.render(request.letterRequestId)
        : Promise.resolve(null),
    );
  }

  verifyUrl(code: string): string {
    return this.links.to(verifyPath, { code });
  }

  /** The letter's PDF, or null when it is not (or no longer) issued. */
  async render(id: string): Promise<RenderedAttachment | null> {
    const facts = await this.queries.facts(id);
    if (!facts) return null;
    const content = await renderLetter(
      facts,
      {
        ...hostIdentity(this.host, facts.locale, this.app.baseUrl),
        logo: this.host.logo,
        signatory: this.host.signatory,
      },
      this.verifyUrl(facts.code),
    );
    return {
      filename: `invitation-letter-${facts.code.slice(0, 4)}.pdf`,
      contentType: 'application/pdf',
      content,
    };
  }
}

/** Sends a rendered letter: private, never cached, downloaded rather than shown inline. */
export function sendPdf(reply: FastifyReply, pdf: RenderedAttachment) {
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${pdf.filename}"`)
    .header('Cache-Control', 'private, no-store')
    .send(pdf.content);
}
