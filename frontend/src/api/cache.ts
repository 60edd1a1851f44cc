import type { QueryClient } from '@tanstack/react-query';
import { okgKeys, type Resource } from './keys';
import type { List, ListQuery, WatchEvent } from './types';
import { applyWatchEvent } from './watch';

type ListKey = readonly ['okg', string, Resource, 'list', { namespace: string } & ListQuery];

/**
 * Folds one watch event into every cached page of a resource (the websocket will call this).
 * `matches` decides, per cached query, whether the object belongs to it; it gets the query's
 * namespace and list query (filters) so it can re-apply them client-side.
 */
export function foldIntoCache<T extends { namespace: string }>(
  client: QueryClient,
  base: string,
  resource: Resource,
  event: WatchEvent<T>,
  matches: (item: T, key: ListKey[4]) => boolean = (item, key) => !key.namespace || item.namespace === key.namespace,
): void {
  for (const [queryKey, data] of client.getQueriesData<List<T>>(okgKeys.lists(base, resource))) {
    if (!data) continue;
    const params = (queryKey as unknown as ListKey)[4];
    const next = applyWatchEvent(data, event, { matches: (item) => matches(item, params), limit: params.limit });
    if (next !== data) client.setQueryData(queryKey, next);
  }
}
