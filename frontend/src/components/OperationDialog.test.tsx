import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { OperationScope } from '../api/client';
import { ApiError } from '../api/errors';
import type { OperationRequest, OperationResult } from '../api/ops';
import { fakeApi, gameServer, listOf, renderWithHost } from '../test/render';
import { GameServersTable } from './GameServersTable';
import { bulkOperations, OperationActions } from './OperationActions';

type Call = { scope: OperationScope; request: OperationRequest; dryRun: boolean };

function answer(call: Call, opsStateBefore = 'None'): OperationResult {
  const names = call.request.targets?.names ?? [call.scope.name ?? ''];
  const after = call.request.operation.type === 'kill' ? 'Kill' : (call.request.operation.opsState ?? '');
  return {
    dryRun: call.dryRun,
    operation: call.request.operation.type,
    user: 'admin',
    total: names.length,
    changed: names.length,
    unchanged: 0,
    failed: 0,
    notes: call.request.operation.type === 'kill' ? ['OKG deletes these game servers first.'] : [],
    items: names.map((name) => ({
      kind: 'GameServer',
      name,
      namespace: call.scope.namespace,
      ok: true,
      changed: true,
      attempts: 1,
      before: { opsState: opsStateBefore },
      after: { opsState: after },
    })),
  };
}

function setup(operate: (c: Call) => Promise<OperationResult>) {
  const calls: Call[] = [];
  const listGameServers = vi.fn(async () => listOf([gameServer(1), gameServer(2), gameServer(3, { opsState: 'Allocated' })]));
  const api = fakeApi({
    listGameServers,
    operate: (scope, request, dryRun) => {
      const c = { scope, request, dryRun };
      calls.push(c);
      return operate(c);
    },
  });
  const r = renderWithHost(<GameServersTable bulkActions={bulkOperations} />, { api });
  return { ...r, calls, listGameServers };
}

const dialog = () => screen.getByTestId('op-dialog');

