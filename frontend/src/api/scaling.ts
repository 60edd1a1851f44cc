// Scaling, reserved ids, rollout, KEDA autoscaling and YAML create/edit (docs/API.md:
// "Scaling and hot updates", "Autoscaling with KEDA", "Create and edit from YAML or a form").
// The request and answer types are generated from the Go types (./generated/api.ts).
import { parseErrorBody } from './errors';
import type * as G from './generated/api';
import type { KubeObject } from './types';

import type {
  AutoscalerForm,
  AutoscalingStatus,
  ReservePreview,
  ReserveRequest,
  Rollout,
  ScalePreview,
  ScaleRequest,
  UpdateRequest,
} from './generated/api';

export type {
  AutoscalerForm,
  AutoscalingStatus,
  Condition,
  Member,
  ObjectResult,
  PendingServer,
  PodUpdatePolicy,
  PreviewWarning,
  ReservePreview,
  ReserveRequest,
  Rollout,
  ScaleDownPolicy,
  ScaleDownStrategyType,
  ScalePreview,
  ScaleRequest,
  UpdateRequest,
} from './generated/api';

export type ScaleMethod = G.ScaleDownMethod;

/** Which servers of the set go: exactly one of names, ids or filter (with an optional limit). */
export type Selection = NonNullable<G.ScaleRequest['remove']>;

/** A set's KEDA ScaledObject as the console shows and edits it (autoscale.View). */
export type Autoscaler = G.Autoscaler;

/** One entry of a network's conf list (OKG's NetworkConfParams). */
export type NetworkConf = G.NetworkConfParams;

/** The create form of a GameServerSet (manifest.Form). */
export type GameServerSetForm = G.GameServerSetForm;

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
  if (res.status === 204) return null as T; // nothing there (a set without an autoscaler)
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
  /** null: no ScaledObject targets the set (the API answers 204). */
  getAutoscaler(namespace: string, name: string): Promise<Autoscaler | null>;
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
