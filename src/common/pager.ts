/**
 * Previous and next links of a paged list that keep its filters (the parameters given, empty ones
 * left out), and where this page is: what `views/partials/pager.hbs` prints.
 */
export function pagerLinks(
  base: string,
  params: Record<string, string | number | boolean | undefined | null>,
  page: { page: number; total: number; pageSize: number },
) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (to: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
    if (to > 1) query.set('page', String(to));
    const search = query.toString();
    return `${base}${search ? `?${search}` : ''}`;
  };
  return {
    page: page.page,
    pages,
    previousUrl: page.page > 1 ? link(Math.min(page.page - 1, pages)) : null,
    nextUrl: page.page < pages ? link(page.page + 1) : null,
  };
}
