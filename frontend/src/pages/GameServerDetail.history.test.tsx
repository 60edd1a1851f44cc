import { screen, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { entry } from '../test/history';
import { fakeApi, renderWithHost } from '../test/render';
import { GameServerDetailPage } from './GameServerDetail';

describe('GameServer detail: history', () => {
  it('a deleted server (404) still shows its timeline', async () => {
    const asked: string[] = [];
    const api = fakeApi({
      getGameServer: () => Promise.reject(new ApiError({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'gameservers "gone" not found' })),
      getHistory: async (target, q) => {
        asked.push(`${target.namespace}/${target.gameServer} ${q.limit}`);
        return { items: [entry(2, { name: 'gone', change: 'deleted', old: 'Ready', new: '' }), entry(1, { name: 'gone' })], totalItems: 2 };
      },
    });
    renderWithHost(<GameServerDetailPage />, { api, url: '/game/gone', path: ':namespace/:name' });
    expect((await screen.findByTestId('error')).textContent).toContain('Not found');
    const history = await screen.findByTestId('gs-history');
    const rows = await within(history).findAllByTestId('history-entry');
    expect(rows.map((r) => r.getAttribute('data-change'))).toEqual(['deleted', 'state']);
    expect(asked).toContain('game/gone 20');
  });
});
