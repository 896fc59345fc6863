import type { FastifyRequest } from 'fastify';
import { Hook, isBearerApiRequest, withAdaptedHooks } from './bearer-calls';

type CallbackPlugin<O> = Parameters<typeof withAdaptedHooks<O>>[0];
type Done = (error?: unknown) => void;

/**
 * Where a request's session is kept: null until the session plugin's hook ran (a bearer API call
 * never runs it), PENDING for a request without a session cookie whose session no one asked for
 * yet, then the session itself.
 */
const SLOT = Symbol('session');
const PENDING = Symbol('session not made yet');

interface WithSlot {
  [SLOT]: unknown;
}

/**
 * @fastify/session with sessions made on demand and none at all for bearer API calls. A request
 * that brings no session cookie (every anonymous page view) gets its new session, a random id
 * signed by an HMAC, when something first reads `request.session` (a form's CSRF token, a flash,
 * signing in), not on every request; a session cookie still loads its session before any guard.
 * `request.session` becomes an accessor on Fastify's request prototype, and the per-request state
 * one slot that every request is born with, so a page view costs no property definition.
 */
export function sessionOnDemand<O>(
  plugin: CallbackPlugin<O>,
  cookieName: string,
): CallbackPlugin<O> {
  let makeSession: Hook | undefined;
  const noError: Done = (error) => {
    if (error) throw error;
  };
  return withAdaptedHooks(plugin, {
    // Every request is born with the slot (Fastify sets it in the request's constructor).
    setUp: (instance) => instance.decorateRequest(SLOT as never, null as never),
    requestDecorator: (name, value) => {
      if (name !== 'session') return value;
      return {
        getter(this: FastifyRequest & WithSlot) {
          if (this[SLOT] === PENDING) {
            this[SLOT] = null;
            // Without a cookie the plugin's hook has nothing to load: it sets the session at once.
            makeSession!.call(null, this, null, noError);
          }
          return this[SLOT];
        },
        setter(this: FastifyRequest & WithSlot, session: unknown) {
          this[SLOT] = session;
        },
      };
    },
    hook: (name, hook) => {
      if (name === 'onRequest') {
        makeSession = hook;
        return function (this: unknown, request: FastifyRequest, reply: unknown, done: Done) {
          if (isBearerApiRequest(request)) return done();
          if (request.cookies?.[cookieName]) return hook.call(this, request, reply, done);
          (request as unknown as WithSlot)[SLOT] = PENDING;
          done();
        } as Hook;
      }
      if (name === 'onSend')
        // Saving a changed session and setting its cookie: nothing to do for one never made.
        return function (this: unknown, request: FastifyRequest, reply, payload, done: Done) {
          const slot = (request as unknown as WithSlot)[SLOT];
          if (slot === PENDING || slot === null) return done();
          return hook.call(this, request, reply, payload, done);
        } as Hook;
      throw new Error(`session plugin hook ${name} is not adapted`);
    },
  });
}

/**
 * The request's session if it has one (loaded from its cookie, or already made for it), without
 * making one: reading "who is signed in" or "is there a flash" costs an anonymous visit nothing.
 */
export function existingSession(request: FastifyRequest): FastifyRequest['session'] | undefined {
  const slot = (request as unknown as WithSlot)[SLOT];
  return slot === PENDING || slot === null ? undefined : (slot as FastifyRequest['session']);
}
