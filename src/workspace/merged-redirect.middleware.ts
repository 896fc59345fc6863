import { Injectable, NestMiddleware } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';

const ORGANISATION_PATH =
  /^(\/api\/v1)?\/organisations\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/[^?]*)?(\?.*)?$/i;

/**
 * A merged organisation's addresses lead to the one it was merged into: its pages answer 302 and
 * the API 301 (a permanent move a client may remember), for GET and HEAD only; anything else goes on
 * (and finds nothing left to act on).
 */
@Injectable()
export class MergedOrganisationRedirect implements NestMiddleware {
  constructor(private readonly dataSource: DataSource) {}

  async use(request: IncomingMessage, response: ServerResponse, next: () => void) {
    // Middleware mounted on a path sees the URL without that path; the original has it all.
    const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url;
    const match = ORGANISATION_PATH.exec(url ?? '');
    if (!match || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    const [, api, id, rest = '', query = ''] = match;
    const found = await this.dataSource
      .getRepository(Organisation)
      .findOne({ select: { id: true, mergedIntoId: true }, where: { id } });
    if (!found?.mergedIntoId) return next();
    response.statusCode = api ? 301 : 302;
    response.setHeader(
      'Location',
      `${api ?? ''}/organisations/${found.mergedIntoId}${rest}${query}`,
    );
    response.setHeader('Cache-Control', 'no-store');
    response.end();
  }
}
