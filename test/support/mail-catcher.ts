import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server for the tests. It can be told to answer the next deliveries with an error
 * code (451 for "try later", 550 for "never"), as a real mail server would.
 */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  /** Every DATA the server received, accepted or not. */
  deliveries = 0;
  private scripted: { code: number; echo: boolean }[] = [];
  private gate?: Promise<void>;
  private server?: SMTPServer;
  port = 0;

  /** Listens on `port` (0: any free one; the same port again after an outage). */
  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          this.deliveries++;
          await this.gate;
          const script = this.scripted.shift();
          if (script) {
            const { code, echo } = script;
            // Some servers quote the message back in their answer: the first link, here.
            const quoted = echo
              ? ` (${/https?:\/\/\S+/.exec(decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')))?.[0] ?? ''})`
              : '';
            const error = Object.assign(
              new Error(`${code >= 500 ? 'Mailbox unavailable' : 'Try again later'}${quoted}`),
              { responseCode: code },
            );
            callback(error);
            return;
          }
          simpleParser(Buffer.concat(chunks))
            .then((parsed) => {
              this.messages.push({
                to: (Array.isArray(parsed.to) ? parsed.to[0] : parsed.to)?.value[0]?.address ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
                parsed,
              });
              callback();
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Holds every delivery (after counting it) until the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  /** The next deliveries are refused with these codes, in order. */
  refuseNext(...codes: number[]): void {
    this.scripted.push(...codes.map((code) => ({ code, echo: false })));
  }

  /** The next delivery is refused with `code`, the answer quoting the first link of the message. */
  refuseNextQuotingLink(code: number): void {
    this.scripted.push({ code, echo: true });
  }

  to(address: string): CaughtMail[] {
    return this.messages.filter((m) => m.to === address.toLowerCase());
  }

  /** The last message to `address`, waiting for it to arrive. */
  async waitFor(
    address: string,
    predicate: (mail: CaughtMail) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address).filter(predicate).at(-1);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The link in a message's text that goes to `path`, and the token it carries. */
export function linkIn(mail: CaughtMail, path: string): { url: URL; token: string } {
  const match = mail.text.match(
    new RegExp(`https?://[^\\s]*${path.replace(/[/]/g, '\\/')}\\?token=[^\\s]+`),
  );
  if (!match) throw new Error(`no ${path} link in mail "${mail.subject}"`);
  const url = new URL(match[0]);
  return { url, token: url.searchParams.get('token')! };
}
