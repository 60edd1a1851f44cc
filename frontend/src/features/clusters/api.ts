// The multi-cluster API (issue 14): which clusters exist, merged lists across them, and
// operations and rollouts whose targets span clusters. Every cluster also answers the whole
// single-cluster API below /clusters/{cluster}/kapis/... (clusterApiBase), so its own pages
// and streams use the ordinary client with that base.
import { getJSON, postJSON, STANDALONE_API_BASE, kubesphereApiBase, type Fetcher } from '../../api/client';
import type * as G from '../../api/generated/api';
import { buildListQuery, withQuery } from '../../api/query';
import type { GameServerSetView, GameServerView, ListQuery } from '../../api/types';

/** A cluster the console knows: whether its backend answers, and if not why (HTTP-like code). */
export type ClusterInfo = G.Cluster;
export type ClusterList = G.ClusterList;

/** How one cluster answered a merged request (code 0/absent when it answered). */
export type ClusterAnswer = Pick<G.ClusterStatus, 'name' | 'ok'> & Partial<Omit<G.ClusterStatus, 'name' | 'ok'>>;

/** An item of a merged list: the view plus the cluster it came from. */
export type InCluster<T> = T & { cluster: string };

/** A merged page: the true page of the sorted union, totalItems the sum, each cluster's answer. */
export interface MultiList<T> {
  items: InCluster<T>[];
  totalItems: number;
  clusters: G.ClusterStatus[];
}

export type ClusterOverview = G.ClusterOverview;
export type MultiOverview = G.MultiClusterOverview;

/** One cluster's and namespace's targets of a cross-cluster bulk operation (the single bulk's selector fields). */
export type MultiTarget = G.MultiClusterOperationTarget;
export type MultiOperationRequest = G.MultiClusterOperationRequest;
/** One part per target (cluster and namespace): its bulk result, or why it failed. */
export type MultiOperationPart = G.MultiClusterOperationPart;
export type MultiOperationResult = G.MultiClusterOperationResult;

export type RolloutTarget = G.MultiClusterRolloutTarget;
export type MultiRolloutRequest = G.MultiClusterRolloutRequest;
/** One part per target set: its rollout as it is (or, previewed, would be) after the change. */
export type MultiRolloutPart = G.MultiClusterRolloutPart;
export type MultiRolloutResult = G.MultiClusterRolloutResult;

export type MultiGameServer = G.MultiClusterGameServer;
export type MultiGameServerSet = G.MultiClusterGameServerSet;

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
  operate(request: MultiOperationRequest): Promise<MultiOperationResult>;
  rollout(request: MultiRolloutRequest): Promise<MultiRolloutResult>;
}

/** The merged endpoints are served by the console the page talks to, at the unprefixed base. */
export function createMultiClusterApi(base: string = STANDALONE_API_BASE, fetcher?: Fetcher): MultiClusterApi {
  const get = <T>(path: string, signal?: AbortSignal) => getJSON<T>(base + path, signal, fetcher);
  return {
    base,
    listClusters: (signal) => get('/clusters', signal),
    listGameServers: (q, signal) => get<G.MultiClusterGameServerList>(withQuery('/multicluster/gameservers', multiListQuery(q)), signal),
    listGameServerSets: (q, signal) => get<G.MultiClusterGameServerSetList>(withQuery('/multicluster/gameserversets', multiListQuery(q)), signal),
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
