import { describe, expect, it } from 'vitest';
import type { Overview } from '../../api/types';
import type { MultiOverview } from './api';
import { clusterRollups, deployUnits, overviewAnswers, projectsAcross, unitTotals } from './deployUnits';

const rollup = (gameServers: number, problems = 0) => ({ gameServers, problems, byState: { Ready: gameServers - problems, Crash: problems }, byOpsState: { None: gameServers }, byNetworkState: {} });

function overview(projects: Record<string, number>, problems = 0): Overview {
  const total = Object.values(projects).reduce((a, b) => a + b, 0);
  return {
    totals: { ...rollup(total, problems), gameServerSets: Object.keys(projects).length },
    namespaces: [],
    gameServerSets: [],
    projects: Object.entries(projects).map(([project, n]) => ({ project, ...rollup(n) })),
  };
}

const ok = { ok: true, code: 200, error: '', tookMs: 3, totalItems: 0 };

const mo: MultiOverview = {
  totals: { ...rollup(0), gameServerSets: 0 },
  clusters: [
    { name: 'us-east', ...ok, overview: overview({ minecraft: 24 }, 2) },
    { name: 'eu-west', ...ok, overview: overview({ minecraft: 16, arena: 10 }) },
    { name: 'ap-south', ok: false, code: 504, error: 'cluster ap-south did not answer within 5s', tookMs: 5000, totalItems: 0, overview: null },
  ],
};

describe('projects across clusters', () => {
  it('sums each project over the clusters that answered and names the clusters it runs in', () => {
    const rows = projectsAcross(mo);
    expect(rows.map((r) => [r.project, r.gameServers, r.clusters.map((c) => `${c.cluster}:${c.gameServers}`)])).toEqual([
      ['arena', 10, ['eu-west:10']],
      ['minecraft', 40, ['eu-west:16', 'us-east:24']],
    ]);
    expect(rows[1].byOpsState).toEqual({ None: 40 });
  });

  it('rolls each cluster up, without totals for one that did not answer', () => {
    expect(clusterRollups(mo).map((r) => [r.cluster, r.totals?.gameServers ?? null, r.answer.code])).toEqual([
      ['us-east', 24, 200],
      ['eu-west', 26, 200],
      ['ap-south', null, 504],
    ]);
  });

  it('counts game servers per cluster for the status strip', () => {
    expect(overviewAnswers(mo).map((a) => [a.name, a.totalItems])).toEqual([
      ['us-east', 24],
      ['eu-west', 26],
      ['ap-south', 0],
    ]);
  });
});

describe("a project's DeployUnits", () => {
  const set = (cluster: string, name: string) => ({ cluster, namespace: 'game-prod', name });

  it('groups sets by cluster: deployed clusters first (largest first), then without the project, then down', () => {
    const project: MultiOverview = {
      ...mo,
      clusters: [
        { name: 'sa-east', ...ok, overview: overview({}) },
        { name: 'eu-west', ...ok, overview: overview({ minecraft: 16 }) },
        mo.clusters[2],
        { name: 'us-east', ...ok, overview: overview({ minecraft: 24 }, 2) },
      ],
    };
    const units = deployUnits(project, [set('eu-west', 'minecraft'), set('us-east', 'minecraft'), set('eu-west', 'minecraft-canary')]);
    expect(units.map((u) => [u.cluster, u.sets.map((s) => s.name), u.totals?.gameServers ?? null, u.answer.ok])).toEqual([
      ['us-east', ['minecraft'], 24, true],
      ['eu-west', ['minecraft', 'minecraft-canary'], 16, true],
      ['sa-east', [], 0, true],
      ['ap-south', [], null, false],
    ]);
    expect(unitTotals(units)).toEqual({ clusters: 2, sets: 3, gameServers: 40, problems: 2 });
  });

  it('marks a cluster down when the set list could not ask it, whatever its overview said', () => {
    const units = deployUnits(mo, [], [{ name: 'eu-west', ok: false, code: 403, error: 'forbidden', tookMs: 1, totalItems: 0 }]);
    expect(units.find((u) => u.cluster === 'eu-west')?.answer).toMatchObject({ ok: false, code: 403 });
  });
});
