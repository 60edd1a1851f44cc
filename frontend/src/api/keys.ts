import type { ListQuery } from './types';

/**
 * Query cache keys. Every key starts with ['okg', apiBase, resource, kind] so that a watch
 * stream for one resource can reach every cached list of it with one prefix
 * (queryClient.setQueriesData(listPrefix(base, 'gameservers'), ...)).
 */
export type Resource = 'gameservers' | 'gameserversets';

export const okgKeys = {
  all: (base: string) => ['okg', base] as const,
  resource: (base: string, resource: Resource) => ['okg', base, resource] as const,
  lists: (base: string, resource: Resource) => ['okg', base, resource, 'list'] as const,
  list: (base: string, resource: Resource, namespace: string, query: ListQuery) =>
    ['okg', base, resource, 'list', { namespace, ...query }] as const,
  detail: (base: string, resource: Resource, namespace: string, name: string) =>
    ['okg', base, resource, 'detail', namespace, name] as const,
  overview: (base: string, namespace: string) => ['okg', base, 'overview', namespace] as const,
};
