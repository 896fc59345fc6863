import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { pinnedLookup, postJson } from './webhook-http';

describe('postJson, the webhook sender', () => {
  let server: Server;
  let port: number;
  let received: string[];

  beforeAll(async () => {
    received = [];
    server = createServer((request, response) => {
      received.push(request.url ?? '');
      if (request.url === '/redirect') {
        response.writeHead(302, { Location: '/elsewhere' }).end();
        return;
      }
      if (request.url === '/slow') return; // never answers
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (url: string, allowPrivate: boolean, timeoutMs = 2000) =>
    postJson(url, { 'Content-Type': 'application/json' }, '{}', { timeoutMs, allowPrivate });

  it('refuses a loopback address given as an IP, and a name that resolves to one, before connecting', async () => {
    for (const url of [`http://127.0.0.1:${port}/ip`, `http://localhost:${port}/name`]) {
      const result = await post(url, false);
      expect(result.statusCode).toBeNull();
      expect(result.error).toMatch(/refused/);
    }
    expect(received).toEqual([]);
  });

  it('reaches the same addresses with WEBHOOK_ALLOW_PRIVATE, and follows no redirect', async () => {
    expect((await post(`http://localhost:${port}/name`, true)).statusCode).toBe(204);
    expect((await post(`http://127.0.0.1:${port}/redirect`, true)).statusCode).toBe(302);
    expect(received).toEqual(['/name', '/redirect']);
  });

  it('resolves a name once and hands the socket only an address that passed the check', async () => {
    const resolve = (allowPrivate: boolean) =>
      new Promise<{ error: Error | null; address: unknown }>((done) =>
        pinnedLookup(allowPrivate)('localhost', { family: 0 }, (error, address) =>
          done({ error, address }),
        ),
      );
    const refused = await resolve(false);
    expect(refused.error?.message).toMatch(/refused/);
    expect(refused.address).toBe('');
    const allowed = await resolve(true);
    expect(allowed.error).toBeNull();
    expect(allowed.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const result = await post(`http://127.0.0.1:${port}/slow`, true, 300);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/timed out|no answer/);
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
  });
});
