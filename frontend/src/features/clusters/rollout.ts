// Cross-cluster rollouts: one request for sets in several clusters, answered per cluster; here
// the answer becomes one row per set.
import { ApiError } from '../../api/errors';
import type { Rollout } from '../../api/scaling';
import { allocatedRefusal } from '../../utils/operations';
import type { ClusterWriteResult, MultiWriteResponse, RolloutClusterResult, RolloutItem, RolloutTarget } from './api';
import { clusterError } from './merge';

export interface RolloutRow {
  cluster: string;
  namespace: string;
  name: string;
  ok: boolean;
  error?: unknown;
  /** the set's rollout after (or, previewed, as it would be after) the change */
  rollout?: Rollout;
}

function isRollout(v: unknown): v is Rollout {
  return typeof v === 'object' && v !== null && 'replicas' in v && 'images' in v;
}

function itemsOf(result: RolloutClusterResult | undefined): RolloutItem[] | undefined {
  if (!result) return undefined;
  if (Array.isArray(result)) return result;
  if ('items' in result && Array.isArray(result.items)) return result.items;
  return undefined;
}

function itemError(it: RolloutItem): unknown {
  if (it.ok) return undefined;
  return new ApiError({ kind: 'Status', status: 'Failure', code: it.code ?? 500, message: it.error ?? '' });
}

/** One row per target set: its cluster's answer for it, or the cluster's error when it refused as a whole. */
export function rolloutRows(resp: MultiWriteResponse<RolloutClusterResult>, targets: readonly RolloutTarget[]): RolloutRow[] {
  const byCluster = new Map<string, ClusterWriteResult<RolloutClusterResult>>(resp.clusters.map((c) => [c.name, c]));
  return targets.map((tg) => {
    const c = byCluster.get(tg.cluster);
    if (!c) return { ...tg, ok: false, error: clusterError({ name: tg.cluster, code: 502, error: '' }) };
    if (!c.ok) return { ...tg, ok: false, error: clusterError(c) };
    const items = itemsOf(c.result);
    if (items) {
      const it = items.find((i) => i.namespace === tg.namespace && i.name === tg.name);
      if (!it) return { ...tg, ok: false, error: clusterError({ name: tg.cluster, code: 500, error: `no answer for ${tg.namespace}/${tg.name}` }) };
      return { ...tg, ok: it.ok, error: itemError(it), rollout: it.rollout };
    }
    return { ...tg, ok: true, rollout: isRollout(c.result) ? c.result : undefined };
  });
}

/** The Allocated servers the rows' 409 refusals name (cluster/namespace/name), for the force step. */
export function allocatedOf(rows: readonly RolloutRow[]): string[] {
  return rows.flatMap((r) => (allocatedRefusal(r.error) ?? []).map((n) => `${r.cluster}/${r.namespace}/${n}`));
}

export interface RolloutCounts {
  ok: number;
  failed: number;
}

export function rolloutCounts(rows: readonly RolloutRow[]): RolloutCounts {
  const ok = rows.filter((r) => r.ok).length;
  return { ok, failed: rows.length - ok };
}
