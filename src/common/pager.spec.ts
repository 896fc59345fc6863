import { pagerLinks } from './pager';

describe('pagerLinks', () => {
  const base = '/staff/accreditation';
  const filters = { status: 'submitted', country: 'SN', region: '', q: undefined };

  it('keeps the filters given, leaves out empty ones, and stops at the first and last page', () => {
    expect(pagerLinks(base, filters, { page: 1, total: 120, pageSize: 50 })).toEqual({
      page: 1,
      pages: 3,
      previousUrl: null,
      nextUrl: '/staff/accreditation?status=submitted&country=SN&page=2',
    });
    expect(pagerLinks(base, filters, { page: 2, total: 120, pageSize: 50 })).toMatchObject({
      previousUrl: '/staff/accreditation?status=submitted&country=SN',
      nextUrl: '/staff/accreditation?status=submitted&country=SN&page=3',
    });
    expect(pagerLinks(base, filters, { page: 3, total: 120, pageSize: 50 })).toMatchObject({
      previousUrl: '/staff/accreditation?status=submitted&country=SN&page=2',
      nextUrl: null,
    });
  });

  it('leads back to the last page from beyond it, and shows one page when the list is empty', () => {
    expect(pagerLinks(base, {}, { page: 9, total: 120, pageSize: 50 })).toMatchObject({
      previousUrl: '/staff/accreditation?page=3',
      nextUrl: null,
    });
    expect(pagerLinks(base, {}, { page: 1, total: 0, pageSize: 50 })).toEqual({
      page: 1,
      pages: 1,
      previousUrl: null,
      nextUrl: null,
    });
  });
});
