import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { List, NodeSortKey, NodeView } from '../../api/types';
import { useApi } from '../../app/env';

const POLL_MS = 15_000;

/** A page of nodes (no stream: nodes and usage are polled). */
export function useNodeList(q: { page: number; limit: number; sortBy: NodeSortKey; ascending: boolean; name?: string }): UseQueryResult<List<NodeView>> {
  const api = useApi();
  return useQuery({
    queryKey: ['okg', api.base, 'nodes', q],
    queryFn: ({ signal }) =>
      api.listNodes
        ? api.listNodes({ page: q.page, limit: q.limit, sortBy: q.sortBy, ascending: q.ascending, filters: q.name ? { name: q.name } : {} }, signal)
        : Promise.reject(new Error('nodes are not served')),
    keepPreviousData: true,
    refetchInterval: POLL_MS,
  });
}

export function useNode(name: string): UseQueryResult<NodeView> {
  const api = useApi();
  return useQuery({
    queryKey: ['okg', api.base, 'node', name],
    queryFn: ({ signal }) => (api.getNode ? api.getNode(name, signal) : Promise.reject(new Error('nodes are not served'))),
    refetchInterval: POLL_MS,
  });
}
