import { fireEvent, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Autoscaler } from '../api/scaling';
import { fakeApi, renderWithHost } from '../test/render';
import { AutoscalerPanel } from './AutoscalerPanel';
import { ReservedIdsDialog } from './ReservedIdsDialog';
import { RolloutPanel } from './RolloutPanel';

type Sent = { method: string; url: string; body: unknown };

function mockFetch(answer: (s: Sent, n: number) => { status: number; body: unknown }) {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const s = { method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
      sent.push(s);
      const a = answer(s, sent.length);
      return new Response(JSON.stringify(a.body), { status: a.status });
    }),
  );
  return sent;
}

afterEach(() => vi.unstubAllGlobals());

const status = (code: number, message: string, causes: { field?: string; message?: string; reason?: string }[] = []) => ({
  kind: 'Status',
  status: 'Failure',
  code,
  message,
  details: { causes },
});

const scaledObject = (rv: string, max: number): Autoscaler => ({
  name: 'minecraft',
  namespace: 'game',
  gameServerSet: 'minecraft',
  resourceVersion: rv,
  createdAt: new Date().toISOString(),
  spec: { minReplicaCount: 1, maxReplicaCount: max, external: { minAvailable: 2 } },
  conditions: [{ type: 'Ready', status: 'True', reason: 'ScaledObjectReady' }],
  hpa: { name: 'keda-hpa-minecraft', currentReplicas: 3, desiredReplicas: 4, maxReplicas: max },
  paused: false,
  object: {},
});

const render = (ui: React.ReactElement) => renderWithHost(ui, { api: fakeApi() });

describe('AutoscalerPanel', () => {
  it('says clearly when KEDA is not installed', async () => {
    const sent = mockFetch(() => ({
      status: 200,
      body: { kedaInstalled: false, apiVersion: 'keda.sh/v1alpha1', resource: 'scaledobjects' },
    }));
    render(<AutoscalerPanel namespace="game" name="minecraft" replicas={3} />);
    expect((await screen.findByTestId('keda-missing')).textContent).toContain('KEDA is not installed');
    expect(sent.map((s) => s.url)).toEqual(['/fake/autoscaling/status']);
  });

  it('offers to create one when none targets the set', async () => {
    mockFetch((s) =>
      s.url.endsWith('/status')
        ? { status: 200, body: { kedaInstalled: true } }
        : { status: 404, body: status(404, 'scaledobjects.keda.sh "minecraft" not found') },
    );
    render(<AutoscalerPanel namespace="game" name="minecraft" replicas={3} />);
    await screen.findByTestId('as-none');
    fireEvent.click(screen.getByTestId('as-create'));
    expect(screen.getByTestId('as-dialog').getAttribute('data-step')).toBe('form');
  });

  it('edits with the resourceVersion last seen; a 409 offers to reload the current one', async () => {
    let stored = scaledObject('10', 8);
    const sent = mockFetch((s) => {
      if (s.url.endsWith('/status')) return { status: 200, body: { kedaInstalled: true } };
      if (s.method === 'GET') return { status: 200, body: stored };
      // someone else saved version 11 meanwhile
      stored = scaledObject('11', 20);
      return { status: 409, body: status(409, 'someone changed it since you loaded it') };
    });
    render(<AutoscalerPanel namespace="game" name="minecraft" replicas={3} />);
    await screen.findByTestId('as-conditions');
    expect(screen.getByText('3 current → 4 desired')).toBeTruthy();
    fireEvent.click(screen.getByTestId('as-edit'));
    fireEvent.change(screen.getByTestId('as-max-input'), { target: { value: '12' } });
    fireEvent.click(screen.getByTestId('as-preview-btn'));
    await screen.findByTestId('conflict');
    const put = sent.find((s) => s.method === 'PUT');
    expect(put).toEqual({
      method: 'PUT',
      url: '/fake/namespaces/game/gameserversets/minecraft/autoscaler?dryRun=true',
      body: { resourceVersion: '10', minReplicaCount: 1, maxReplicaCount: 12, external: { minAvailable: 2 } },
    });
    fireEvent.click(screen.getByTestId('conflict-reload'));
    await waitFor(() => expect((screen.getByTestId('as-max-input') as HTMLInputElement).value).toBe('20'));
    expect(screen.queryByTestId('conflict')).toBeNull();
  });

  it('shows the server causes on the form fields', async () => {
    mockFetch((s) => {
      if (s.url.endsWith('/status')) return { status: 200, body: { kedaInstalled: true } };
      if (s.method === 'GET') return { status: 200, body: scaledObject('10', 8) };
      return { status: 422, body: status(422, 'invalid', [{ field: 'spec.maxReplicaCount', message: 'should be greater than or equal to 1' }]) };
    });
    render(<AutoscalerPanel namespace="game" name="minecraft" replicas={3} />);
    fireEvent.click(await screen.findByTestId('as-edit'));
    fireEvent.click(screen.getByTestId('as-preview-btn'));
    expect((await screen.findByTestId('as-max-error')).textContent).toBe('should be greater than or equal to 1');
  });
});

