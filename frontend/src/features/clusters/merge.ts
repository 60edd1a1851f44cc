// Pure logic of the all-clusters views: how a cluster answered, selection keys that carry the
// cluster, splitting a selection into per-cluster targets, folding per-cluster write answers.
import { ApiError } from '../../api/errors';
import type { Status } from '../../api/types';
import type { MessageKey } from '../../i18n';
import type { GroupOutcome } from '../../utils/operations';
import type { ClusterAnswer, InCluster, MultiOperationResult, MultiTarget, RolloutTarget } from './api';

/** Why a cluster is missing from a merged answer, as the status strip shows it. */
export type ClusterHealth = 'ok' | 'forbidden' | 'timeout' | 'unreachable' | 'notInstalled' | 'error';

export function clusterHealth(a: Pick<ClusterAnswer, 'ok' | 'code'>): ClusterHealth {
  if (a.ok) return 'ok';
  switch (a.code) {
    case 401:
    case 403:
      return 'forbidden';
    case 408:
    case 504:
      return 'timeout';
    case 404:
      return 'notInstalled';
    case undefined:
    case 0:
    case 502:
    case 503:
      return 'unreachable';
    default:
      return 'error';
  }
}

export const HEALTH_LABELS: Record<ClusterHealth, MessageKey> = {
  ok: 'OKG_MC_HEALTH_OK',
  forbidden: 'OKG_MC_HEALTH_FORBIDDEN',
  timeout: 'OKG_MC_HEALTH_TIMEOUT',
  unreachable: 'OKG_MC_HEALTH_UNREACHABLE',
  notInstalled: 'OKG_MC_HEALTH_NOT_INSTALLED',
  error: 'OKG_MC_HEALTH_ERROR',
};

export const HEALTH_TONES = {
  ok: 'success',
  forbidden: 'warning',
  timeout: 'warning',
  unreachable: 'error',
  notInstalled: 'default',
  error: 'error',
} as const;

/** Row key of an item of a merged list: cluster/namespace/name (none of them holds a slash). */
export const multiKey = (item: { cluster: string; namespace: string; name: string }): string =>
  `${item.cluster}/${item.namespace}/${item.name}`;

export interface ParsedKey {
  cluster: string;
  namespace: string;
  name: string;
}

export function parseMultiKey(key: string): ParsedKey | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || parts.some((p) => !p)) return undefined;
  return { cluster: parts[0], namespace: parts[1], name: parts[2] };
}

/** Splits selected keys into one target per cluster and namespace (names sorted), in a stable order. */
export function groupByCluster(keys: readonly string[]): MultiTarget[] {
  const groups = new Map<string, MultiTarget>();
  for (const key of keys) {
    const k = parseMultiKey(key);
    if (!k) continue;
    const id = `${k.cluster}/${k.namespace}`;
    let g = groups.get(id);
    if (!g) {
      g = { cluster: k.cluster, namespace: k.namespace, names: [] };
      groups.set(id, g);
    }
    if (!g.names?.includes(k.name)) g.names?.push(k.name);
  }
  return [...groups.keys()].sort().map((id) => {
    const g = groups.get(id) as MultiTarget;
    return { ...g, names: [...(g.names ?? [])].sort() };
  });
}

/** The sets a rollout goes to, from selected keys. */
export function rolloutTargets(keys: readonly string[]): RolloutTarget[] {
  return keys
    .map(parseMultiKey)
    .filter((k): k is ParsedKey => Boolean(k))
    .sort((a, b) => multiKey(a).localeCompare(multiKey(b)));
}

/** The clusters a set of targets spans, sorted. */
export function clustersOf(targets: readonly { cluster: string }[]): string[] {
  return [...new Set(targets.map((t) => t.cluster))].sort();
}

// A cluster's refusal of servers with players (apierror.PlayersConnected) reaches us as its message only.
const PLAYERS_CONNECTED = /^\d+ game servers have players on them \(Allocated\): (.+); set force=true/;

/**
 * A cluster's failed part as an ApiError of the Status it stood for: its code and message, and for
 * the one Allocated rule's 409 the servers named again as causes, so the force step works as for
 * one cluster.
 */
export function clusterError(r: { name: string; code?: number; error?: string }): ApiError {
  const code = r.code || 502;
  const message = r.error || `cluster ${r.name} did not answer`;
  const status: Status = { kind: 'Status', status: 'Failure', code, message };
  const allocated = code === 409 ? PLAYERS_CONNECTED.exec(message) : null;
  if (allocated) {
    status.reason = 'Conflict';
    status.details = { causes: allocated[1].split(', ').map((n) => ({ message: `${n.trim()} is Allocated` })) };
  }
  return new ApiError(status);
}

/** One GroupOutcome per part (cluster and namespace) of a cross-cluster bulk answer, for the operations dialog. */
export function clusterOutcomes(resp: MultiOperationResult, targets: readonly MultiTarget[] = []): GroupOutcome[] {
  const seen = new Set<string>();
  const out: GroupOutcome[] = resp.clusters.map((p) => {
    seen.add(`${p.name}/${p.namespace}`);
    if (p.ok && p.result) return { namespace: p.namespace, cluster: p.name, result: p.result };
    return { namespace: p.namespace, cluster: p.name, error: clusterError(p) };
  });
  // a target missing from the answer is reported, not silently dropped
  for (const t of targets) {
    if (!seen.has(`${t.cluster}/${t.namespace}`)) out.push({ namespace: t.namespace, cluster: t.cluster, error: clusterError({ name: t.cluster }) });
  }
  return out;
}

/** The per-cluster counts of a combined cross-cluster answer. */
export interface ClusterTally {
  cluster: string;
  changed: number;
  unchanged: number;
  failed: number;
  error?: unknown;
}

/** Sorts items of several clusters the way a one-cluster list would compare names (cluster last as tie-break). */
export function byClusterThenName<T extends { cluster: string; namespace: string; name: string }>(a: T, b: T): number {
  return a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/**
 * Folds one cluster's stream message of an object into a merged page: an item of that cluster
 * already on the page is replaced in place (its fields changed); anything else (entered, left,
 * moved) is for the merged endpoint to place, so the caller refetches. Returns the same page when
 * nothing changed here.
 */
export function foldIntoMerged<T extends { namespace: string; name: string }>(
  items: InCluster<T>[],
  cluster: string,
  object: T,
): InCluster<T>[] {
  const i = items.findIndex((it) => it.cluster === cluster && it.namespace === object.namespace && it.name === object.name);
  if (i < 0) return items;
  const next = items.slice();
  next[i] = { ...object, cluster };
  return next;
}

/** Which of the shown clusters answered; a cluster filter narrows to its choice. */
export function shownClusters(all: readonly string[], chosen: readonly string[]): string[] {
  if (!chosen.length) return [...all];
  const set = new Set(chosen);
  return all.filter((c) => set.has(c));
}
