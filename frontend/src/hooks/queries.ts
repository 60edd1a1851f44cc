import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { okgKeys } from '../api/keys';
import type {
  GameServerDetail,
  GameServerSetDetail,
  GameServerSetView,
  GameServerView,
  List,
  Overview,
} from '../api/types';
import { useApi } from '../app/env';
import { POLL_MS, useLiveList, type LiveState } from './useLive';
import {
  GAME_SERVER_MULTI_FILTERS,
  toListQuery,
  validateGameServerFilters,
  type FilterErrors,
  type GameServerListState,
  type GameServerSetListState,
} from '../utils/listState';

/** One page of game servers for a list state; not sent while a range filter is invalid. */
export function useGameServerList(
  state: GameServerListState,
): UseQueryResult<List<GameServerView>> & { filterErrors: FilterErrors; live: LiveState } {
  const api = useApi();
  const filterErrors = validateGameServerFilters(state.filters);
  const valid = Object.keys(filterErrors).length === 0;
  const { namespace, query } = toListQuery(state, GAME_SERVER_MULTI_FILTERS);
  const queryKey = okgKeys.list(api.base, 'gameservers', namespace, query);
  const live = useLiveList<GameServerView>(queryKey, api.watchPath?.('gameservers', query, namespace || undefined), valid);
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.listGameServers(query, namespace || undefined, signal),
    keepPreviousData: true,
    enabled: valid,
    // the stream keeps the page current; without it, poll
    refetchInterval: live === 'live' ? false : POLL_MS,
  });
  return Object.assign(result, { filterErrors, live });
}

export function useGameServerSetList(state: GameServerSetListState): UseQueryResult<List<GameServerSetView>> {
  const api = useApi();
  const { namespace, query } = toListQuery(state);
  return useQuery({
    queryKey: okgKeys.list(api.base, 'gameserversets', namespace, query),
    queryFn: ({ signal }) => api.listGameServerSets(query, namespace || undefined, signal),
    keepPreviousData: true,
    refetchInterval: POLL_MS,
  });
}

export function useGameServer(namespace: string, name: string): UseQueryResult<GameServerDetail> {
  const api = useApi();
  return useQuery({
    queryKey: okgKeys.detail(api.base, 'gameservers', namespace, name),
    queryFn: ({ signal }) => api.getGameServer(namespace, name, signal),
    refetchInterval: POLL_MS,
  });
}

export function useGameServerSet(namespace: string, name: string): UseQueryResult<GameServerSetDetail> {
  const api = useApi();
  return useQuery({
    queryKey: okgKeys.detail(api.base, 'gameserversets', namespace, name),
    queryFn: ({ signal }) => api.getGameServerSet(namespace, name, signal),
    refetchInterval: POLL_MS,
  });
}

export function useOverview(namespace = ''): UseQueryResult<Overview> {
  const api = useApi();
  return useQuery({
    queryKey: okgKeys.overview(api.base, namespace),
    queryFn: ({ signal }) => api.getOverview(namespace || undefined, signal),
    refetchInterval: POLL_MS,
  });
}
