import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/webhooks/signature';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; event: string; at: string; data: Record<string, unknown> };
  /** The status this receiver answered. */
  answered: number;
}

/** The README's receiver check, written out apart from the app's helper so each checks the other. */
function readmeVerify(secret: string, header: string | undefined, rawBody: string): boolean {
  const now = Math.floor(Date.now() / 1000);
  const parts = (header ?? '').split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return parts.some(
    ([k, v]) =>
      k === 'v1' && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, 'hex'), expected),
  );
}

/**
 * A webhook receiver on node:http, as the host's pass office would run one: it checks every
 * delivery's signature with the documented helper and with the README's recipe (a delivery
 * either refuses is answered 401) and answers
 * `status` (200 unless a test makes it fail).
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  status = 200;
  secret = '';
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const signature = request.headers['convene-signature'] as string | undefined;
        const signed =
          verifySignature(this.secret, signature, raw) && readmeVerify(this.secret, signature, raw);
        const answered = signed ? this.status : 401;
        this.received.push({
          path: request.url ?? '',
          headers: request.headers,
          raw,
          body: JSON.parse(raw) as ReceivedDelivery['body'],
          answered,
        });
        response.writeHead(answered, { 'Content-Type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Deliveries this receiver accepted (answered 2xx), per event id. */
  accepted(): Map<string, ReceivedDelivery[]> {
    const byId = new Map<string, ReceivedDelivery[]>();
    for (const r of this.received.filter((d) => d.answered < 300))
      byId.set(r.body.id, [...(byId.get(r.body.id) ?? []), r]);
    return byId;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(null)));
  }
}
