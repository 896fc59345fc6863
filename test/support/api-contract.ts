import Ajv, { ValidateFunction } from 'ajv';

/**
 * Every JSON answer under /api/v1 that a test receives through `createTestApp().http()` or
 * `.agent()` is checked against the OpenAPI document the app serves at /api/docs-json: the
 * operation of its route, the schema of its status, with undocumented fields refused. A violation
 * fails the test that received it (an afterEach this module installs).
 */

type Schema = Record<string, unknown>;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface ObservedAnswer {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
}

const API_PREFIX = '/api/v1/';
const DOCUMENT_ID = 'openapi.json';
const COMPONENTS = '#/components/schemas/';
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OpenAPI 3.0 schema → JSON Schema as ajv reads it: `nullable` becomes "or null", references
 * point into the registered document, and every object with declared properties is closed.
 */
export function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS)) {
      out.$ref = `${DOCUMENT_ID}${value}`;
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, strictSchema(schema)]),
      );
    } else {
      out[key] = strictSchema(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

interface Route {
  template: string;
  pattern: RegExp;
  literalSegments: number;
  methods: Record<string, Operation>;
}

function routesOf(document: OpenApiDocument): Route[] {
  return Object.entries(document.paths)
    .filter(([template]) => template.startsWith(API_PREFIX))
    .map(([template, methods]) => {
      const segments = template.split('/');
      const source = segments
        .map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('/');
      return {
        template,
        pattern: new RegExp(`^${source}$`),
        literalSegments: segments.filter((s) => !s.startsWith('{')).length,
        methods,
      };
    })
    .sort((a, b) => b.literalSegments - a.literalSegments);
}

export class ApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv.addFormat('date-time', ISO_DATE_TIME);
    this.ajv.addFormat('uuid', UUID);
    this.ajv.addFormat('binary', true);
    const schemas = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [
        name,
        strictSchema(schema),
      ]),
    );
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
    this.routes = routesOf(document);
  }

  /** What is wrong with one answer, in words; empty when it keeps to the document. */
  check(answer: ObservedAnswer): string[] {
    if (!answer.path.startsWith(API_PREFIX) || !/json/.test(answer.contentType)) return [];
    const method = answer.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(answer.path) && r.methods[method]);
    const where = `${answer.method.toUpperCase()} ${answer.path} → ${answer.status}`;
    if (!route) return answer.status === 404 ? [] : [`${where}: no documented operation`];
    const validate = this.validator(route, method, answer.status);
    if (!validate) return [`${where}: status not documented for ${route.template}`];
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${where}: ${e.instancePath || '(body)'} ${e.message}${
          e.params && 'additionalProperty' in e.params
            ? ` (${String(e.params.additionalProperty)})`
            : ''
        }`,
    );
  }

  private validator(route: Route, method: string, status: number): ValidateFunction | undefined {
    const key = `${method} ${route.template} ${status}`;
    const known = this.validators.get(key);
    if (known) return known;
    const responses = route.methods[method].responses ?? {};
    const documented = responses[String(status)]?.content?.['application/json']?.schema;
    // Every error answers the one error body, documented on a route or not.
    const schema =
      documented ?? (status >= 400 ? { $ref: `${COMPONENTS}ErrorResponse` } : undefined);
    if (!schema) return undefined;
    const validate = this.ajv.compile(strictSchema(schema) as Schema);
    this.validators.set(key, validate);
    return validate;
  }
}

let contract: ApiContract | undefined;
const violations: string[] = [];

/** Called by createTestApp with the document its app serves (once per test file). */
export function useContract(document: OpenApiDocument): void {
  contract ??= new ApiContract(document);
}

export function contractInUse(): boolean {
  return contract !== undefined;
}

interface SuperagentResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

interface WatchedRequest {
  method: string;
  url: string;
  on(event: 'response', listener: (response: SuperagentResponse) => void): unknown;
}

/** Checks the answer of one supertest request when it arrives. */
export function watch<T extends WatchedRequest>(test: T): T {
  test.on('response', (response) => {
    if (!contract) return;
    violations.push(
      ...contract.check({
        method: test.method,
        path: new URL(test.url, 'http://localhost').pathname,
        status: response.status,
        contentType: response.headers['content-type'] ?? '',
        body: response.body,
      }),
    );
  });
  return test;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options'] as const;

/** Makes every request a supertest client or agent starts a watched one. */
export function watchClient<T extends object>(client: T): T {
  const methods = client as unknown as Record<string, (...args: unknown[]) => WatchedRequest>;
  for (const name of HTTP_METHODS) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    methods[name] = (...args: unknown[]) => watch(original.apply(client, args));
  }
  return client;
}

/** Fails the test (or hook) in which an answer broke the contract. */
function assertNoViolations(): void {
  if (!violations.length) return;
  const found = violations.splice(0);
  throw new Error(`API answers that break /api/docs-json:\n  ${found.join('\n  ')}`);
}

if (typeof afterEach === 'function') afterEach(assertNoViolations);
if (typeof afterAll === 'function') afterAll(assertNoViolations);
