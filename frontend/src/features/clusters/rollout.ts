// Cross-cluster rollouts: one request for sets in several clusters, answered per set.
import type { Rollout } from '../../api/scaling';
import { allocatedRefusal } from '../../utils/operations';
import type { MultiRolloutResult, RolloutTarget } from './api';
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

/** One row per target set, in the targets' order: its cluster's answer for it, or why there is none. */
export function rolloutRows(resp: MultiRolloutResult, targets: readonly RolloutTarget[]): RolloutRow[] {
  const parts = new Map(resp.clusters.map((p) => [`${p.name}/${p.namespace}/${p.gameServerSet}`, p]));
  return targets.map((tg) => {
    const p = parts.get(`${tg.cluster}/${tg.namespace}/${tg.name}`);
    if (!p) return { ...tg, ok: false, error: clusterError({ name: tg.cluster }) };
    if (!p.ok) return { ...tg, ok: false, error: clusterError(p) };
    return { ...tg, ok: true, rollout: p.result ?? undefined };
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
