import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction, Socket } from 'node:net';
import { isPrivateAddress } from './address-policy';

export class RefusedAddressError extends Error {
  constructor() {
    super('refused: the address is private or loopback');
  }
}

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * The lookup every delivery connects through: the name is resolved once, every address it gave is
 * checked, and the socket connects to the address that passed (Host header and TLS SNI still name
 * the host), so a DNS answer that changes between the check and the connection cannot smuggle a
 * private address in.
 */
export function pinnedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address)))
        return callback(new RefusedAddressError(), '', 0);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs one delivery and waits for the answer (its body is read and dropped), never following a
 * redirect. The address actually connected is checked again when the socket connects.
 */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const target = new URL(url);
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    statusCode,
    durationMs: Date.now() - started,
    error,
  });
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) && isPrivateAddress(literal))
    return Promise.resolve(done(null, new RefusedAddressError().message));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    lookup: pinnedLookup(options.allowPrivate),
    timeout: options.timeoutMs,
    signal: AbortSignal.timeout(options.timeoutMs),
    agent: false,
  };
  return new Promise((resolve) => {
    const req = send(target, requestOptions, (response) => {
      response.resume();
      response.on('end', () => resolve(done(response.statusCode ?? null, null)));
      response.on('error', (error) => resolve(done(response.statusCode ?? null, error.message)));
    });
    req.on('socket', (socket: Socket) =>
      socket.on('connect', () => {
        if (!options.allowPrivate && isPrivateAddress(socket.remoteAddress ?? ''))
          req.destroy(new RefusedAddressError());
      }),
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve(done(null, shortError(error))));
    req.end(body);
  });
}

function shortError(error: Error & { code?: string }): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timed out';
  return (error.code ? `${error.code}: ` : '') + error.message.slice(0, 200);
}
