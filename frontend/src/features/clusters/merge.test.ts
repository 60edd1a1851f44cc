import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { combine, allocatedRefusal } from '../../utils/operations';
import type { MultiOperationResult } from './api';
import {
  clusterError,
  clusterHealth,
  clusterOutcomes,
  foldIntoMerged,
  groupByCluster,
  multiKey,
  parseMultiKey,
  rolloutTargets,
} from './merge';
import { clusterStreamQuery, mergedLive } from './hooks';
import { toMultiQuery, MC_GAME_SERVER_MULTI } from './listState';
import { allocatedOf, rolloutCounts, rolloutRows } from './rollout';

const result = (names: string[], changed: boolean) => ({
  changed: changed ? names.length : 0,
  unchanged: changed ? 0 : names.length,
  failed: 0,
  total: names.length,
  dryRun: true,
  operation: 'opsState' as const,
  user: 'admin',
  notes: [],
  items: names.map((name) => ({ kind: 'GameServer', attempts: 1, name, namespace: 'game-prod', ok: true, changed, before: { opsState: 'None' }, after: { opsState: 'Maintaining' } })),
});

describe('cluster health', () => {
  it('says why a cluster is missing from a merged answer', () => {
    expect(clusterHealth({ ok: true, code: 200 })).toBe('ok');
    expect(clusterHealth({ ok: false, code: 403 })).toBe('forbidden');
    expect(clusterHealth({ ok: false, code: 504 })).toBe('timeout');
    expect(clusterHealth({ ok: false, code: 503 })).toBe('unreachable');
    expect(clusterHealth({ ok: false, code: 0 })).toBe('unreachable');
    expect(clusterHealth({ ok: false, code: 404 })).toBe('notInstalled');
    expect(clusterHealth({ ok: false, code: 500 })).toBe('error');
  });
});

describe('selection across clusters', () => {
  it('keys rows by cluster, namespace and name and splits them per cluster and namespace', () => {
    const keys = ['us-east/game-prod/minecraft-3', 'eu-west/game-prod/minecraft-1', 'eu-west/game-staging/canary-0', 'eu-west/game-prod/minecraft-0', 'bad/key'];
    expect(multiKey({ cluster: 'a', namespace: 'b', name: 'c' })).toBe('a/b/c');
    expect(parseMultiKey('a/b')).toBeUndefined();
    expect(groupByCluster(keys)).toEqual([
      { cluster: 'eu-west', namespace: 'game-prod', names: ['minecraft-0', 'minecraft-1'] },
      { cluster: 'eu-west', namespace: 'game-staging', names: ['canary-0'] },
      { cluster: 'us-east', namespace: 'game-prod', names: ['minecraft-3'] },
    ]);
    expect(rolloutTargets(['us-east/game-prod/minecraft', 'eu-west/game-prod/minecraft'])).toEqual([
      { cluster: 'eu-west', namespace: 'game-prod', name: 'minecraft' },
      { cluster: 'us-east', namespace: 'game-prod', name: 'minecraft' },
    ]);
  });
});

