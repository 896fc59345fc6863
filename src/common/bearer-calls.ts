import { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiRequest } from './web';

/** An API call authenticated by `Authorization: Bearer …`: it uses no cookie and no session. */
export function isBearerApiRequest(request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  return header !== undefined && isApiRequest(request) && /^Bearer\s/i.test(header);
}

export type Hook = (this: unknown, request: FastifyRequest, ...rest: unknown[]) => unknown;

export interface Adapters {
  hook: (name: string, hook: Hook) => Hook;
  /** A request decorator's value in place of the plugin's own (by name). */
  requestDecorator?: (name: string | symbol, value: unknown) => unknown;
  /** Runs on the server itself before the plugin (a decorator of one's own, say). */
  setUp?: (instance: FastifyInstance) => void;
}

/** The plugin's view of the server: every hook it adds goes through `adapt` first. */
function adaptingHooks(instance: FastifyInstance, adapt: Adapters): FastifyInstance {
  return new Proxy(instance, {
    get(target, key) {
      if (key === 'addHook')
        return (name: string, hook: Hook) =>
          target.addHook(name as 'onRequest', adapt.hook(name, hook));
      if (key === 'decorateRequest' && adapt.requestDecorator) {
        const decorate = adapt.requestDecorator;
        return (name: string | symbol, value: unknown, ...rest: unknown[]) =>
          (target.decorateRequest as (...args: unknown[]) => unknown)(
            name,
            decorate(name, value),
            ...rest,
          );
      }
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
 * replaced by `adapt.hook(name, hook)`, and request decorators by `adapt.requestDecorator` (both
 * run at start-up, not per request).
 */
export function withAdaptedHooks<O>(plugin: CallbackPlugin<O>, adapt: Adapters): CallbackPlugin<O> {
  const wrapped: CallbackPlugin<O> = (instance, options, done) => {
    adapt.setUp?.(instance);
    plugin(adaptingHooks(instance, adapt), options, done);
  };
  for (const symbol of Object.getOwnPropertySymbols(plugin))
    (wrapped as unknown as Record<symbol, unknown>)[symbol] = (
      plugin as unknown as Record<symbol, unknown>
    )[symbol];
  return wrapped;
}

type Done = () => void;

/**
 * The hook, except that a bearer API call passes over it. Written for the two callback arities
 * Fastify's request hooks have, so that a request allocates no argument list.
 */
export function skippingBearerCalls(hook: Hook): Hook {
  if (hook.length === 4)
    return function (this: unknown, request: FastifyRequest, reply, payload, done) {
      if (isBearerApiRequest(request)) return (done as Done)();
      return hook.call(this, request, reply, payload, done);
    } as Hook;
  if (hook.length === 3)
    return function (this: unknown, request: FastifyRequest, reply, done) {
      if (isBearerApiRequest(request)) return (done as Done)();
      return hook.call(this, request, reply, done);
    } as Hook;
  throw new Error(`cannot pass bearer calls over a hook taking ${hook.length} arguments`);
}

/**
 * The same Fastify plugin, except that its hooks do not run for bearer API calls: the cookie
 * parser and the session (loading, creating and signing a session id, saving it) cost an API
 * client nothing, since it sends neither cookie nor CSRF token.
 */
export function exceptForBearerCalls<O>(plugin: CallbackPlugin<O>): CallbackPlugin<O> {
  return withAdaptedHooks(plugin, { hook: (_name, hook) => skippingBearerCalls(hook) });
}
