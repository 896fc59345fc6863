import { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiRequest } from './web';

/** An API call authenticated by `Authorization: Bearer …`: it uses no cookie and no session. */
export function isBearerApiRequest(request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  return header !== undefined && isApiRequest(request) && /^Bearer\s/i.test(header);
}

type Hook = (this: unknown, request: FastifyRequest, ...rest: unknown[]) => unknown;

/** The plugin's view of the server: every hook it adds passes over bearer API calls. */
function passingOverBearerCalls(instance: FastifyInstance): FastifyInstance {
  return new Proxy(instance, {
    get(target, key) {
      if (key === 'addHook')
        return (name: string, hook: Hook) =>
          target.addHook(
            name as 'onRequest',
            function (this: unknown, request: FastifyRequest, ...rest: unknown[]) {
              if (!isBearerApiRequest(request)) return hook.call(this, request, ...rest);
              (rest[rest.length - 1] as () => void)();
            } as never,
          );
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
 * The same Fastify plugin (name, dependencies and encapsulation kept), except that its hooks do
 * not run for bearer API calls: the cookie parser and the session (loading, creating and signing a
 * session id, saving it) cost an API client nothing, since it sends neither cookie nor CSRF token.
 */
export function exceptForBearerCalls<O>(plugin: CallbackPlugin<O>): CallbackPlugin<O> {
  const wrapped: CallbackPlugin<O> = (instance, options, done) =>
    plugin(passingOverBearerCalls(instance), options, done);
  for (const symbol of Object.getOwnPropertySymbols(plugin))
    (wrapped as unknown as Record<symbol, unknown>)[symbol] = (
      plugin as unknown as Record<symbol, unknown>
    )[symbol];
  return wrapped;
}
