import type { FastifyReply, FastifyRequest } from 'fastify';
import { Hook, isBearerApiRequest, withAdaptedHooks } from './bearer-calls';

type CallbackPlugin<O> = Parameters<typeof withAdaptedHooks<O>>[0];
type Done = (error?: unknown) => void;

/** Requests without a session cookie whose session no one has asked for yet. */
const notYetMade = new WeakSet<FastifyRequest>();

function settle(request: FastifyRequest, value: unknown): void {
  Object.defineProperty(request, 'session', {
    value,
    writable: true,
    configurable: true,
    enumerable: true,
  });
}

/**
 * @fastify/session's onRequest hook, except for a request that brings no session cookie (every
 * anonymous page view): its new session, with a random id signed by an HMAC, is made when
 * something first reads `request.session` (a form's CSRF token, a flash, signing in), not for
 * every request. Such a request's hook is synchronous (nothing to load), so it runs in the getter.
 */
function onRequestOnDemand(hook: Hook, cookieName: string): Hook {
  return function (this: unknown, request: FastifyRequest, ...rest: unknown[]) {
    const [reply, done] = rest as [FastifyReply, Done];
    if (isBearerApiRequest(request)) return done();
    if (request.cookies?.[cookieName]) return hook.call(this, request, reply, done);
    const make = () =>
      hook.call(this, request, reply, (error?: unknown) => {
        if (error) throw error;
      });
    notYetMade.add(request);
    Object.defineProperty(request, 'session', {
      configurable: true,
      enumerable: true,
      get() {
        notYetMade.delete(request);
        settle(request, undefined);
        make();
        return request.session;
      },
      set(value: unknown) {
        notYetMade.delete(request);
        settle(request, value);
      },
    });
    done();
  };
}

/** The onSend hook (saving a changed session, setting its cookie): nothing to do for one never made. */
function onSendOnDemand(hook: Hook): Hook {
  return function (this: unknown, request: FastifyRequest, ...rest: unknown[]) {
    if (isBearerApiRequest(request) || notYetMade.has(request))
      return (rest[rest.length - 1] as Done)();
    return hook.call(this, request, ...rest);
  };
}

/**
 * @fastify/session with sessions made on demand (see onRequestOnDemand) and none at all for
 * bearer API calls. A session cookie still loads its session before any guard runs.
 */
export function sessionOnDemand<O>(
  plugin: CallbackPlugin<O>,
  cookieName: string,
): CallbackPlugin<O> {
  return withAdaptedHooks(plugin, (name, hook) => {
    if (name === 'onRequest') return onRequestOnDemand(hook, cookieName);
    if (name === 'onSend') return onSendOnDemand(hook);
    throw new Error(`session plugin hook ${name} is not adapted`);
  });
}

/**
 * The request's session if it has one (loaded from its cookie, or already made for it), without
 * making one: reading "who is signed in" or "is there a flash" costs an anonymous visit nothing.
 */
export function existingSession(request: FastifyRequest): FastifyRequest['session'] | undefined {
  return notYetMade.has(request) ? undefined : request.session;
}
