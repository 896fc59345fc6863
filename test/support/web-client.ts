import request from 'supertest';
import { TestApp } from './test-app';

/** Reads the CSRF token a page put in its forms. */
export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export function sessionCookie(response: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('convene_session='))?.split(';')[0];
}

/** A browser-like client: keeps cookies, fills in forms with the page's CSRF token. */
export class WebClient {
  readonly agent: ReturnType<typeof request.agent>;

  constructor(testApp: TestApp) {
    this.agent = testApp.agent();
  }

  get(path: string) {
    return this.agent.get(path);
  }

  /** Opens `page`, then posts `fields` to `action` (default: the same path) with its CSRF token. */
  async submit(page: string, fields: Record<string, string>, action = page.split('?')[0]) {
    const form = await this.agent.get(page).expect(200);
    return this.agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfIn(form.text), ...fields });
  }
}

/** An attribute value as the browser reads it (Handlebars escapes = and & in URLs). */
export function attribute(html: string, pattern: RegExp): string {
  const match = pattern.exec(html);
  if (!match) throw new Error(`no match for ${pattern} on the page`);
  return match[1]
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');
}