describe('ReservedIdsDialog', () => {
  it('previews the running servers a new reservation deletes, then applies', async () => {
    const sent = mockFetch((s) => ({
      status: 200,
      body: {
        dryRun: s.url.includes('dryRun'),
        before: '',
        after: '2-3',
        scaleDownStrategyType: 'ReserveIds',
        affected: [{ name: 'minecraft-2', id: 2, state: 'Ready', opsState: 'Allocated', deletionPriority: 0 }],
        warnings: [{ code: 'AllocatedRemoved', name: 'minecraft-2', message: 'minecraft-2 is Allocated: players on it will be disconnected' }],
      },
    }));
    renderWithHost(<ReservedIdsDialog namespace="game" name="minecraft" ids="" strategy="General" onClose={() => undefined} />, {
      api: fakeApi(),
    });
    fireEvent.change(screen.getByTestId('reserve-ids-input'), { target: { value: '3,2' } });
    fireEvent.click(screen.getByRole('radio', { name: 'ReserveIds' }));
    fireEvent.click(screen.getByTestId('reserve-preview-btn'));
    await screen.findByTestId('reserve-preview');
    expect(sent[0]).toEqual({
      method: 'PUT',
      url: '/fake/namespaces/game/gameserversets/minecraft/reserveids?dryRun=true',
      body: { ids: '2-3', scaleDownStrategyType: 'ReserveIds' },
    });
    expect(screen.getByText('minecraft-2 is Allocated: players on it will be disconnected')).toBeTruthy();
    expect(screen.getByTestId('reserve-affected').textContent).toContain('minecraft-2');
    fireEvent.click(screen.getByTestId('reserve-apply'));
    await waitFor(() => expect(sent[1]?.url).toBe('/fake/namespaces/game/gameserversets/minecraft/reserveids'));
  });
});

describe('RolloutPanel', () => {
  it('shows progress and pending servers, and previews a pause before applying it', async () => {
    const rollout = {
      replicas: 4,
      currentReplicas: 3,
      updatedReplicas: 1,
      updatedReadyReplicas: 1,
      partition: 0,
      paused: false,
      podUpdatePolicy: 'InPlaceIfPossible',
      maxUnavailable: '25%',
      images: { game: 'reg/game:2' },
      pending: [{ name: 'minecraft-3', id: 3, updatePriority: 5, opsState: '', images: { game: 'reg/game:1' } }],
      pinned: [],
    };
    const sent = mockFetch(() => ({ status: 200, body: rollout }));
    renderWithHost(<RolloutPanel namespace="game" name="minecraft" />, { api: fakeApi() });
    expect((await screen.findByTestId('rollout-progress')).textContent).toBe('1 updated (1 ready) · 3 current · 4 replicas');
    expect(screen.getByTestId('rollout-pending').textContent).toContain('game: reg/game:1');
    fireEvent.click(screen.getByTestId('rollout-toggle-pause'));
    fireEvent.click(screen.getByTestId('rollout-preview-btn'));
    await screen.findByTestId('rollout-preview');
    expect(sent[1]).toEqual({
      method: 'POST',
      url: '/fake/namespaces/game/gameserversets/minecraft/rollout?dryRun=true',
      body: { paused: true },
    });
    expect(screen.getByText('paused: false → true')).toBeTruthy();
  });

  it('lists pinned servers apart and forces a rollout past Allocated servers only when asked', async () => {
    const rollout = {
      replicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      updatedReadyReplicas: 3,
      partition: 0,
      paused: false,
      podUpdatePolicy: 'InPlaceIfPossible',
      maxUnavailable: '25%',
      images: { game: 'reg/game:1' },
      pending: [],
      pinned: [{ name: 'minecraft-1', id: 1, updatePriority: 0, opsState: 'None', images: { game: 'reg/game:own' } }],
    };
    const refusal = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 409,
      reason: 'Conflict',
      message: '1 game servers have players on them (Allocated): minecraft-2; set force=true to update them anyway',
      details: { causes: [{ type: 'FieldValueInvalid', field: 'images', message: 'minecraft-2 is Allocated' }] },
    };
    const sent = mockFetch((s) =>
      s.method === 'POST' && !(s.body as { force?: boolean }).force ? { status: 409, body: refusal } : { status: 200, body: rollout },
    );
    renderWithHost(<RolloutPanel namespace="game" name="minecraft" />, { api: fakeApi() });
    expect((await screen.findByTestId('rollout-pinned')).textContent).toContain('game: reg/game:own');
    fireEvent.click(screen.getByTestId('rollout-edit'));
    fireEvent.change(screen.getByTestId('rollout-image-game-input').querySelector('input') ?? screen.getByTestId('rollout-image-game-input'), {
      target: { value: 'reg/game:2' },
    });
    fireEvent.click(screen.getByTestId('rollout-preview-btn'));
    expect((await screen.findByTestId('rollout-allocated')).textContent).toContain('minecraft-2');
    fireEvent.click(screen.getByTestId('rollout-force'));
    await screen.findByTestId('rollout-preview');
    expect(sent[sent.length - 1]?.body).toEqual({ images: { game: 'reg/game:2' }, force: true });
  });
});
