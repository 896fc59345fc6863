import { Injectable, Logger } from '@nestjs/common';
import { Locale } from '../common/roles';

/**
 * What an outbox row asks to attach, in `payload.attachments`: a kind and the ids and facts the
 * kind's renderer needs — never the rendered file. The worker renders each one at send time.
 */
export interface AttachmentRequest {
  kind: string;
  [fact: string]: unknown;
}

export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
}

/**
 * Renders one attachment when the message is sent (outside any transaction). Answers null when
 * there is nothing to attach any more (a letter revoked since the mail was queued): the mail goes
 * without it.
 */
export type AttachmentRenderer = (
  request: AttachmentRequest,
  locale: Locale,
) => Promise<RenderedAttachment | null>;

/**
 * The kinds of attachment mail may carry, each registered by the module that owns it (the calendar
 * entry by registrations, the badge by badges, the visa letter by letters) in its
 * `onModuleInit`, so the mail module renders them without depending on those modules.
 */
@Injectable()
export class MailAttachments {
  private readonly logger = new Logger(MailAttachments.name);
  private readonly renderers = new Map<string, AttachmentRenderer>();

  register(kind: string, renderer: AttachmentRenderer): void {
    if (this.renderers.has(kind)) throw new Error(`attachment kind ${kind} registered twice`);
    this.renderers.set(kind, renderer);
  }

  /** Renders every requested attachment; an unknown kind is an error, so the send is retried. */
  async render(requests: unknown, locale: Locale): Promise<RenderedAttachment[]> {
    if (!Array.isArray(requests)) return [];
    const rendered: RenderedAttachment[] = [];
    for (const request of requests as AttachmentRequest[]) {
      const renderer = this.renderers.get(request?.kind);
      if (!renderer) throw new Error(`no renderer for attachment kind ${String(request?.kind)}`);
      const attachment = await renderer(request, locale);
      if (attachment) rendered.push(attachment);
      else this.logger.log(`attachment ${request.kind} no longer applies; sent without it`);
    }
    return rendered;
  }
}
