import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { GameServerView } from '../../api/types';
import { setLanguage } from '../../i18n';
import { fakeApi, fakeMultiClusterApi, gameServer, renderWithHost } from '../../test/render';
import type { MultiList, MultiOperationRequest, MultiOperationResult, MultiQuery } from './api';
import { MultiGameServersPage } from './MultiGameServersPage';

const ok = { ok: true, code: 200, error: '' };

function page(): MultiList<GameServerView> {
  return {
    items: [
      { ...gameServer(0, { namespace: 'game-prod', deletionPriority: 9 }), cluster: 'eu-west' },
      { ...gameServer(0, { namespace: 'game-prod', deletionPriority: 8 }), cluster: 'us-east' },
      { ...gameServer(1, { namespace: 'game-prod', deletionPriority: 7 }), cluster: 'eu-west' },
    ],
    totalItems: 64,
    clusters: [
      { name: 'eu-west', ...ok, totalItems: 16, tookMs: 4 },
      { name: 'us-east', ...ok, totalItems: 48, tookMs: 6 },
      { name: 'ap-south', ok: false, code: 504, error: 'cluster ap-south did not answer within 5s', totalItems: 0, tookMs: 5000 },
    ],
  };
}

function answer(req: MultiOperationRequest): MultiOperationResult {
  return {
    dryRun: Boolean(req.dryRun),
    summary: { changed: 0, unchanged: 0, failed: 0, total: 0 },
    clusters: req.targets.map((t) => ({
      name: t.cluster,
      namespace: t.namespace,
      ok: true,
      code: 200,
      error: '',
      result: {
        dryRun: Boolean(req.dryRun),
        operation: 'opsState',
        user: 'admin',
        total: t.names?.length ?? 0,
        changed: t.names?.length ?? 0,
        unchanged: 0,
        failed: 0,
        notes: [],
        items: (t.names ?? []).map((name) => ({ kind: 'GameServer', name, namespace: t.namespace, ok: true, changed: true, attempts: 1, before: { opsState: 'None' }, after: { opsState: 'Maintaining' } })),
      },
    })),
  };
}

function setup(url = '/multicluster') {
  const queries: MultiQuery[] = [];
  const requests: MultiOperationRequest[] = [];
  const multiCluster = fakeMultiClusterApi({
    listClusters: async () => ({
      items: [
        { name: 'eu-west', local: true, ...ok },
        { name: 'us-east', local: false, ...ok },
        { name: 'ap-south', local: false, ok: false, code: 504, error: 'slow' },
      ],
      totalItems: 3,
    }),
    listGameServers: vi.fn(async (q: MultiQuery) => {
      queries.push(q);
      return page();
    }),
    operate: async (req) => {
      requests.push(req);
      return answer(req);
    },
  });
  // no cluster's own API is asked: usage status is the only single-cluster call of the page
  const api = fakeApi({ getUsageStatus: async () => ({ state: 'NotInstalled', reason: '', intervalSeconds: 15, nodes: 0, pods: 0 }) });
  renderWithHost(<MultiGameServersPage />, { api, multiCluster, url });
  return { queries, requests };
}

const rows = () => within(screen.getByTestId('gameservers')).getAllByRole('row').slice(1);

