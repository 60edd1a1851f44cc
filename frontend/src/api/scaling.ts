// Scaling, reserved ids, rollout, KEDA autoscaling and YAML create/edit (docs/API.md:
// "Scaling and hot updates", "Autoscaling with KEDA", "Create and edit from YAML or a form").
import { parseErrorBody } from './errors';
import type { KubeObject } from './types';

export type ScaleMethod = 'WaitToBeDeleted' | 'ReserveIds';

/** Which servers of the set go: exactly one of names, ids or filter (with an optional limit). */
export interface Selection {
  names?: string[];
  /** "1,3,7-9" */
  ids?: string;
  /** list filters of the game server query (opsState, state, sortBy, ascending, ...) */
  filter?: Record<string, string>;
  limit?: number;
}

export interface ScaleRequest {
  replicas?: number;
  remove?: Selection;
  method?: ScaleMethod;
}

/** One game server as the scale-down prediction sees it. */
export interface Member {
  name: string;
  id: number;
  state: string;
  opsState: string;
  deletionPriority: number;
}

export interface ScalePreview {
  dryRun: boolean;
  replicasBefore: number;
  replicasAfter: number;
  method?: string;
  /** servers chosen for removal */
  marked: string[];
  /** the servers OKG removes, in its order */
  removed: Member[];
  keptIds: string;
  reserveGameServerIds: string;
  warnings: PreviewWarning[];
}

/** A warning of a preview (docs/API.md): a code the UI translates, the object it is
 * about, the values of its sentence, and the server's English. */
export interface PreviewWarning {
  code: string;
  name?: string;
  params?: Record<string, string>;
  message: string;
}

export type ScaleDownStrategyType = 'General' | 'ReserveIds';

export interface ReserveRequest {
  /** "1,3-5"; "" clears them */
  ids: string;
  scaleDownStrategyType?: ScaleDownStrategyType;
}

export interface ReservePreview {
  dryRun: boolean;
  before: string;
  after: string;
  scaleDownStrategyType: string;
  /** running servers whose id becomes reserved: OKG deletes them */
  affected: Member[];
  warnings: PreviewWarning[];
}

export type PodUpdatePolicy = 'ReCreate' | 'InPlaceIfPossible' | 'InPlaceOnly';

export interface PendingServer {
  name: string;
  id: number;
  updatePriority: number;
  opsState: string;
  images: Record<string, string>;
}

export interface Rollout {
  replicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  updatedReadyReplicas: number;
  partition: number;
  paused: boolean;
  podUpdatePolicy: string;
  maxUnavailable: string;
  /** container -> template image */
  images: Record<string, string>;
  /** servers still on another image, in OKG's update order */
  pending: PendingServer[];
}

export interface UpdateRequest {
  images?: Record<string, string>;
  partition?: number;
  /** "2" or "20%" */
  maxUnavailable?: string;
  podUpdatePolicy?: PodUpdatePolicy;
  paused?: boolean;
}

export interface AutoscalingStatus {
  kedaInstalled: boolean;
  apiVersion: string;
  resource: string;
  message?: string;
}

export interface ScaleDownPolicy {
  type: 'Percent' | 'Pods';
  value: number;
  periodSeconds: number;
}

