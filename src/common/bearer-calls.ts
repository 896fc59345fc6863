import { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiRequest } from './web';

/** An API call authenticated by `Authorization: Bearer …`: it uses no cookie and no session. */
export function isBearerApiRequest(request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  return header !== undefined && isApiRequest(request) && /^Bearer\s/i.test(header);
}

export type Hook = (this: unknown, request: FastifyRequest, ...rest: unknown[]) => unknown;

/** The plugin's view of the server: every hook it adds goes through `adapt` first. */
function adaptingHooks(
  instance: FastifyInstance,
  adapt: (name: string, hook: Hook) => Hook,
): FastifyInstance {
  return new Proxy(instance, {
    get(target, key) {
      if (key === 'addHook')
        return (name: string, hook: Hook) => target.addHook(name as 'onRequest', adapt(name, hook));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

type CallbackPlugin<O> = (
  instance: FastifyInstance,
  options: O,
  done: (error?: Error) => void,
) => void;

/**
 * The same Fastify plugin (name, dependencies and encapsulation kept), with each hook it adds
 * replaced by `adapt(name, hook)` (which runs at start-up, not per request).
 */
export function withAdaptedHooks<O>(
  plugin: CallbackPlugin<O>,
  adapt: (name: string, hook: Hook) => Hook,
): CallbackPlugin<O> {
  const wrapped: CallbackPlugin<O> = (instance, options, done) =>
    plugin(adaptingHooks(instance, adapt), options, done);
  for (const symbol of Object.getOwnPropertySymbols(plugin))
    (wrapped as unknown as Record<symbol, unknown>)[symbol] = (
      plugin as unknown as Record<symbol, unknown>
    )[symbol];
  return wrapped;
}

/** The hook, except that a bearer API call passes over it (its last argument is `done`). */
export function skippingBearerCalls(hook: Hook): Hook {
  return function (this: unknown, request: FastifyRequest, ...rest: unknown[]) {
    if (!isBearerApiRequest(request)) return hook.call(this, request, ...rest);
    (rest[rest.length - 1] as () => void)();
  };
}

/**
 * The same Fastify plugin, except that its hooks do not run for bearer API calls: the cookie
 * parser and the session (loading, creating and signing a session id, saving it) cost an API
 * client nothing, since it sends neither cookie nor CSRF token.
 */
export function exceptForBearerCalls<O>(plugin: CallbackPlugin<O>): CallbackPlugin<O> {
  return withAdaptedHooks(plugin, (_name, hook) => skippingBearerCalls(hook));
}
