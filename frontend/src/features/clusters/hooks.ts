import { useQuery, useQueryClient, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { createApi } from '../../api/client';
import type { StreamMessage } from '../../api/watch';
import type { GameServerSetView, GameServerView } from '../../api/types';
import { useMultiClusterApi } from '../../app/env';
import { USAGE_REFRESH_MS } from '../../hooks/queries';
import { POLL_MS, useStreams, type LiveState } from '../../hooks/useLive';
import { throttle } from '../../utils/throttle';
import { clusterApiBase, type ClusterList, type MultiList, type MultiOverview, type MultiQuery } from './api';
import { foldIntoMerged } from './merge';

/** A merged list refetches at most this often while its clusters' streams report changes. */
export const MERGED_REFETCH_MS = 1000;

/** The most items one cluster's stream tracks (the backend's page size limit). */
export const STREAM_MAX_LIMIT = 1000;

export const mcKeys = {
  clusters: (base: string) => ['okg', base, 'clusters'] as const,
  list: (base: string, resource: MergedResource, q: MultiQuery) => ['okg', base, 'multicluster', resource, q] as const,
  overview: (base: string, project: string, clusters: string[]) => ['okg', base, 'multicluster', 'overview', project, clusters] as const,
};

export type MergedResource = 'gameservers' | 'gameserversets';

/** The clusters the console knows and whether each answered. */
export function useClusters(): UseQueryResult<ClusterList> {
  const mc = useMultiClusterApi();
  return useQuery({
    queryKey: mcKeys.clusters(mc.base),
    queryFn: ({ signal }) => mc.listClusters(signal),
    refetchInterval: USAGE_REFRESH_MS,
    staleTime: 5_000,
  });
}

/** Whether there is more than one cluster (the all-clusters entries hide otherwise). */
export function useMultiClusterAvailable(): boolean {
  const q = useClusters();
  return (q.data?.items.length ?? 0) > 1;
}

/**
 * What one cluster's stream watches for a merged page: the same filters and sort, from the top
 * down to the merged page's last row (page × limit), since that is the most any one cluster can
 * contribute to it. A change there can change the merged page; one further down cannot.
 */
export function clusterStreamQuery(q: MultiQuery): MultiQuery {
  const page = Math.max(1, q.page ?? 1);
  const limit = q.limit ?? 50;
  return { ...q, page: 1, limit: Math.min(page * limit, STREAM_MAX_LIMIT) };
}

export type MergedListResult<T> = UseQueryResult<MultiList<T>> & {
  /** each streamed cluster's connection */
  streams: Record<string, LiveState>;
  /** live when every answering cluster's stream is open */
  live: LiveState;
};

export function mergedLive(streams: Record<string, LiveState>): LiveState {
  const states = Object.values(streams);
  if (!states.length) return 'polling';
  if (states.every((s) => s === 'live')) return 'live';
  return states.some((s) => s === 'connecting') ? 'connecting' : 'polling';
}

/**
 * One page of a merged list, kept live: one stream per answering cluster (its own prefixed
 * path, watching the rows it could contribute), a changed row already on the page replaced at
 * once, and the merged page refetched (throttled) on any change, because only the server's merge
 * knows where a row that entered, left or moved now belongs.
 */
function useMergedList<T extends { namespace: string; name: string }>(
  resource: MergedResource,
  q: MultiQuery,
  enabled: boolean,
  fetchPage: (q: MultiQuery, signal?: AbortSignal) => Promise<MultiList<T>>,
): MergedListResult<T> {
  const mc = useMultiClusterApi();
  const client = useQueryClient();
  const queryKey: QueryKey = mcKeys.list(mc.base, resource, q);
  const keyJson = JSON.stringify(queryKey);
  const streamsRef = useRef<Record<string, LiveState>>({});
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchPage(q, signal),
    keepPreviousData: true,
    enabled,
    refetchInterval: () => (mergedLive(streamsRef.current) === 'live' ? USAGE_REFRESH_MS : POLL_MS),
  });

  // stream the clusters that answered this query
  const answered = (result.data?.clusters ?? []).filter((c) => c.ok).map((c) => c.name).sort();
  const streamQuery = clusterStreamQuery(q);
  const paths = useMemo(() => {
    const out: Record<string, string> = {};
    const { clusters: _clusters, namespace, ...list } = streamQuery;
    for (const c of answered) {
      const path = createApi(clusterApiBase(c)).watchPath?.(resource, list, namespace);
      if (path) out[c] = path;
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- compared by value
  }, [resource, answered.join(','), JSON.stringify(streamQuery)]);

  const refetch = useMemo(
    () => throttle(() => void client.invalidateQueries({ queryKey: JSON.parse(keyJson) as QueryKey, exact: true }), MERGED_REFETCH_MS),
    [client, keyJson],
  );
  useEffect(() => () => refetch.cancel(), [refetch]);
  // the first SNAPSHOT of each connection is what the merged page was built from
  const snapshots = useRef(new Set<string>());
  useEffect(() => {
    snapshots.current = new Set();
  }, [paths]);

  const onMessage = useCallback(
    (cluster: string, msg: StreamMessage<T>) => {
      if (msg.type === 'BOOKMARK' || msg.type === 'RESUMED') return;
      if (msg.type === 'SNAPSHOT' && !snapshots.current.has(cluster)) {
        snapshots.current.add(cluster);
        return;
      }
      if (msg.type === 'MODIFIED' && msg.object) {
        const obj = msg.object;
        client.setQueryData<MultiList<T>>(JSON.parse(keyJson) as QueryKey, (prev) => {
          if (!prev) return prev;
          const items = foldIntoMerged(prev.items, cluster, obj);
          return items === prev.items ? prev : { ...prev, items };
        });
      }
      refetch();
    },
    [client, keyJson, refetch],
  );
  const streams = useStreams<T>(enabled ? paths : {}, onMessage);
  streamsRef.current = streams;
  return Object.assign(result, { streams, live: mergedLive(streams) });
}

export function useMergedGameServers(q: MultiQuery, enabled = true): MergedListResult<GameServerView> {
  const mc = useMultiClusterApi();
  return useMergedList<GameServerView>('gameservers', q, enabled, mc.listGameServers);
}

export function useMergedGameServerSets(q: MultiQuery, enabled = true): MergedListResult<GameServerSetView> {
  const mc = useMultiClusterApi();
  return useMergedList<GameServerSetView>('gameserversets', q, enabled, mc.listGameServerSets);
}

/** Per-cluster overviews (of a project when given) and their totals. */
export function useMultiOverview(project = '', clusters: string[] = []): UseQueryResult<MultiOverview> {
  const mc = useMultiClusterApi();
  return useQuery({
    queryKey: mcKeys.overview(mc.base, project, clusters),
    queryFn: ({ signal }) => mc.overview(project || undefined, clusters, signal),
    refetchInterval: USAGE_REFRESH_MS,
    keepPreviousData: true,
  });
}
