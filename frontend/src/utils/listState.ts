import { DEFAULT_LIMIT, PAGE_SIZES } from '../api/query';
import type { ListQuery } from '../api/types';
import { parseIdRanges, parsePriorityRange, validateOptional, type RangeError } from './ranges';

/**
 * The state of a list page (paging, sort, filters) lives in the URL search params, so that a
 * page can be linked to, reloaded and walked back. These are the pure halves of that.
 */
export interface ListState<S extends string, F extends string> {
  page: number;
  limit: number;
  sortBy: S;
  ascending: boolean;
  /** every filter as text; multi-value filters are comma-separated */
  filters: Partial<Record<F, string>>;
}

export interface ListSpec<S extends string, F extends string> {
  sortKeys: readonly S[];
  defaultSort: S;
  filterKeys: readonly F[];
  /** the server's default page size is 50; ours is the smallest the page offers */
  defaultLimit?: number;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function parseListState<S extends string, F extends string>(
  search: URLSearchParams,
  spec: ListSpec<S, F>,
): ListState<S, F> {
  const defaultLimit = spec.defaultLimit ?? PAGE_SIZES[1];
  const limit = positiveInt(search.get('limit'), defaultLimit);
  const sortBy = search.get('sortBy') as S | null;
  const filters: Partial<Record<F, string>> = {};
  for (const key of spec.filterKeys) {
    const v = search.get(key);
    if (v) filters[key] = v;
  }
  return {
    page: positiveInt(search.get('page'), 1),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : defaultLimit,
    sortBy: sortBy && spec.sortKeys.includes(sortBy) ? sortBy : spec.defaultSort,
    ascending: search.get('ascending') !== 'false',
    filters,
  };
}

/** The inverse of parseListState; defaults are left out to keep URLs short. */
export function listStateToSearch<S extends string, F extends string>(
  state: ListState<S, F>,
  spec: ListSpec<S, F>,
): URLSearchParams {
  const out = new URLSearchParams();
  if (state.page > 1) out.set('page', String(state.page));
  if (state.limit !== (spec.defaultLimit ?? PAGE_SIZES[1])) out.set('limit', String(state.limit));
  if (state.sortBy !== spec.defaultSort) out.set('sortBy', state.sortBy);
  if (!state.ascending) out.set('ascending', 'false');
  for (const key of spec.filterKeys) {
    const v = state.filters[key]?.trim();
    if (v) out.set(key, v);
  }
  return out;
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const GAME_SERVER_SORT_KEYS = [
  'id',
  'name',
  'namespace',
  'gameServerSet',
  'state',
  'opsState',
  'networkState',
  'updatePriority',
  'deletionPriority',
  'node',
  'restarts',
  'age',
  'cpuUsage',
  'memoryUsage',
] as const;

export const GAME_SERVER_FILTER_KEYS = [
  'namespace',
  'gameServerSet',
  'state',
  'opsState',
  'networkState',
  'name',
  'image',
  'node',
  'ids',
  'updatePriority',
  'deletionPriority',
  'cpuUsage',
  'memoryUsage',
  'labelSelector',
] as const;

export type GameServerFilterKey = (typeof GAME_SERVER_FILTER_KEYS)[number];
export type GameServerListState = ListState<(typeof GAME_SERVER_SORT_KEYS)[number], GameServerFilterKey>;

export const GAME_SERVER_LIST: ListSpec<(typeof GAME_SERVER_SORT_KEYS)[number], GameServerFilterKey> = {
  sortKeys: GAME_SERVER_SORT_KEYS,
  defaultSort: 'id',
  filterKeys: GAME_SERVER_FILTER_KEYS,
};

export const GAME_SERVER_SET_SORT_KEYS = ['name', 'namespace', 'replicas', 'readyReplicas', 'age'] as const;
export const GAME_SERVER_SET_FILTER_KEYS = ['namespace', 'labelSelector'] as const;
export type GameServerSetListState = ListState<
  (typeof GAME_SERVER_SET_SORT_KEYS)[number],
  (typeof GAME_SERVER_SET_FILTER_KEYS)[number]
>;
export const GAME_SERVER_SET_LIST: ListSpec<
  (typeof GAME_SERVER_SET_SORT_KEYS)[number],
  (typeof GAME_SERVER_SET_FILTER_KEYS)[number]
> = {
  sortKeys: GAME_SERVER_SET_SORT_KEYS,
  defaultSort: 'name',
  filterKeys: GAME_SERVER_SET_FILTER_KEYS,
};

export type FilterErrors = Partial<Record<'ids' | 'updatePriority' | 'deletionPriority' | 'cpuUsage' | 'memoryUsage', RangeError>>;

/** Client-side checks of the range filters before anything is sent. */
export function validateGameServerFilters(filters: Partial<Record<GameServerFilterKey, string>>): FilterErrors {
  const errors: FilterErrors = {};
  const ids = validateOptional(filters.ids, parseIdRanges);
  if (!ids.ok) errors.ids = ids.error;
  for (const key of ['updatePriority', 'deletionPriority', 'cpuUsage', 'memoryUsage'] as const) {
    const r = validateOptional(filters[key], parsePriorityRange);
    if (!r.ok) errors[key] = r.error;
  }
  return errors;
}

/** The API query of a list state: namespace goes into the path, the rest into the query string. */
export function toListQuery<S extends string, F extends string>(
  state: ListState<S, F>,
  multi: readonly F[] = [],
): { namespace: string; query: ListQuery<S> } {
  const filters: Record<string, string | string[]> = {};
  let labelSelector: string | undefined;
  let namespace = '';
  for (const [key, value] of Object.entries(state.filters) as [F, string | undefined][]) {
    if (!value) continue;
    if (key === 'namespace') namespace = value.trim();
    else if (key === 'labelSelector') labelSelector = value;
    else filters[key] = multi.includes(key) ? splitList(value) : value;
  }
  return {
    namespace,
    query: {
      page: state.page,
      limit: state.limit || DEFAULT_LIMIT,
      sortBy: state.sortBy,
      ascending: state.ascending,
      labelSelector,
      filters,
    },
  };
}

export const GAME_SERVER_MULTI_FILTERS: readonly GameServerFilterKey[] = ['state', 'opsState', 'networkState'];