describe('bulk operations', () => {
  it('previews an opsState change, applies it, shows results and refetches the list', async () => {
    const { calls, listGameServers } = setup(async (c) => answer(c));
    await screen.findByText('minecraft-1');
    fireEvent.click(screen.getByLabelText('Select game/minecraft-1'));
    fireEvent.click(screen.getByLabelText('Select game/minecraft-2'));
    fireEvent.click(within(screen.getByTestId('bulk-bar')).getByText('Set ops state'));
    fireEvent.click(within(dialog()).getByRole('radio', { name: 'WaitToBeDeleted' }));
    fireEvent.click(screen.getByTestId('op-preview'));

    await screen.findByTestId('op-preview-body');
    expect(calls).toEqual([
      {
        scope: { namespace: 'game' },
        dryRun: true,
        request: { targets: { names: ['minecraft-1', 'minecraft-2'] }, operation: { type: 'opsState', opsState: 'WaitToBeDeleted' } },
      },
    ]);
    expect(screen.getByTestId('preview-summary').textContent).toBe('Dry run: 2 will change, 0 unchanged, 0 would fail');
    const items = within(screen.getByTestId('op-preview-items'));
    expect(items.getAllByText('opsState: None → WaitToBeDeleted')).toHaveLength(2);
    expect(items.getAllByText('Will change')).toHaveLength(2);

    const before = listGameServers.mock.calls.length;
    fireEvent.click(screen.getByTestId('op-apply'));
    await screen.findByTestId('op-result-body');
    expect(calls[1]).toMatchObject({ dryRun: false, request: { targets: { names: ['minecraft-1', 'minecraft-2'] } } });
    expect(calls[1].request.confirm).toBeUndefined();
    expect(screen.getByTestId('result-summary').textContent).toBe('Done: 2 changed, 0 unchanged, 0 failed');
    await waitFor(() => expect(listGameServers.mock.calls.length).toBeGreaterThan(before));

    fireEvent.click(screen.getByTestId('op-close'));
    await waitFor(() => expect(screen.queryByTestId('bulk-bar')).toBeNull());
  });

  it('kill: shows the Allocated refusal, previews again with force, needs the confirm box', async () => {
    const { calls } = setup(async (c) => {
      if (!c.request.force)
        throw new ApiError({
          kind: 'Status',
          status: 'Failure',
          code: 409,
          reason: 'Conflict',
          message: '1 game servers have players on them (Allocated): minecraft-3; set force=true to kill them anyway',
          details: { causes: [{ field: 'targets', message: 'minecraft-3 is Allocated' }] },
        });
      return answer(c, 'Allocated');
    });
    await screen.findByText('minecraft-3');
    fireEvent.click(screen.getByLabelText('Select game/minecraft-3'));
    fireEvent.click(within(screen.getByTestId('bulk-bar')).getByText('Kill'));
    fireEvent.click(screen.getByTestId('op-preview'));

    const refusal = await screen.findByTestId('op-allocated');
    expect(refusal.textContent).toContain('game/minecraft-3');
    expect((screen.getByTestId('op-apply') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('op-force'));
    await screen.findByText('Forced: Allocated game servers are included; their players will be disconnected.');
    expect(calls[1]).toMatchObject({ dryRun: true, request: { force: true } });
    expect(screen.getByText('OKG deletes these game servers first.')).toBeTruthy();
    expect((screen.getByTestId('op-apply') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(screen.getByTestId('op-preview-body')).getByRole('checkbox'));
    expect((screen.getByTestId('op-apply') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('op-apply'));
    await screen.findByTestId('op-result-body');
    expect(calls[2]).toMatchObject({ dryRun: false, request: { force: true, confirm: true, operation: { type: 'kill' } } });
  });

  it('shows a Status error with its field causes and does not allow apply', async () => {
    setup(async () => {
      throw new ApiError({
        kind: 'Status',
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: 'operation.containers[0].name: game server minecraft-1 has no container "web"',
        details: { causes: [{ field: 'operation.containers[0].name', message: 'no container "web"' }] },
      });
    });
    await screen.findByText('minecraft-1');
    fireEvent.click(screen.getByLabelText('Select game/minecraft-1'));
    fireEvent.click(within(screen.getByTestId('bulk-bar')).getByText('Update image'));
    // the container of the selected row is offered; an empty image is refused before any request
    expect((within(dialog()).getByTestId('op-container') as HTMLInputElement).value).toBe('minecraft');
    fireEvent.click(screen.getByTestId('op-preview'));
    expect(within(dialog()).getByText('Required')).toBeTruthy();
    fireEvent.change(within(dialog()).getByTestId('op-image'), { target: { value: 'web' } });
    fireEvent.change(within(dialog()).getByTestId('op-container'), { target: { value: 'web' } });
    fireEvent.click(screen.getByTestId('op-preview'));
    const err = await screen.findByTestId('status-error');
    expect(err.textContent).toContain('has no container "web"');
    expect(err.querySelector('[data-field="operation.containers[0].name"]')).toBeTruthy();
    expect(screen.getByText('Refused in namespace game')).toBeTruthy();
    expect((screen.getByTestId('op-apply') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('single server operations', () => {
  it('uses the one-server endpoint and shows the per-item result', async () => {
    const calls: Call[] = [];
    const api = fakeApi({
      operate: async (scope, request, dryRun) => {
        calls.push({ scope, request, dryRun });
        return answer({ scope, request, dryRun });
      },
    });
    renderWithHost(<OperationActions groups={[{ namespace: 'game', names: ['minecraft-7'], single: true }]} />, { api });
    fireEvent.click(screen.getByText('Delete pod'));
    fireEvent.click(screen.getByTestId('op-preview'));
    await screen.findByTestId('op-preview-body');
    fireEvent.click(within(screen.getByTestId('op-preview-body')).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('op-apply'));
    await screen.findByTestId('op-result-body');
    expect(calls).toEqual([
      { scope: { namespace: 'game', name: 'minecraft-7' }, dryRun: true, request: { operation: { type: 'delete' } } },
      { scope: { namespace: 'game', name: 'minecraft-7' }, dryRun: false, request: { operation: { type: 'delete' }, confirm: true } },
    ]);
    expect(within(screen.getByTestId('op-result-items')).getByText('OK')).toBeTruthy();
  });
});
