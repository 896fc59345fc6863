import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The body of every API error: `{statusCode, error, message, code?}`. */
export class ErrorResponse {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({
    description: 'What went wrong; for 400, one entry per bad field ("field: why").',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  message!: string | string[];

  @ApiProperty({ required: false, description: 'The business rule, e.g. INVALID_TRANSITION.' })
  code?: string;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: the message lists every bad field.',
  401: 'Not signed in.',
  403: 'Not allowed.',
  404: 'Not found, or not yours.',
  409: 'A business rule refused it; `code` names the rule.',
  413: 'Too large.',
  429: 'Too many requests; see Retry-After.',
  503: 'The database could not serve in time; see Retry-After.',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

/** Documents the common error body for each status the route may answer. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorResponse }),
    ),
  );
}

/** One page of a list: `{items, total, page, pageSize}`. */
export interface PageResponseOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const pages = new Map<Type<unknown>, Type<PageResponseOf<unknown>>>();

/** A named page class per item type (`RegistrationPageResponse`), so generated clients stay typed. */
export function PageResponse<T>(item: Type<T>): Type<PageResponseOf<T>> {
  const known = pages.get(item);
  if (known) return known as Type<PageResponseOf<T>>;
  class PageOfItems implements PageResponseOf<T> {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty()
    total!: number;

    @ApiProperty()
    page!: number;

    @ApiProperty()
    pageSize!: number;
  }
  const name = `${item.name.replace(/Response$/, '')}PageResponse`;
  Object.defineProperty(PageOfItems, 'name', { value: name });
  pages.set(item, PageOfItems);
  return PageOfItems;
}
