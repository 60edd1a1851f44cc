// URL state of the all-clusters lists: the single-cluster list contract plus a cluster filter
// (clusters=a,b) and a project; turned into the merged endpoints' query.
import {
  GAME_SERVER_FILTER_KEYS,
  GAME_SERVER_MULTI_FILTERS,
  GAME_SERVER_SET_FILTER_KEYS,
  GAME_SERVER_SET_SORT_KEYS,
  GAME_SERVER_SORT_KEYS,
  splitList,
  toListQuery,
  type ListSpec,
  type ListState,
} from '../../utils/listState';
import type { MultiQuery } from './api';

export const MC_GAME_SERVER_FILTER_KEYS = [...GAME_SERVER_FILTER_KEYS, 'clusters', 'project'] as const;
export type McGameServerFilterKey = (typeof MC_GAME_SERVER_FILTER_KEYS)[number];
export type McGameServerSortKey = (typeof GAME_SERVER_SORT_KEYS)[number];
export type McGameServerListState = ListState<McGameServerSortKey, McGameServerFilterKey>;

export const MC_GAME_SERVER_LIST: ListSpec<McGameServerSortKey, McGameServerFilterKey> = {
  sortKeys: GAME_SERVER_SORT_KEYS,
  defaultSort: 'id',
  filterKeys: MC_GAME_SERVER_FILTER_KEYS,
};

export const MC_GAME_SERVER_SET_FILTER_KEYS = [...GAME_SERVER_SET_FILTER_KEYS, 'clusters', 'project'] as const;
export type McGameServerSetFilterKey = (typeof MC_GAME_SERVER_SET_FILTER_KEYS)[number];
export type McGameServerSetSortKey = (typeof GAME_SERVER_SET_SORT_KEYS)[number];
export type McGameServerSetListState = ListState<McGameServerSetSortKey, McGameServerSetFilterKey>;

export const MC_GAME_SERVER_SET_LIST: ListSpec<McGameServerSetSortKey, McGameServerSetFilterKey> = {
  sortKeys: GAME_SERVER_SET_SORT_KEYS,
  defaultSort: 'name',
  filterKeys: MC_GAME_SERVER_SET_FILTER_KEYS,
};

/** The merged endpoint's query of a list state: clusters and namespace become their own parameters. */
export function toMultiQuery<S extends string, F extends string>(state: ListState<S, F>, multi: readonly string[] = []): MultiQuery<S> {
  const { namespace, query } = toListQuery(state, [...multi, 'clusters'] as F[]);
  const { clusters, ...filters } = query.filters ?? {};
  return {
    ...query,
    filters,
    clusters: Array.isArray(clusters) ? clusters : splitList(clusters),
    namespace: namespace || undefined,
  };
}

export const MC_GAME_SERVER_MULTI: readonly string[] = GAME_SERVER_MULTI_FILTERS;
