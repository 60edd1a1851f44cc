import { fireEvent, screen, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';
import type { OperationScope } from '../api/client';
import type { OperationRequest, OperationResult } from '../api/ops';
import { i18n } from '../i18n';
import { fakeApi, gameServer, listOf, renderWithHost } from '../test/render';
import { GameServersTable } from './GameServersTable';
import { bulkOperations } from './OperationActions';

type Call = { scope: OperationScope; request: OperationRequest; dryRun: boolean };

function setup(answer: (c: Call) => OperationResult) {
  const calls: Call[] = [];
  const api = fakeApi({
    listGameServers: async () => listOf([gameServer(1), gameServer(2, { opsState: 'Allocated' })]),
    operate: async (scope, request, dryRun) => {
      const c = { scope, request, dryRun };
      calls.push(c);
      return answer(c);
    },
  });
  renderWithHost(<GameServersTable bulkActions={bulkOperations} />, { api });
  return calls;
}

const result = (c: Call, items: OperationResult['items'], notes: string[] = []): OperationResult => ({
  dryRun: c.dryRun,
  operation: c.request.operation.type,
  user: 'admin',
  total: items?.length ?? 0,
  changed: items?.filter((i) => i.changed).length ?? 0,
  unchanged: 0,
  failed: 0,
  notes,
  items,
});

async function openOn(names: string[], action: string) {
  await screen.findByText('minecraft-1');
  for (const n of names) fireEvent.click(screen.getByLabelText(i18n.t('OKG_SELECT_ROW', { name: `game/${n}` })));
  fireEvent.click(within(screen.getByTestId('bulk-bar')).getByText(action));
}

describe('resources operation in the dialog', () => {
  it('sends per-container requests and limits with recreatePods and shows the API note in the user language', async () => {
    const calls = setup((c) =>
      result(
        c,
        [{ kind: 'GameServer', name: 'minecraft-1', namespace: 'game', ok: true, changed: true, attempts: 1, before: { resources: {} }, after: { resources: { game: { limits: { cpu: '1' } } } } }],
        ["OKG applies resources only to a new pod: each changed game server's pod is deleted and OKG recreates it with the same id, disconnecting its players."],
      ),
    );
    await openOn(['minecraft-1'], 'CPU / memory');
    // one row per container of the selection, prefilled
    expect((screen.getByTestId('op-res-0-container').closest('span')?.querySelector('input') ?? (screen.getByTestId('op-res-0-container') as HTMLInputElement)).value).toBe('minecraft');
    // nothing filled: refused before any request
    fireEvent.click(screen.getByTestId('op-preview'));
    expect(await screen.findByText('Enter at least one request or limit')).toBeTruthy();
    expect(calls).toEqual([]);

    const input = (id: string) => screen.getByTestId(id).closest('span')?.querySelector('input') ?? (screen.getByTestId(id) as HTMLInputElement);
    fireEvent.change(input('op-res-0-requestsCpu'), { target: { value: '2' } });
    fireEvent.change(input('op-res-0-limitsCpu'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('op-preview'));
    expect(await screen.findByText('Must not exceed the limit')).toBeTruthy();
    fireEvent.change(input('op-res-0-requestsCpu'), { target: { value: '500m' } });
    fireEvent.change(input('op-res-0-limitsMemory'), { target: { value: '512Mi' } });
    fireEvent.click(screen.getByTestId('op-recreate-pods').querySelector('input') ?? screen.getByTestId('op-recreate-pods'));
    fireEvent.click(screen.getByTestId('op-preview'));

    await screen.findByTestId('op-preview-body');
    expect(calls).toEqual([
      {
        scope: { namespace: 'game' },
        dryRun: true,
        request: {
          targets: { names: ['minecraft-1'] },
          operation: {
            type: 'resources',
            containers: [{ name: 'minecraft', resources: { requests: { cpu: '500m' }, limits: { cpu: '1', memory: '512Mi' } } }],
            recreatePods: true,
          },
        },
      },
    ]);
    expect(screen.getByTestId('op-note').textContent).toMatch(/^OKG applies resources only to a new pod/);
  });

  it('warns, listing them, when Allocated servers change ops state; in Chinese too', async () => {
    await i18n.changeLanguage('zh');
    try {
      setup((c) =>
        result(c, [
          { kind: 'GameServer', name: 'minecraft-1', namespace: 'game', ok: true, changed: true, attempts: 1, before: { opsState: 'None' }, after: { opsState: 'Maintaining' } },
          { kind: 'GameServer', name: 'minecraft-2', namespace: 'game', ok: true, changed: true, attempts: 1, before: { opsState: 'Allocated' }, after: { opsState: 'Maintaining' } },
        ]),
      );
      await openOn(['minecraft-1', 'minecraft-2'], '设置运维状态');
      // the choices show the label with the raw value
      fireEvent.click(within(screen.getByTestId('op-dialog')).getByRole('radio', { name: '维护中 (Maintaining)' }));
      fireEvent.click(screen.getByTestId('op-preview'));
      const warning = await screen.findByTestId('op-allocated-changing');
      expect(warning.textContent).toContain('1 个游戏服上有玩家');
      expect(warning.textContent).toContain('game/minecraft-2');
      expect(warning.textContent).not.toContain('minecraft-1,');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
