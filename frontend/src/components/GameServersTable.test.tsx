import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { GameServerSortKey, ListQuery } from '../api/types';
import { fakeApi, gameServer, listOf, renderWithHost } from '../test/render';
import { GameServersTable } from './GameServersTable';

function setup(url = '/gameservers', fixed?: Record<string, string>) {
  const calls: { query: ListQuery<GameServerSortKey>; namespace?: string }[] = [];
  const listGameServers = vi.fn(async (query: ListQuery<GameServerSortKey>, namespace?: string) => {
    calls.push({ query, namespace });
    return listOf([gameServer(1), gameServer(2, { state: 'Crash', opsState: 'Maintaining', deletionPriority: 5 })], 42);
  });
  const api = fakeApi({ listGameServers });
  const r = renderWithHost(<GameServersTable fixed={fixed} />, { api, url });
  return { ...r, calls, listGameServers };
}

const rows = () => within(screen.getByTestId('gameservers')).getAllByRole('row').slice(1);

describe('GameServersTable', () => {
  it('renders the rows it is given with their columns', async () => {
    setup();
    await screen.findByText('minecraft-1');
    expect(rows()).toHaveLength(2);
    const second = rows()[1];
    expect(within(second).getByText('minecraft-2')).toBeTruthy();
    expect(within(second).getByText('Crash')).toBeTruthy();
    expect(within(second).getByText('Maintaining')).toBeTruthy();
    expect(within(second).getByText('1.2.3.4:8002')).toBeTruthy();
    expect(within(second).getByText('registry/minecraft:1.0')).toBeTruthy();
    // opsState "" is shown as None
    expect(within(rows()[0]).getByText('None')).toBeTruthy();
    expect(screen.getByTestId('page-indicator').textContent).toBe('1 / 3');
    expect(screen.getByText('Total 42')).toBeTruthy();
  });

  it('asks the server for the state in the URL', async () => {
    const { calls } = setup('/gameservers?page=2&sortBy=deletionPriority&ascending=false&state=Crash,NotReady&namespace=game');
    await screen.findByText('minecraft-1');
    expect(calls[0]).toEqual({
      namespace: 'game',
      query: {
        page: 2,
        limit: 20,
        sortBy: 'deletionPriority',
        ascending: false,
        labelSelector: undefined,
        filters: { state: ['Crash', 'NotReady'] },
      },
    });
  });

  it('sorts on a header click, flipping direction on the second click', async () => {
    const { calls } = setup();
    await screen.findByText('minecraft-1');
    fireEvent.click(screen.getByRole('button', { name: /Node/ }));
    await waitFor(() => expect(calls.at(-1)?.query).toMatchObject({ sortBy: 'node', ascending: true }));
    fireEvent.click(screen.getByRole('button', { name: /Node/ }));
    await waitFor(() => expect(calls.at(-1)?.query).toMatchObject({ sortBy: 'node', ascending: false }));
  });

  it('pages forward', async () => {
    const { calls } = setup();
    await screen.findByText('minecraft-1');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(calls.at(-1)?.query.page).toBe(2));
  });

  it('does not send an invalid id range and says why', async () => {
    const { calls } = setup('/gameservers?ids=9-7');
    expect(await screen.findByText('A range must go from low to high')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('applies a text filter on Enter', async () => {
    const { calls } = setup();
    await screen.findByText('minecraft-1');
    const input = document.querySelector('[data-filter="ids"] input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '1,3,7-9' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(calls.at(-1)?.query.filters).toEqual({ ids: '1,3,7-9' }));
  });

  it('selects rows and shows the bulk bar', async () => {
    setup();
    await screen.findByText('minecraft-1');
    fireEvent.click(screen.getByLabelText('Select game/minecraft-2'));
    expect(screen.getByTestId('bulk-bar').textContent).toContain('1 selected');
    fireEvent.click(screen.getByLabelText('Select all on this page'));
    expect(screen.getByTestId('bulk-bar').textContent).toContain('2 selected');
  });

  it('pins fixed filters and hides their inputs', async () => {
    const { calls } = setup('/x', { namespace: 'game', gameServerSet: 'minecraft' });
    await screen.findByText('minecraft-1');
    expect(calls[0].namespace).toBe('game');
    expect(calls[0].query.filters).toEqual({ gameServerSet: 'minecraft' });
    expect(document.querySelector('[data-filter="gameServerSet"]')).toBeNull();
  });

  it('shows the server message of an error', async () => {
    const api = fakeApi({
      listGameServers: async () => {
        const { ApiError } = await import('../api/errors');
        throw new ApiError({ kind: 'Status', status: 'Failure', code: 403, message: 'forbidden: user cannot list' });
      },
    });
    renderWithHost(<GameServersTable />, { api });
    expect(await screen.findByText('forbidden: user cannot list')).toBeTruthy();
  });

  it('shows an empty state', async () => {
    renderWithHost(<GameServersTable />, { api: fakeApi({ listGameServers: async () => listOf([]) }) });
    expect(await screen.findByText('No game servers match')).toBeTruthy();
  });
});
