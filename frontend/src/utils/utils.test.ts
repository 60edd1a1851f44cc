import { describe, expect, it } from 'vitest';
import { podConditions, withoutManagedFields } from './detail';
import { addressEndpoints, formatAge, sortedCounts } from './format';
import {
  GAME_SERVER_LIST,
  GAME_SERVER_MULTI_FILTERS,
  listStateToSearch,
  parseListState,
  toListQuery,
  validateGameServerFilters,
} from './listState';
import { displayOpsState, isProblem } from './okg';
import { problemsFirst } from './overview';
import { toYaml } from './yaml';

describe('list state in the URL', () => {
  it('parses with defaults and rejects unknown sort keys and page sizes', () => {
    const s = parseListState(new URLSearchParams('page=x&limit=33&sortBy=bogus&state=Ready'), GAME_SERVER_LIST);
    expect(s).toEqual({ page: 1, limit: 20, sortBy: 'id', ascending: true, filters: { state: 'Ready' } });
  });

  it('round-trips and leaves defaults out', () => {
    const search = 'page=3&limit=50&sortBy=age&ascending=false&state=Crash%2CNotReady&ids=1-3';
    const s = parseListState(new URLSearchParams(search), GAME_SERVER_LIST);
    expect(listStateToSearch(s, GAME_SERVER_LIST).toString()).toBe(search);
    expect(listStateToSearch({ ...s, page: 1, limit: 20, sortBy: 'id', ascending: true, filters: {} }, GAME_SERVER_LIST).toString()).toBe('');
  });

  it('maps to the API query: namespace to the path, selector apart, multi filters split', () => {
    const s = parseListState(new URLSearchParams('namespace=game&labelSelector=a%3Db&state=Ready,Crash&name=mc'), GAME_SERVER_LIST);
    expect(toListQuery(s, GAME_SERVER_MULTI_FILTERS)).toEqual({
      namespace: 'game',
      query: { page: 1, limit: 20, sortBy: 'id', ascending: true, labelSelector: 'a=b', filters: { state: ['Ready', 'Crash'], name: 'mc' } },
    });
  });

  it('validates the range filters', () => {
    expect(validateGameServerFilters({ ids: '1,3,7-9', updatePriority: '-5', deletionPriority: '2:' })).toEqual({});
    expect(validateGameServerFilters({ ids: 'x', updatePriority: '5:1' })).toEqual({ ids: 'syntax', updatePriority: 'order' });
  });
});

describe('format', () => {
  it('ages', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    expect(formatAge('2026-01-09T23:59:30Z', now)).toBe('30s');
    expect(formatAge('2026-01-09T22:00:00Z', now)).toBe('2h');
    expect(formatAge('2026-01-01T00:00:00Z', now)).toBe('9d');
    expect(formatAge('garbage', now)).toBe('');
  });

  it('lists host:port endpoints', () => {
    expect(addressEndpoints({ ip: '1.2.3.4', ports: [{ name: 'a', protocol: 'TCP', port: '7000' }, { name: 'b', protocol: 'UDP', port: '7001' }] })).toEqual([
      '1.2.3.4:7000',
      '1.2.3.4:7001',
    ]);
    expect(addressEndpoints({ ip: '1.2.3.4', endPoint: 'lb.example.com', ports: [{ name: 'a', protocol: 'TCP', port: '80' }] })).toEqual(['lb.example.com:80']);
    expect(addressEndpoints({ ip: '1.2.3.4', ports: [], portRange: { protocol: 'TCP', portRange: '100-200' } })).toEqual(['1.2.3.4:100-200']);
  });

  it('sorts counts, largest first, zeros out', () => {
    expect(sortedCounts({ Ready: 3, Crash: 5, Deleting: 0 })).toEqual([
      ['Crash', 5],
      ['Ready', 3],
    ]);
  });
});

describe('okg', () => {
  it('defines problems as the API does', () => {
    expect(isProblem('Crash', 'Ready')).toBe(true);
    expect(isProblem('NotReady', '')).toBe(true);
    expect(isProblem('Ready', 'NotReady')).toBe(true);
    expect(isProblem('Ready', 'Ready')).toBe(false);
    expect(displayOpsState('')).toBe('None');
  });

  it('puts problems first', () => {
    const r = (name: string, problems: number) => ({ name, problems, gameServers: 1, byState: {}, byOpsState: {}, byNetworkState: {} });
    expect(problemsFirst([r('b', 0), r('c', 2), r('a', 0), r('d', 5)], (x) => x.name).map((x) => x.name)).toEqual(['d', 'c', 'a', 'b']);
  });
});

describe('detail helpers', () => {
  it('reads pod conditions defensively', () => {
    expect(podConditions(null)).toEqual([]);
    expect(podConditions({ status: { conditions: 'x' } })).toEqual([]);
    expect(podConditions({ status: { conditions: [{ type: 'Ready', status: 'True' }, 7] } })).toEqual([{ type: 'Ready', status: 'True' }]);
  });

  it('drops managedFields', () => {
    expect(withoutManagedFields({ metadata: { name: 'a', managedFields: [] } })).toEqual({ metadata: { name: 'a' } });
  });
});

describe('toYaml', () => {
  it('prints nested objects, lists and quoted scalars', () => {
    const text = toYaml({
      apiVersion: 'game.kruise.io/v1alpha1',
      kind: 'GameServer',
      metadata: { name: 'mc-0', labels: { 'app.kubernetes.io/name': 'mc' } },
      spec: { opsState: 'None', deletionPriority: 0, flag: 'true', empty: '', list: [{ name: 'a', port: 1 }, 'b'], none: [] },
    });
    expect(text).toBe(
      [
        'apiVersion: game.kruise.io/v1alpha1',
        'kind: GameServer',
        'metadata:',
        '  name: mc-0',
        '  labels:',
        '    app.kubernetes.io/name: mc',
        'spec:',
        '  opsState: None',
        '  deletionPriority: 0',
        '  flag: "true"',
        '  empty: ""',
        '  list:',
        '  - name: a',
        '    port: 1',
        '  - b',
        '  none: []',
        '',
      ].join('\n'),
    );
  });
});
