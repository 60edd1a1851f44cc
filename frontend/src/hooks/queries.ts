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
import { applyOverviewMessage, type DetailLens } from '../api/watch';
import { POLL_MS, useLiveDetail, useLiveList, useLiveStream, type LiveState } from './useLive';
import {
  GAME_SERVER_MULTI_FILTERS,
  toListQuery,
  validateGameServerFilters,
  type FilterErrors,
  type GameServerListState,
  type GameServerSetListState,
} from '../utils/listState';

/** Polls only while there is no open stream. */
/** Usage comes from the metrics API, which cannot be watched: its figures change without
 * an object event, so live views still refetch at the backend's default usage interval. */
export const USAGE_REFRESH_MS = 15_000;
const pollUnlessLive = (live: LiveState): number => (live === 'live' ? USAGE_REFRESH_MS : POLL_MS);

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
    refetchInterval: pollUnlessLive(live),
  });
  return Object.assign(result, { filterErrors, live });
}

export function useGameServerSetList(
  state: GameServerSetListState,
): UseQueryResult<List<GameServerSetView>> & { live: LiveState } {
  const api = useApi();
  const { namespace, query } = toListQuery(state);
  const queryKey = okgKeys.list(api.base, 'gameserversets', namespace, query);
  const live = useLiveList<GameServerSetView>(queryKey, api.watchPath?.('gameserversets', query, namespace || undefined));
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.listGameServerSets(query, namespace || undefined, signal),
    keepPreviousData: true,
    refetchInterval: pollUnlessLive(live),
  });
  return Object.assign(result, { live });
}

const gameServerLens: DetailLens<GameServerDetail, GameServerView> = {
  get: (d) => d.gameServer,
  set: (d, gameServer) => ({ ...d, gameServer }),
};

const gameServerSetLens: DetailLens<GameServerSetDetail, GameServerSetView> = {
  get: (d) => d.gameServerSet,
  set: (d, gameServerSet) => ({ ...d, gameServerSet }),
};

export function useGameServer(namespace: string, name: string): UseQueryResult<GameServerDetail> & { live: LiveState } {
  const api = useApi();
  const queryKey = okgKeys.detail(api.base, 'gameservers', namespace, name);
  const live = useLiveDetail(queryKey, api.objectWatchPath?.('gameservers', namespace, name), gameServerLens);
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.getGameServer(namespace, name, signal),
    refetchInterval: pollUnlessLive(live),
  });
  return Object.assign(result, { live });
}

export function useGameServerSet(namespace: string, name: string): UseQueryResult<GameServerSetDetail> & { live: LiveState } {
  const api = useApi();
  const queryKey = okgKeys.detail(api.base, 'gameserversets', namespace, name);
  const live = useLiveDetail(queryKey, api.objectWatchPath?.('gameserversets', namespace, name), gameServerSetLens);
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.getGameServerSet(namespace, name, signal),
    refetchInterval: pollUnlessLive(live),
  });
  return Object.assign(result, { live });
}

export function useOverview(namespace = ''): UseQueryResult<Overview> & { live: LiveState } {
  const api = useApi();
  const queryKey = okgKeys.overview(api.base, namespace);
  const live = useLiveStream<Overview, Overview>(queryKey, api.overviewWatchPath?.(namespace || undefined), applyOverviewMessage);
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.getOverview(namespace || undefined, signal),
    refetchInterval: pollUnlessLive(live),
  });
  return Object.assign(result, { live });
}
