// Typed views of the okg-console REST API (docs/API.md, v1alpha1). The response and
// request shapes are generated from the Go types (./generated/api.ts, `make contract`);
// this file gives them the names the app uses and keeps the client's own types.
import type * as G from './generated/api';

export type {
  ContainerImage,
  EventView,
  GameServerDetail,
  GameServerSetDetail,
  GameServerSetSortKey,
  GameServerSetView,
  GameServerSortKey,
  GameServerView,
  HistoryChange,
  HistoryEntry,
  HistoryPage,
  HistorySource,
  KubeObject,
  NodeCondition,
  NodeSortKey,
  NodeView,
  Overview,
  SetUsageView,
  Usage,
  UsageState,
  UsageStatus,
  UsageView,
  QualityAction,
  QualityDefinition,
  Replicas,
} from './generated/api';

export { HistoryChangeValues, HistorySourceValues } from './generated/api';

export const API_GROUP = 'okgconsole.kubesphere.io';
export const API_VERSION = 'v1alpha1';

/** The envelope of every list (fleet.List in Go; generated as GameServerList, GameServerSetList). */
export interface List<T> {
  items: T[];
  totalItems: number;
}

export type AddressPort = G.PortView;
export type Address = G.AddressView;
export type ServiceQualityStatus = G.QualityView;
export type PodSummary = G.PodView;
export type UpdateStrategy = G.UpdateStrategyView;

export type Counts = Record<string, number>;

/** A pod condition as read from a pod's KubeObject (status.conditions). */
export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** What every roll-up carries (fleet.Rollup, flattened into its owners in JSON). */
export type Rollup = Pick<G.OverviewTotals, 'gameServers' | 'byState' | 'byOpsState' | 'byNetworkState' | 'problems'>;

/** metav1.Status, the body of every error. */
export interface Status {
  kind: 'Status';
  apiVersion?: string;
  status: 'Failure' | 'Success';
  code: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    kind?: string;
    causes?: { field?: string; message?: string; reason?: string }[];
  };
}

/** The one list query contract. */
export interface ListQuery<S extends string = string> {
  page?: number;
  limit?: number;
  sortBy?: S;
  ascending?: boolean;
  labelSelector?: string;
  /** named filters; arrays are joined with commas, empty values are dropped */
  filters?: Record<string, string | string[] | undefined>;
}

export interface GameServerFilters {
  namespace?: string;
  project?: string;
  gameServerSet?: string;
  state?: string[];
  opsState?: string[];
  networkState?: string[];
  image?: string;
  node?: string;
  name?: string;
  ids?: string;
  updatePriority?: string;
  deletionPriority?: string;
}

/** A watch event as the future websocket stream will deliver it. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}