describe('cross-cluster answers', () => {
  const resp: MultiOperationResult = {
    dryRun: true,
    summary: { changed: 2, unchanged: 1, failed: 1, total: 4 },
    clusters: [
      { name: 'eu-west', namespace: 'game-prod', ok: true, code: 200, error: '', result: result(['minecraft-0', 'minecraft-1'], true) },
      { name: 'us-east', namespace: 'game-prod', ok: true, code: 200, error: '', result: result(['minecraft-3'], false) },
      { name: 'ap-south', namespace: 'game-prod', ok: false, code: 504, error: 'cluster ap-south did not answer within 5s', result: null },
    ],
  };

  it('combines into per-cluster counts and items that carry their cluster', () => {
    const c = combine(clusterOutcomes(resp, [{ cluster: 'sa-east', namespace: 'game-prod', names: ['x'] }]));
    expect([c.changed, c.unchanged, c.failed]).toEqual([2, 1, 0]);
    expect(c.items.map((i) => `${i.cluster}/${i.name}`)).toEqual(['eu-west/minecraft-0', 'eu-west/minecraft-1', 'us-east/minecraft-3']);
    expect(c.clusters?.map((k) => [k.cluster, k.changed, k.unchanged, k.error !== undefined])).toEqual([
      ['ap-south', 0, 0, true],
      ['eu-west', 2, 0, false],
      ['sa-east', 0, 0, true],
      ['us-east', 0, 1, false],
    ]);
    // the slow cluster and the one missing from the answer are errors, named by cluster
    expect(c.errors.map((e) => [e.cluster, (e.error as ApiError).code])).toEqual([
      ['ap-south', 504],
      ['sa-east', 502],
    ]);
  });

  it('reads a cluster\'s 409 Allocated refusal back into causes, so forcing works across clusters', () => {
    const err = clusterError({ name: 'eu-west', code: 409, error: '2 game servers have players on them (Allocated): minecraft-1, minecraft-4; set force=true to kill them anyway' });
    expect(allocatedRefusal(err)).toEqual(['minecraft-1', 'minecraft-4']);
    const c = combine([{ namespace: 'game-prod', cluster: 'eu-west', error: err }]);
    expect(c.allocated).toEqual(['eu-west/game-prod/minecraft-1', 'eu-west/game-prod/minecraft-4']);
    expect(c.errors).toEqual([]);
    expect(allocatedRefusal(clusterError({ name: 'x', code: 409, error: 'the object has been modified' }))).toBeNull();
  });

  it('answers a rollout per set, in the targets\' order, with the clusters that failed', () => {
    const targets = [
      { cluster: 'eu-west', namespace: 'game-prod', name: 'minecraft' },
      { cluster: 'us-east', namespace: 'game-prod', name: 'minecraft' },
      { cluster: 'ap-south', namespace: 'game-prod', name: 'minecraft' },
    ];
    const rows = rolloutRows(
      {
        dryRun: true,
        summary: { total: 2, succeeded: 1, failed: 1 },
        clusters: [
          { name: 'us-east', namespace: 'game-prod', gameServerSet: 'minecraft', ok: false, code: 409, error: '1 game servers have players on them (Allocated): minecraft-2; set force=true to update them anyway', result: null },
          { name: 'eu-west', namespace: 'game-prod', gameServerSet: 'minecraft', ok: true, code: 200, error: '', result: null },
        ],
      },
      targets,
    );
    expect(rows.map((r) => [r.cluster, r.ok])).toEqual([
      ['eu-west', true],
      ['us-east', false],
      ['ap-south', false],
    ]);
    expect(allocatedOf(rows)).toEqual(['us-east/game-prod/minecraft-2']);
    expect(rolloutCounts(rows)).toEqual({ ok: 1, failed: 2 });
  });
});

describe('merged lists', () => {
  it('replaces a changed row of its cluster in place and leaves other clusters\' namesakes alone', () => {
    const page = [
      { cluster: 'eu-west', namespace: 'game-prod', name: 'minecraft-0', opsState: 'None' },
      { cluster: 'us-east', namespace: 'game-prod', name: 'minecraft-0', opsState: 'None' },
    ];
    const next = foldIntoMerged(page, 'us-east', { namespace: 'game-prod', name: 'minecraft-0', opsState: 'Maintaining' });
    expect(next.map((r) => `${r.cluster}:${r.opsState}`)).toEqual(['eu-west:None', 'us-east:Maintaining']);
    expect(foldIntoMerged(page, 'ap-south', { namespace: 'game-prod', name: 'minecraft-0', opsState: 'Kill' })).toBe(page);
  });

  it('watches in each cluster the rows down to the merged page\'s last (page × limit, at most 1000)', () => {
    expect(clusterStreamQuery({ page: 3, limit: 20, sortBy: 'deletionPriority' })).toMatchObject({ page: 1, limit: 60, sortBy: 'deletionPriority' });
    expect(clusterStreamQuery({ page: 30, limit: 100 })).toMatchObject({ page: 1, limit: 1000 });
  });

  it('is live only while every answering cluster streams', () => {
    expect(mergedLive({})).toBe('polling');
    expect(mergedLive({ a: 'live', b: 'live' })).toBe('live');
    expect(mergedLive({ a: 'live', b: 'connecting' })).toBe('connecting');
    expect(mergedLive({ a: 'live', b: 'polling' })).toBe('polling');
  });

  it('turns the URL state into the merged query: clusters and namespace apart, multi-value filters split', () => {
    const q = toMultiQuery(
      { page: 2, limit: 20, sortBy: 'deletionPriority', ascending: false, filters: { clusters: 'us-east,eu-west', namespace: 'game-prod', state: 'Ready,Crash', project: 'minecraft' } },
      MC_GAME_SERVER_MULTI,
    );
    expect(q).toEqual({
      page: 2,
      limit: 20,
      sortBy: 'deletionPriority',
      ascending: false,
      labelSelector: undefined,
      filters: { state: ['Ready', 'Crash'], project: 'minecraft' },
      clusters: ['us-east', 'eu-west'],
      namespace: 'game-prod',
    });
  });
});
