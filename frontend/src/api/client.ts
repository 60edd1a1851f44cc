import { parseErrorBody } from './errors';
import { buildListQuery, withQuery } from './query';
import type { OperationRequest, OperationResult } from './ops';
import type {
  GameServerDetail,
  GameServerSetDetail,
  GameServerSetSortKey,
  GameServerSetView,
  GameServerSortKey,
  GameServerView,
  List,
  ListQuery,
  Overview,
} from './types';
import { API_GROUP, API_VERSION } from './types';

/** Standalone: the API sits at the server root. */
export const STANDALONE_API_BASE = `/kapis/${API_GROUP}/${API_VERSION}`;

/** KubeSphere: ks-apiserver routes a cluster's extension API under /clusters/{cluster}. */
export function kubesphereApiBase(cluster: string): string {
  return `/clusters/${encodeURIComponent(cluster)}/kapis/${API_GROUP}/${API_VERSION}`;
}

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

const defaultFetcher: Fetcher = (input, init) => fetch(input, init);

export async function getJSON<T>(url: string, signal?: AbortSignal, fetcher: Fetcher = defaultFetcher): Promise<T> {
  const res = await fetcher(url, {
    signal,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw parseErrorBody(res.status, res.statusText, text);
  return JSON.parse(text) as T;
}

export async function postJSON<T>(url: string, body: unknown, fetcher: Fetcher = defaultFetcher): Promise<T> {
  const res = await fetcher(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw parseErrorBody(res.status, res.statusText, text);
  return JSON.parse(text) as T;
}

/** Where an operation goes: the servers named in the body (bulk) or the one in the path. */
export type OperationScope = { namespace: string; name?: string };

function nsPath(namespace: string | undefined, resource: string): string {
  return namespace ? `/namespaces/${encodeURIComponent(namespace)}/${resource}` : `/${resource}`;
}

/** All calls of the okg-console API against one base URL. */
export interface OkgApi {
  readonly base: string;
  listGameServers(q: ListQuery<GameServerSortKey>, namespace?: string, signal?: AbortSignal): Promise<List<GameServerView>>;
  getGameServer(namespace: string, name: string, signal?: AbortSignal): Promise<GameServerDetail>;
  listGameServerSets(q: ListQuery<GameServerSetSortKey>, namespace?: string, signal?: AbortSignal): Promise<List<GameServerSetView>>;
  getGameServerSet(namespace: string, name: string, signal?: AbortSignal): Promise<GameServerSetDetail>;
  getOverview(namespace?: string, signal?: AbortSignal): Promise<Overview>;
  /**
   * Path (base included) of a list's websocket stream: the same list query plus watch=true
   * (docs/API.md, live updates); undefined where there is no stream (test fakes).
   */
  watchPath?(resource: 'gameservers' | 'gameserversets', query: ListQuery, namespace?: string): string;
  /** Path of the overview's stream (a fresh overview on every change). */
  overviewWatchPath?(namespace?: string): string;
  /** Path of one object's stream: SNAPSHOT of that item, then its MODIFIED/DELETED. */
  objectWatchPath?(resource: 'gameservers' | 'gameserversets', namespace: string, name: string): string;
  /** Runs (or with dryRun previews) an operation; bulk when scope has no name. */
  operate(scope: OperationScope, request: OperationRequest, dryRun: boolean): Promise<OperationResult>;
}

export function createApi(base: string, fetcher: Fetcher = defaultFetcher): OkgApi {
  const get = <T>(path: string, signal?: AbortSignal) => getJSON<T>(base + path, signal, fetcher);
  const one = (namespace: string, resource: string, name: string) =>
    `${nsPath(namespace, resource)}/${encodeURIComponent(name)}`;
  return {
    base,
    listGameServers: (q, namespace, signal) =>
      get(withQuery(nsPath(namespace, 'gameservers'), buildListQuery(q)), signal),
    getGameServer: (namespace, name, signal) => get(one(namespace, 'gameservers', name), signal),
    listGameServerSets: (q, namespace, signal) =>
      get(withQuery(nsPath(namespace, 'gameserversets'), buildListQuery(q)), signal),
    getGameServerSet: (namespace, name, signal) => get(one(namespace, 'gameserversets', name), signal),
    getOverview: (namespace, signal) => get(nsPath(namespace, 'overview'), signal),
    watchPath: (resource, q, namespace) => {
      const qs = buildListQuery(q);
      return base + nsPath(namespace, resource) + '?' + (qs ? `${qs}&` : '') + 'watch=true';
    },
    overviewWatchPath: (namespace) => `${base}${nsPath(namespace, 'overview')}?watch=true`,
    objectWatchPath: (resource, namespace, name) => `${base}${one(namespace, resource, name)}?watch=true`,
    operate: (scope, request, dryRun) => {
      const path = scope.name
        ? `${one(scope.namespace, 'gameservers', scope.name)}/operations`
        : nsPath(scope.namespace, 'gameserveroperations');
      return postJSON(base + withQuery(path, dryRun ? 'dryRun=true' : ''), request, fetcher);
    },
  };
}
