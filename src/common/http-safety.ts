import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IncomingMessage, validateHeaderName, validateHeaderValue } from 'node:http';
import { InvalidInputError } from './domain-error';
import { normaliseTextInput } from './input';
import { isApiRequest } from './web';

/** An early answer waits for at most this much of an unread request body, then closes. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

/**
 * Every query string and parsed body, before any guard or handler reads it: line breaks become LF;
 * other control characters are refused (a NUL would fail on PostgreSQL, and nothing needs them).
 * A page's form body goes on to its handler, whose validateForm re-shows the form with the error.
 */
export function checkTextInput(request: FastifyRequest): void {
  const query = normaliseTextInput(request.query);
  const body = normaliseTextInput(request.body);
  request.body = body.value;
  const refused = isApiRequest(request)
    ? [...query.invalidFields, ...body.invalidFields]
    : query.invalidFields;
  if (refused.length) {
    throw new InvalidInputError(
      Object.fromEntries(refused.map((field) => [field, ['errors.control_characters']])),
    );
  }
}

/** What Node's validateHeaderName and validateHeaderValue accept, tested without throwing. */
const HEADER_NAME = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const HEADER_VALUE_REFUSED = /[^\t\x20-\x7e\x80-\xff]/;

function plainlyValid(name: string, value: unknown): boolean {
  if (!HEADER_NAME.test(name)) return false;
  if (typeof value === 'string') return !HEADER_VALUE_REFUSED.test(value);
  if (typeof value === 'number') return true;
  return false;
}

/** The names Node would refuse; every ordinary answer passes the plain test without allocating. */
function invalidHeaders(reply: FastifyReply): string[] {
  const headers = reply.getHeaders();
  let valid = true;
  for (const name in headers) {
    if (!plainlyValid(name, headers[name])) {
      valid = false;
      break;
    }
  }
  if (valid) return [];
  return Object.entries(headers).flatMap(([name, value]) => {
    try {
      validateHeaderName(name);
      for (const item of Array.isArray(value) ? value : [value])
        validateHeaderValue(name, String(item));
      return [];
    } catch {
      return [name];
    }
  });
}

export class InvalidReplyHeaderError extends Error {
  constructor(names: string[]) {
    super(`reply header not valid: ${names.join(', ')}`);
  }
}

/** Reads and discards what the client is still sending, so that it can finish and read the answer. */
function drain(raw: IncomingMessage): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_MAX_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_MAX_MS);
    raw.on('data', onData).once('end', finish).once('error', finish).once('close', finish);
    raw.unpipe();
    raw.resume();
  });
}

/**
 * The last onSend hook. A header value that Node would refuse at writeHead (a character outside
 * Latin-1, a line break) is removed and the reply becomes a 500, instead of an exception in the
 * middle of Fastify's send path that no one catches. Being async, it also puts the final writeHead
 * inside Fastify's own error handling, whatever callback-style hook ran before it.
 */
export function registerReplySafety(instance: FastifyInstance): void {
  instance.addHook('onSend', async (request, reply, payload) => {
    const invalid = invalidHeaders(reply);
    if (invalid.length) {
      for (const name of invalid) reply.removeHeader(name);
      throw new InvalidReplyHeaderError(invalid);
    }
    const raw = request.raw;
    if (!(raw.complete || raw.readableEnded || raw.destroyed)) await drain(raw);
    return payload;
  });
}
