// A project across clusters (OKG Dashboard calls each cluster's share a DeployUnit): per-project
// rows of every cluster's overview, and one project's sets grouped by cluster with their rollups.
import type { Overview } from '../../api/types';
import type { ClusterAnswer, InCluster, MultiOverview } from './api';

type Totals = Overview['totals'];

export interface ProjectShare {
  cluster: string;
  gameServers: number;
  problems: number;
}

export interface ProjectRow {
  project: string;
  gameServers: number;
  problems: number;
  byState: Record<string, number>;
  byOpsState: Record<string, number>;
  byNetworkState: Record<string, number>;
  /** the clusters it runs in, by cluster name */
  clusters: ProjectShare[];
}

function addCounts(into: Record<string, number>, from: Record<string, number> | undefined): void {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + v;
}

/** Every project of every answering cluster's overview, summed across clusters, sorted by name. */
export function projectsAcross(mo: MultiOverview | undefined): ProjectRow[] {
  const rows = new Map<string, ProjectRow>();
  for (const c of mo?.clusters ?? []) {
    if (!c.ok || !c.overview) continue;
    for (const p of c.overview.projects ?? []) {
      let row = rows.get(p.project);
      if (!row) {
        row = { project: p.project, gameServers: 0, problems: 0, byState: {}, byOpsState: {}, byNetworkState: {}, clusters: [] };
        rows.set(p.project, row);
      }
      row.gameServers += p.gameServers;
      row.problems += p.problems;
      addCounts(row.byState, p.byState);
      addCounts(row.byOpsState, p.byOpsState);
      addCounts(row.byNetworkState, p.byNetworkState);
      row.clusters.push({ cluster: c.name, gameServers: p.gameServers, problems: p.problems });
    }
  }
  const out = [...rows.values()].sort((a, b) => a.project.localeCompare(b.project));
  for (const r of out) r.clusters.sort((a, b) => a.cluster.localeCompare(b.cluster));
  return out;
}

/** One cluster's share of a project: its answer, its rollup of the project and its sets. */
export interface DeployUnit<S> {
  cluster: string;
  answer: ClusterAnswer;
  totals?: Totals;
  sets: InCluster<S>[];
}

/**
 * A project's DeployUnits: every cluster the overview asked (answered or not), each with its
 * totals for the project and its sets of the merged set list; clusters where the project runs
 * first (most game servers first), then those without it, then those that did not answer.
 */
export function deployUnits<S extends { name: string; namespace: string }>(
  mo: MultiOverview | undefined,
  sets: readonly InCluster<S>[],
  setAnswers: readonly ClusterAnswer[] = [],
): DeployUnit<S>[] {
  const units = new Map<string, DeployUnit<S>>();
  for (const c of mo?.clusters ?? []) {
    const { overview, ...answer } = c;
    units.set(c.name, { cluster: c.name, answer, totals: c.ok ? overview?.totals : undefined, sets: [] });
  }
  // a cluster the set list could not ask is down there too, whatever the overview said
  for (const a of setAnswers) {
    const u = units.get(a.name);
    if (!u) units.set(a.name, { cluster: a.name, answer: a, sets: [] });
    else if (!a.ok && u.answer.ok) u.answer = a;
  }
  for (const s of sets) {
    let u = units.get(s.cluster);
    if (!u) {
      u = { cluster: s.cluster, answer: { name: s.cluster, ok: true }, sets: [] };
      units.set(s.cluster, u);
    }
    u.sets.push(s);
  }
  const rank = (u: DeployUnit<S>) => (!u.answer.ok ? 2 : u.sets.length || (u.totals?.gameServers ?? 0) > 0 ? 0 : 1);
  return [...units.values()].sort(
    (a, b) => rank(a) - rank(b) || (b.totals?.gameServers ?? 0) - (a.totals?.gameServers ?? 0) || a.cluster.localeCompare(b.cluster),
  );
}

/** The project's totals over the clusters that answered. */
export function unitTotals<S>(units: readonly DeployUnit<S>[]): { clusters: number; sets: number; gameServers: number; problems: number } {
  const deployed = units.filter((u) => u.answer.ok && (u.sets.length > 0 || (u.totals?.gameServers ?? 0) > 0));
  return {
    clusters: deployed.length,
    sets: deployed.reduce((n, u) => n + u.sets.length, 0),
    gameServers: deployed.reduce((n, u) => n + (u.totals?.gameServers ?? 0), 0),
    problems: deployed.reduce((n, u) => n + (u.totals?.problems ?? 0), 0),
  };
}

/** Each cluster's answer to an overview, counting its game servers (for the status strip). */
export function overviewAnswers(mo: MultiOverview | undefined): ClusterAnswer[] {
  return (mo?.clusters ?? []).map(({ overview, ...a }) => ({ ...a, totalItems: overview?.totals.gameServers ?? a.totalItems }));
}

/** One row per cluster of an overview: how it answered and its totals. */
export interface ClusterRollupRow {
  cluster: string;
  answer: ClusterAnswer;
  totals?: Totals;
}

export function clusterRollups(mo: MultiOverview | undefined): ClusterRollupRow[] {
  return (mo?.clusters ?? []).map(({ overview, ...answer }) => ({ cluster: answer.name, answer, totals: answer.ok ? overview?.totals : undefined }));
}
