// Typed views of the okg-console REST API (docs/API.md, v1alpha1).

export const API_GROUP = 'okgconsole.kubesphere.io';
export const API_VERSION = 'v1alpha1';

export interface List<T> {
  items: T[];
  totalItems: number;
}

export interface AddressPort {
  name: string;
  protocol: string;
  port: string;
}

export interface Address {
  ip: string;
  endPoint?: string;
  ports: AddressPort[];
  portRange?: { protocol: string; portRange: string };
}

export interface ContainerImage {
  container: string;
  image: string;
}

export interface ServiceQualityStatus {
  name: string;
  status: string;
  result: string;
  lastProbeTime: string;
}

export interface PodSummary {
  phase: string;
  ready: boolean;
  readyContainers: number;
  containers: number;
  restarts: number;
  node: string;
  podIP: string;
  hostIP: string;
}

export interface GameServerView {
  name: string;
  namespace: string;
  gameServerSet: string;
  /** ordinal, -1 if none */
  id: number;
  project: string;
  state: string;
  desiredState: string;
  /** "" is shown as None */
  opsState: string;
  /** the service quality whose action set opsState; "" or absent: set by hand */
  opsStateFromProbe?: string;
  updatePriority: number;
  deletionPriority: number;
  networkDisabled: boolean;
  network: {
    type: string;
    state: string;
    desiredState: string;
    internalAddresses: Address[];
    externalAddresses: Address[];
  };
  pod: PodSummary | null;
  images: ContainerImage[];
  serviceQualities: ServiceQualityStatus[];
  labels: Record<string, string>;
  /** RFC 3339 */
  createdAt: string;
}

/** A raw Kubernetes object as the API server returns it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface EventView {
  type: string;
  reason: string;
  message: string;
  /** Kind/name */
  object: string;
  count: number;
  source: string;
  firstTimestamp: string;
  lastTimestamp: string;
}

export interface GameServerDetail {
  gameServer: GameServerView;
  object: KubeObject;
  pod: KubeObject | null;
  events: EventView[];
}

export interface Replicas {
  desired: number;
  current: number;
  ready: number;
  available: number;
  updated: number;
  updatedReady: number;
  maintaining: number;
  waitToBeDeleted: number;
}

export interface UpdateStrategy {
  type: string;
  partition: number;
  maxUnavailable: string;
  podUpdatePolicy: string;
  paused: boolean;
}

export type Counts = Record<string, number>;

export interface GameServerSetView {
  name: string;
  namespace: string;
  project: string;
  createdAt: string;
  replicas: Replicas;
  gameServers: number;
  byState: Counts;
  byOpsState: Counts;
  byNetworkState: Counts;
  images: ContainerImage[];
  updateStrategy: UpdateStrategy;
  scaleDownStrategyType: string;
  /** "1,3,7-9" */
  reserveGameServerIds: string;
  networkType: string;
  serviceQualities: string[];
  /** the set's service-quality probes and what each does (absent from older backends) */
  serviceQualityDefinitions?: QualityDefinition[];
}

export interface GameServerSetDetail {
  gameServerSet: GameServerSetView;
  object: KubeObject;
}

export interface Rollup {
  gameServers: number;
  byState: Counts;
  byOpsState: Counts;
  byNetworkState: Counts;
  problems: number;
}

export interface Overview {
  totals: Rollup & { gameServerSets: number };
  namespaces: (Rollup & { namespace: string })[];
  projects: (Rollup & { project: string })[];
  gameServerSets: (Rollup & { namespace: string; name: string; project: string; replicas: number })[];
}

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

export type GameServerSortKey =
  | 'id'
  | 'name'
  | 'namespace'
  | 'gameServerSet'
  | 'state'
  | 'opsState'
  | 'networkState'
  | 'updatePriority'
  | 'deletionPriority'
  | 'node'
  | 'restarts'
  | 'age';

export type GameServerSetSortKey = 'name' | 'namespace' | 'replicas' | 'readyReplicas' | 'age';

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

export interface QualityAction {
  state: boolean;
  result?: string;
  opsState?: string;
  updatePriority?: string;
  deletionPriority?: string;
  networkDisabled?: boolean;
}

export interface QualityDefinition {
  name: string;
  containerName: string;
  permanent: boolean;
  probe: string;
  periodSeconds: number;
  actions: QualityAction[];
}
