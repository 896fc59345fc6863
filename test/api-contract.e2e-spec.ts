import { ApiContract, OpenApiDocument } from './support/api-contract';
import { focalPointWithOrganisation } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

interface Response {
  description?: string;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}

describe('the API contract at /api/docs-json', () => {
  let t: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        responses: (operation.responses ?? {}) as Record<string, Response>,
      })),
    );

  it('describes the answer of every operation for its success status', () => {
    const undescribed = operations().flatMap(({ name, responses }) => {
      const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
      if (!success.length) return [`${name}: no success status`];
      return success
        .filter((status) => status !== '204')
        .filter((status) => {
          const content = Object.values(responses[status].content ?? {});
          return !content.length || content.some((c) => !c.schema);
        })
        .map((status) => `${name} ${status}: no schema`);
    });
    expect(operations().length).toBeGreaterThan(40);
    expect(undescribed).toEqual([]);
  });

  it('documents the common error body and references it from the routes that answer errors', () => {
    const errorBody = document.components?.schemas?.ErrorResponse as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(errorBody.properties).sort()).toEqual(
      ['code', 'error', 'message', 'statusCode'].sort(),
    );
    expect(errorBody.required.sort()).toEqual(['error', 'message', 'statusCode']);
    const register = document.paths['/api/v1/consultations/{id}/registrations'].post.responses!;
    for (const status of ['400', '401', '403', '404', '409'])
      expect(register[status].content!['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
  });

  it('passes a real answer and refuses one with a field its schema does not have', async () => {
    const { token } = await focalPointWithOrganisation(t);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    const contract = new ApiContract(document);
    const answer = {
      method: 'GET',
      path: '/api/v1/me',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: me.body as Record<string, unknown>,
    };
    expect(contract.check(answer)).toEqual([]);
    expect(contract.check({ ...answer, body: { ...answer.body, passwordHash: 'x' } })).toEqual([
      'GET /api/v1/me → 200: (body) must NOT have additional properties (passwordHash)',
    ]);
    expect(contract.check({ ...answer, body: { ...answer.body, disabledAt: 5 } })).not.toEqual([]);
    expect(contract.check({ ...answer, body: { ...answer.body, role: 'owner' } })).not.toEqual([]);
    expect(contract.check({ ...answer, status: 201 })).toEqual([
      'GET /api/v1/me → 201: status not documented for /api/v1/me',
    ]);
  });

  it('checks error answers against the common error body', async () => {
    const contract = new ApiContract(document);
    const notFound = await t
      .http()
      .get('/api/v1/consultations/00000000-0000-4000-8000-000000000000')
      .expect(404);
    const answer = {
      method: 'GET',
      path: '/api/v1/consultations/00000000-0000-4000-8000-000000000000',
      status: 404,
      contentType: String(notFound.headers['content-type']),
      body: notFound.body as Record<string, unknown>,
    };
    expect(contract.check(answer)).toEqual([]);
    expect(contract.check({ ...answer, body: { ...answer.body, stack: 'at …' } })).not.toEqual([]);
  });
});
