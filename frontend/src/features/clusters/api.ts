// The multi-cluster API (issue 14): which clusters exist, merged lists across them, and
// operations and rollouts whose targets span clusters. Every cluster also answers the whole
// single-cluster API below /clusters/{cluster}/kapis/... (clusterApiBase), so its own pages
// and streams use the ordinary client with that base.
import { getJSON, postJSON, STANDALONE_API_BASE, kubesphereApiBase, type Fetcher } from '../../api/client';
import type { OperationRequest, OperationResult } from '../../api/ops';
import { buildListQuery, withQuery } from '../../api/query';
import type { GameServerSetView, GameServerView, ListQuery, Overview, UpdateStrategy } from '../../api/types';
import type { Rollout, UpdateRequest } from '../../api/scaling';

/** A cluster the console knows: whether its backend answered, and if not why (HTTP-like code). */
export interface ClusterInfo {
  name: string;
  /** the cluster the console itself runs in (its API also sits at the unprefixed base) */
  local: boolean;
  ok: boolean;
  error?: string;
  code?: number;
}

export interface ClusterList {
  items: ClusterInfo[];
  totalItems: number;
}

/** How one cluster answered a merged request. */
export interface ClusterAnswer {
  name: string;
  ok: boolean;
  code?: number;
  error?: string;
  totalItems?: number;
  tookMs?: number;
}

/** An item of a merged list: the view plus the cluster it came from. */
export type InCluster<T> = T & { cluster: string };

/** A merged page: the true page of the sorted union, totalItems the sum, each cluster's answer. */
export interface MultiList<T> {
  items: InCluster<T>[];
  totalItems: number;
  clusters: ClusterAnswer[];
}

export interface ClusterOverview extends ClusterAnswer {
  overview?: Overview;
}

export interface MultiOverview {
  clusters: ClusterOverview[];
  totals?: Overview['totals'];
}

/** One cluster's and namespace's targets of a cross-cluster bulk operation (the single bulk's selector fields). */
export interface MultiTarget {
  cluster: string;
  namespace: string;
  names?: string[];
  ids?: string;
  gameServerSet?: string;
  filter?: Record<string, string>;
  limit?: number;
}

export interface MultiOperationRequest extends Omit<OperationRequest, 'targets'> {
  targets: MultiTarget[];
}

/** One cluster's answer to a cross-cluster write: its bulk (or rollout) result, or why it failed. */
export interface ClusterWriteResult<R> {
  name: string;
  ok: boolean;
  code?: number;
  error?: string;
  result?: R;
}

export interface MultiWriteResponse<R> {
  clusters: ClusterWriteResult<R>[];
  summary?: Record<string, number>;
}

export interface RolloutTarget {
  cluster: string;
  namespace: string;
  name: string;
}

export interface MultiRolloutRequest extends Omit<UpdateRequest, 'dryRun'> {
  targets: RolloutTarget[];
  dryRun?: boolean;
}

/** One set's rollout outcome (the per-set answer of the single-cluster rollout, or its error). */
export interface RolloutItem {
  namespace: string;
  name: string;
  ok: boolean;
  error?: string;
  code?: number;
  rollout?: Rollout;
}

/** A rollout result per cluster: one entry per set, or the one set's Rollout itself. */
export type RolloutClusterResult = { items?: RolloutItem[] } | RolloutItem[] | Rollout;

export type MultiGameServer = InCluster<GameServerView>;
export type MultiGameServerSet = InCluster<GameServerSetView>;
export type { UpdateStrategy };

/** The single-cluster API base of a cluster: the unprefixed one for the local cluster standalone. */
export function clusterApiBase(cluster: string): string {
  return kubesphereApiBase(cluster);
}

export interface MultiQuery<S extends string = string> extends ListQuery<S> {
  /** the clusters to ask; empty or undefined: all */
  clusters?: string[];
  namespace?: string;
}

/** Query string of a merged list: the list contract plus clusters= and namespace=. */
export function multiListQuery(q: MultiQuery): string {
  const filters: Record<string, string | string[] | undefined> = { ...(q.filters ?? {}) };
  if (q.clusters?.length) filters.clusters = [...q.clusters].sort();
  if (q.namespace?.trim()) filters.namespace = q.namespace.trim();
  return buildListQuery({ ...q, filters });
}

export interface MultiClusterApi {
  readonly base: string;
  listClusters(signal?: AbortSignal): Promise<ClusterList>;
  listGameServers(q: MultiQuery, signal?: AbortSignal): Promise<MultiList<GameServerView>>;
  listGameServerSets(q: MultiQuery, signal?: AbortSignal): Promise<MultiList<GameServerSetView>>;
  overview(project: string | undefined, clusters: string[] | undefined, signal?: AbortSignal): Promise<MultiOverview>;
  operate(request: MultiOperationRequest): Promise<MultiWriteResponse<OperationResult>>;
  rollout(request: MultiRolloutRequest): Promise<MultiWriteResponse<RolloutClusterResult>>;
}

/** The merged endpoints are served by the console the page talks to, at the unprefixed base. */
export function createMultiClusterApi(base: string = STANDALONE_API_BASE, fetcher?: Fetcher): MultiClusterApi {
  const get = <T>(path: string, signal?: AbortSignal) => getJSON<T>(base + path, signal, fetcher);
  return {
    base,
    listClusters: (signal) => get('/clusters', signal),
    listGameServers: (q, signal) => get(withQuery('/multicluster/gameservers', multiListQuery(q)), signal),
    listGameServerSets: (q, signal) => get(withQuery('/multicluster/gameserversets', multiListQuery(q)), signal),
    overview: (project, clusters, signal) => {
      const params = new URLSearchParams();
      if (project) params.set('project', project);
      if (clusters?.length) params.set('clusters', [...clusters].sort().join(','));
      return get(withQuery('/multicluster/overview', params.toString()), signal);
    },
    operate: (request) => postJSON(base + '/multicluster/gameserveroperations', request, fetcher),
    rollout: (request) => postJSON(base + '/multicluster/rollouts', request, fetcher),
  };
}