export interface AutoscalerForm {
  resourceVersion?: string;
  minReplicaCount: number;
  maxReplicaCount: number;
  pollingInterval?: number;
  external?: { scalerAddress?: string; minAvailable?: number | string; maxAvailable?: number | string };
  cpu?: { utilization: number };
  scaleDown?: {
    stabilizationWindowSeconds?: number;
    selectPolicy?: 'Max' | 'Min' | 'Disabled';
    policies?: ScaleDownPolicy[];
  };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Autoscaler {
  name: string;
  namespace: string;
  gameServerSet: string;
  resourceVersion: string;
  createdAt: string;
  spec: AutoscalerForm;
  otherTriggers?: { type: string; name?: string }[];
  conditions: Condition[];
  hpa?: {
    name: string;
    currentReplicas: number;
    desiredReplicas: number;
    minReplicas?: number;
    maxReplicas: number;
    lastScaleTime?: string;
  };
  paused: boolean;
  warnings?: PreviewWarning[];
  dryRun?: boolean;
  object: KubeObject;
}

export interface NetworkConf {
  name: string;
  value: string;
}

export interface GameServerSetForm {
  name: string;
  labels?: Record<string, string>;
  image: string;
  containerName?: string;
  replicas: number;
  network?: { type: string; conf?: NetworkConf[] };
  updateStrategy?: {
    partition?: number;
    maxUnavailable?: number | string;
    podUpdatePolicy?: PodUpdatePolicy;
    paused?: boolean;
  };
  serviceQualities?: Record<string, unknown>[];
}

export type YamlKind = 'gameserversets' | 'gameservers';

/** What a write answers with a dryRun flag in the query string. */
export const dryRunQuery = (dryRun: boolean): string => (dryRun ? '?dryRun=true' : '');

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

export interface Sent {
  method: string;
  url: string;
  contentType?: string;
  body?: string;
}

/** Builds one request of this API: method, URL and body (kept apart so tests can check it). */
export function buildRequest(method: string, url: string, body?: unknown, contentType = 'application/json'): Sent {
  if (body === undefined) return { method, url };
  return { method, url, contentType, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

async function send<T>(fetcher: Fetcher, req: Sent, accept = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { Accept: accept };
  if (req.contentType) headers['Content-Type'] = req.contentType;
  const res = await fetcher(req.url, { method: req.method, credentials: 'same-origin', headers, body: req.body });
  const text = await res.text();
  if (!res.ok) throw parseErrorBody(res.status, res.statusText, text);
  return (accept === 'application/json' ? JSON.parse(text) : text) as T;
}

const seg = encodeURIComponent;

export function setPath(namespace: string, name: string): string {
  return `/namespaces/${seg(namespace)}/gameserversets/${seg(name)}`;
}

export interface ScalingApi {
  scale(namespace: string, name: string, req: ScaleRequest, dryRun: boolean): Promise<ScalePreview>;
  setReservedIds(namespace: string, name: string, req: ReserveRequest, dryRun: boolean): Promise<ReservePreview>;
  getRollout(namespace: string, name: string): Promise<Rollout>;
  updateRollout(namespace: string, name: string, req: UpdateRequest, dryRun: boolean): Promise<Rollout>;
  /** whether KEDA is installed; with a namespace, asked there (a project member may not ask cluster-wide) */
  autoscalingStatus(namespace?: string): Promise<AutoscalingStatus>;
  getAutoscaler(namespace: string, name: string): Promise<Autoscaler>;
  putAutoscaler(namespace: string, name: string, form: AutoscalerForm, dryRun: boolean): Promise<Autoscaler>;
  deleteAutoscaler(namespace: string, name: string, resourceVersion: string | undefined, dryRun: boolean): Promise<Autoscaler>;
  /** YAML text of a set or a game server as stored (managedFields removed) */
  getYaml(kind: YamlKind, namespace: string, name: string): Promise<string>;
  /** the URL the browser downloads the YAML from */
  yamlUrl(kind: YamlKind, namespace: string, name: string): string;
  putYaml(namespace: string, name: string, yaml: string, dryRun: boolean): Promise<KubeObject>;
  createGameServerSet(namespace: string, body: GameServerSetForm | { yaml: string }, dryRun: boolean): Promise<KubeObject>;
}

export function createScalingApi(base: string, fetcher: Fetcher = (input, init) => fetch(input, init)): ScalingApi {
  const set = (ns: string, name: string) => base + setPath(ns, name);
  const yamlUrl = (kind: YamlKind, ns: string, name: string) => `${base}/namespaces/${seg(ns)}/${kind}/${seg(name)}/yaml`;
  return {
    scale: (ns, name, req, dryRun) => send(fetcher, buildRequest('POST', `${set(ns, name)}/scale${dryRunQuery(dryRun)}`, req)),
    setReservedIds: (ns, name, req, dryRun) =>
      send(fetcher, buildRequest('PUT', `${set(ns, name)}/reserveids${dryRunQuery(dryRun)}`, req)),
    getRollout: (ns, name) => send(fetcher, buildRequest('GET', `${set(ns, name)}/rollout`)),
    updateRollout: (ns, name, req, dryRun) =>
      send(fetcher, buildRequest('POST', `${set(ns, name)}/rollout${dryRunQuery(dryRun)}`, req)),
    autoscalingStatus: (ns) =>
      send(fetcher, buildRequest('GET', `${base}${ns ? `/namespaces/${seg(ns)}` : ''}/autoscaling/status`)),
    getAutoscaler: (ns, name) => send(fetcher, buildRequest('GET', `${set(ns, name)}/autoscaler`)),
    putAutoscaler: (ns, name, form, dryRun) =>
      send(fetcher, buildRequest('PUT', `${set(ns, name)}/autoscaler${dryRunQuery(dryRun)}`, form)),
    deleteAutoscaler: (ns, name, resourceVersion, dryRun) => {
      const q = new URLSearchParams();
      if (resourceVersion) q.set('resourceVersion', resourceVersion);
      if (dryRun) q.set('dryRun', 'true');
      const qs = q.toString();
      return send(fetcher, buildRequest('DELETE', `${set(ns, name)}/autoscaler${qs ? `?${qs}` : ''}`));
    },
    getYaml: (kind, ns, name) => send(fetcher, buildRequest('GET', yamlUrl(kind, ns, name)), 'application/yaml'),
    yamlUrl,
    putYaml: (ns, name, yaml, dryRun) =>
      send(fetcher, buildRequest('PUT', `${set(ns, name)}/yaml${dryRunQuery(dryRun)}`, yaml, 'application/yaml')),
    createGameServerSet: (ns, body, dryRun) =>
      send(fetcher, buildRequest('POST', `${base}/namespaces/${seg(ns)}/gameserversets${dryRunQuery(dryRun)}`, body)),
  };
}
