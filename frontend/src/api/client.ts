import { parseErrorBody } from './errors';
import { buildListQuery, withQuery } from './query';
import type { OperationRequest, OperationResult } from './ops';
import type {
  GameServerDetail,
  HistoryPage,
  GameServerSetDetail,
  GameServerSetSortKey,
  GameServerSetView,
  GameServerSortKey,
  GameServerView,
  List,
  ListQuery,
  NodeSortKey,
  NodeView,
  Overview,
  UsageStatus,
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

/**
 * Whose history: one game server's timeline (gameServer), one set's (gameServerSet: the set's
 * entries and its servers'), else a namespace's (or, without namespace, every namespace's) feed.
 */
export interface HistoryTarget {
  namespace?: string;
  gameServer?: string;
  gameServerSet?: string;
}

/** A downloaded CSV export: its body and the file name the server proposed. */
export interface CsvDownload {
  blob: Blob;
  filename: string;
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
  /** A page of history (docs/openapi.json, history); query = the list contract + history filters. */
  getHistory?(target: HistoryTarget, query: ListQuery, signal?: AbortSignal): Promise<HistoryPage>;
  /** Path of a history stream (query + watch=true): SNAPSHOT, then ADDED per new entry on page 1 newest first. */
  historyWatchPath?(target: HistoryTarget, query: ListQuery): string;
  /** The selected history as CSV (format=csv), fetched with the client's own credentials. */
  downloadHistoryCsv?(target: HistoryTarget, query: ListQuery): Promise<CsvDownload>;
  /** Runs (or with dryRun previews) an operation; bulk when scope has no name. */
  operate(scope: OperationScope, request: OperationRequest, dryRun: boolean): Promise<OperationResult>;
  /** Whether usage figures are available (metrics-server), cluster-wide or in a namespace. */
  getUsageStatus?(namespace?: string, signal?: AbortSignal): Promise<UsageStatus>;
  /** Nodes (cluster-scoped: 403 for project members). */
  listNodes?(q: ListQuery<NodeSortKey>, signal?: AbortSignal): Promise<List<NodeView>>;
  getNode?(name: string, signal?: AbortSignal): Promise<NodeView>;
  /** Drains a node (or with dryRun previews it): Allocated → Maintaining, the others → WaitToBeDeleted. */
  drainNode?(name: string, dryRun: boolean): Promise<OperationResult>;
}

/** The history path of a target (relative to the API base). */
export function historyPath(target: HistoryTarget): string {
  const ns = target.namespace ? encodeURIComponent(target.namespace) : '';
  if (ns && target.gameServer) return `/namespaces/${ns}/gameservers/${encodeURIComponent(target.gameServer)}/history`;
  if (ns && target.gameServerSet) return `/namespaces/${ns}/gameserversets/${encodeURIComponent(target.gameServerSet)}/history`;
  return nsPath(target.namespace, 'history');
}

/** The file name of a Content-Disposition header (attachment; filename="…"), or a fallback. */
export function dispositionFilename(header: string | null, fallback: string): string {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header ?? '');
  return m ? decodeURIComponent(m[1]) : fallback;
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
    getHistory: (target, q, signal) => get(withQuery(historyPath(target), buildListQuery(q)), signal),
    historyWatchPath: (target, q) => {
      const qs = buildListQuery(q);
      return base + historyPath(target) + '?' + (qs ? `${qs}&` : '') + 'watch=true';
    },
    downloadHistoryCsv: async (target, q) => {
      const qs = buildListQuery({ ...q, page: undefined, limit: undefined });
      const res = await fetcher(base + historyPath(target) + '?' + (qs ? `${qs}&` : '') + 'format=csv', {
        credentials: 'same-origin',
        headers: { Accept: 'text/csv' },
      });
      if (!res.ok) throw parseErrorBody(res.status, res.statusText, await res.text());
      return { blob: await res.blob(), filename: dispositionFilename(res.headers.get('Content-Disposition'), 'history.csv') };
    },
    getUsageStatus: (namespace, signal) => get(nsPath(namespace, 'usage/status'), signal),
    listNodes: (q, signal) => get(withQuery('/nodes', buildListQuery(q)), signal),
    getNode: (name, signal) => get(`/nodes/${encodeURIComponent(name)}`, signal),
    drainNode: (name, dryRun) =>
      postJSON(base + withQuery(`/nodes/${encodeURIComponent(name)}/drain`, dryRun ? 'dryRun=true' : ''), {}, fetcher),
    operate: (scope, request, dryRun) => {
      const path = scope.name
        ? `${one(scope.namespace, 'gameservers', scope.name)}/operations`
        : nsPath(scope.namespace, 'gameserveroperations');
      return postJSON(base + withQuery(path, dryRun ? 'dryRun=true' : ''), request, fetcher);
    },
  };
}
