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

/**
 * A webhook receiver on node:http, as the host's pass office would run one: it checks every
 * delivery's signature with the documented helper (a bad one is answered 401) and answers
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
        const answered = verifySignature(this.secret, signature, raw) ? this.status : 401;
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