describe('all-clusters game servers', () => {
  it('shows the merged page with a cluster column linking to each cluster, and which clusters answered', async () => {
    setLanguage('en');
    const { queries } = setup('/multicluster?sortBy=deletionPriority&ascending=false&clusters=eu-west,us-east,ap-south');
    await screen.findAllByText('minecraft-0');
    expect(queries[0]).toMatchObject({ sortBy: 'deletionPriority', ascending: false, clusters: ['eu-west', 'us-east', 'ap-south'], page: 1 });
    expect(rows().map((r) => within(r).getByTestId('cluster-link').textContent)).toEqual(['eu-west', 'us-east', 'eu-west']);
    // the local cluster's pages are the console's own; another's sit below /clusters/{c}
    expect(within(rows()[0]).getByText('minecraft-0').getAttribute('href')).toBe('/gameservers/game-prod/minecraft-0');
    expect(within(rows()[1]).getByText('minecraft-0').getAttribute('href')).toBe('/clusters/us-east/gameservers/game-prod/minecraft-0');
    expect(within(rows()[1]).getByTestId('cluster-link').getAttribute('href')).toBe('/clusters/us-east/overview');
    const strip = screen.getByTestId('cluster-strip');
    expect(strip.getAttribute('data-failed')).toBe('1');
    const slow = within(strip).getByText('ap-south').closest('[data-cluster]') as HTMLElement;
    expect(slow.getAttribute('data-health')).toBe('timeout');
    expect(slow.textContent).toContain('Too slow');
    expect(slow.textContent).toContain('504: cluster ap-south did not answer within 5s');
    expect((within(strip).getByText('us-east').closest('[data-cluster]') as HTMLElement).textContent).toContain('48 game servers');
    expect(screen.getByText('Total 64')).toBeTruthy();
  });

  it('previews an operation on servers of two clusters, one request answered per cluster, then applies it', async () => {
    setLanguage('en');
    const { requests } = setup();
    await screen.findAllByText('minecraft-0');
    fireEvent.click(screen.getByLabelText('Select eu-west/game-prod/minecraft-0'));
    fireEvent.click(screen.getByLabelText('Select us-east/game-prod/minecraft-0'));
    fireEvent.click(screen.getByLabelText('Select eu-west/game-prod/minecraft-1'));
    expect(screen.getByTestId('bulk-bar').textContent).toContain('3 selected in 2 clusters');
    fireEvent.click(within(screen.getByTestId('bulk-bar')).getByText('Set ops state'));
    const dialog = screen.getByTestId('op-dialog');
    expect(dialog.textContent).toContain('spans 2 clusters');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Maintaining' }));
    fireEvent.click(screen.getByTestId('op-preview'));
    await screen.findByTestId('op-preview-body');
    expect(requests).toEqual([
      {
        dryRun: true,
        operation: { type: 'opsState', opsState: 'Maintaining' },
        targets: [
          { cluster: 'eu-west', namespace: 'game-prod', names: ['minecraft-0', 'minecraft-1'] },
          { cluster: 'us-east', namespace: 'game-prod', names: ['minecraft-0'] },
        ],
      },
    ]);
    const perCluster = within(screen.getByTestId('op-preview-clusters')).getAllByRole('row').slice(1);
    expect(perCluster.map((r) => r.textContent)).toEqual([
      'eu-westDry run: 2 will change, 0 unchanged, 0 would fail',
      'us-eastDry run: 1 will change, 0 unchanged, 0 would fail',
    ]);
    const items = within(screen.getByTestId('op-preview-items')).getAllByRole('row').slice(1);
    expect(items.map((r) => r.querySelector('[data-col="cluster"]')?.textContent)).toEqual(['eu-west', 'eu-west', 'us-east']);
    fireEvent.click(screen.getByTestId('op-apply'));
    await screen.findByTestId('op-result-body');
    expect(requests[1]).toMatchObject({ dryRun: false, targets: requests[0].targets });
    expect(screen.getByTestId('result-summary').textContent).toBe('Done: 3 changed, 0 unchanged, 0 failed');
    fireEvent.click(screen.getByTestId('op-close'));
    await waitFor(() => expect(screen.queryByTestId('bulk-bar')).toBeNull());
  });

  it('says in Chinese which clusters did not answer and why', async () => {
    setLanguage('zh');
    setup();
    await screen.findAllByText('minecraft-0');
    const strip = screen.getByTestId('cluster-strip');
    expect((within(strip).getByText('ap-south').closest('[data-cluster]') as HTMLElement).textContent).toContain('响应超时');
    expect((within(strip).getByText('eu-west').closest('[data-cluster]') as HTMLElement).textContent).toContain('16 个游戏服');
    setLanguage('en');
  });
});
