import type { ListQuery } from './types';

export const DEFAULT_LIMIT = 50;
export const PAGE_SIZES = [10, 20, 50, 100] as const;

/**
 * Builds the query string (without "?") of the list contract: page, limit, sortBy, ascending,
 * labelSelector, then the named filters in key order. Empty values are left out so that equal
 * queries give equal strings (and equal cache keys).
 */
export function buildListQuery(q: ListQuery): string {
  const params = new URLSearchParams();
  if (q.page !== undefined && q.page > 0) params.set('page', String(Math.floor(q.page)));
  if (q.limit !== undefined && q.limit > 0) params.set('limit', String(Math.floor(q.limit)));
  if (q.sortBy) params.set('sortBy', q.sortBy);
  if (q.ascending !== undefined) params.set('ascending', q.ascending ? 'true' : 'false');
  const selector = q.labelSelector?.trim();
  if (selector) params.set('labelSelector', selector);
  const filters = q.filters ?? {};
  for (const key of Object.keys(filters).sort()) {
    const raw = filters[key];
    const value = Array.isArray(raw)
      ? raw.map((v) => v.trim()).filter(Boolean).join(',')
      : (raw ?? '').trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** Joins a path and a query string. */
export function withQuery(path: string, query: string): string {
  return query ? `${path}?${query}` : path;
}
