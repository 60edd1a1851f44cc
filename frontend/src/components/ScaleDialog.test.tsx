import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScalePreview } from '../api/scaling';
import { fakeApi, gameServer, listOf, renderWithHost } from '../test/render';
import { ScaleDialog } from './ScaleDialog';

type Sent = { method: string; url: string; body: unknown };

function mockFetch(answer: (s: Sent) => { status: number; body: unknown }) {
  const sent: Sent[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const s = { method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    sent.push(s);
    const a = answer(s);
    return new Response(JSON.stringify(a.body), { status: a.status });
  });
  vi.stubGlobal('fetch', fetchMock);
  return sent;
}

afterEach(() => vi.unstubAllGlobals());

const preview = (dryRun: boolean): ScalePreview => ({
  dryRun,
  replicasBefore: 5,
  replicasAfter: 3,
  method: 'WaitToBeDeleted',
  marked: ['minecraft-1', 'minecraft-4'],
  removed: [
    { name: 'minecraft-1', id: 1, state: 'Ready', opsState: 'WaitToBeDeleted', currentOpsState: 'WaitToBeDeleted', deletionPriority: 0 },
    { name: 'minecraft-2', id: 2, state: 'Ready', opsState: 'Allocated', currentOpsState: 'Allocated', deletionPriority: 9 },
  ],
  keptIds: '0,3-4',
  reserveGameServerIds: '',
  scaleDownStrategyType: 'General',
  addedIds: '',
  chosen: ['minecraft-1', 'minecraft-4'],
  stays: ['minecraft-4'],
  warnings: [
    { code: 'ChosenServerStays', name: 'minecraft-4', message: 'minecraft-4 stays: OKG removes Kill and WaitToBeDeleted servers first, so lower the replicas further to remove it' },
    { code: 'AllocatedRemoved', name: 'minecraft-2', message: 'minecraft-2 is Allocated: players on it will be disconnected' },
  ],
});

function setup(onClose = vi.fn()) {
  const listGameServers = vi.fn(async () => listOf([0, 1, 2, 3, 4].map((i) => gameServer(i))));
  const r = renderWithHost(<ScaleDialog namespace="game" name="minecraft" replicas={5} onClose={onClose} />, {
    api: fakeApi({ listGameServers }),
  });
  return { ...r, onClose, listGameServers };
}

const dialog = () => within(screen.getByTestId('scale-dialog'));
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const choose = (group: string, value: string) =>
  fireEvent.click(within(screen.getByTestId(group)).getByRole('radio', { name: value }));

describe('ScaleDialog', () => {
  it('previews a targeted scale-down, shows order, ids and warnings, then applies the same request', async () => {
    const sent = mockFetch((s) => ({ status: 200, body: preview(s.url.includes('dryRun=true')) }));
    const { onClose } = setup();
    type('scale-replicas-input', '3');
    choose('scale-mode-choice', 'By IDs');
    type('scale-ids-input', '4, 1');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));

    await screen.findByTestId('scale-preview');
    expect(sent).toEqual([
      {
        method: 'POST',
        url: '/fake/namespaces/game/gameserversets/minecraft/scale?dryRun=true',
        body: { replicas: 3, remove: { ids: '1,4' }, method: 'WaitToBeDeleted' },
      },
    ]);
    expect(screen.getByTestId('scale-replicas-change').textContent).toBe('Replicas 5 → 3 (-2)');
    const removed = within(screen.getByTestId('scale-removed'));
    const names = removed.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1].textContent);
    expect(names).toEqual(['minecraft-1chosen', 'minecraft-2']);
    expect(screen.getByTestId('scale-kept-ids').textContent).toBe('0,3-4');
    expect(screen.getByTestId('scale-reserved-ids').textContent).toBe('None');
    const warnings = screen.getByTestId('scale-warnings');
    expect(warnings.querySelector('[data-code="AllocatedRemoved"]')?.textContent).toContain(
      'minecraft-2 is Allocated: players on it will be disconnected',
    );
    expect(warnings.querySelector('[data-code="ChosenServerStays"]')?.textContent).toContain('minecraft-4 stays');

    // Allocated is hit: Apply waits for the confirmation
    const apply = screen.getByTestId('scale-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('scale-confirm'));
    expect(apply.disabled).toBe(false);
    fireEvent.click(apply);
    await screen.findByTestId('scale-done');
    expect(sent[1]).toEqual({
      method: 'POST',
      url: '/fake/namespaces/game/gameserversets/minecraft/scale',
      body: { replicas: 3, remove: { ids: '1,4' }, method: 'WaitToBeDeleted' },
    });
    expect(dialog().getByText('Scaled: replicas 5 → 3')).toBeTruthy();
    fireEvent.click(screen.getByTestId('scale-close'));
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it('shows the Status message and puts its causes on the fields', async () => {
    mockFetch(() => ({
      status: 422,
      body: {
        kind: 'Status',
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: 'remove.names[0]: minecraft-9 is not a game server of minecraft',
        details: { causes: [{ field: 'remove.names[0]', message: 'minecraft-9 is not a game server of minecraft' }] },
      },
    }));
    setup();
    choose('scale-mode-choice', 'Pick servers');
    await screen.findByText('minecraft-3');
    fireEvent.click(screen.getByLabelText('Select minecraft-3'));
    type('scale-replicas-input', '');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));

    expect((await screen.findByTestId('scale-picked-error')).textContent).toBe('minecraft-9 is not a game server of minecraft');
    expect(screen.getByTestId('status-error').textContent).toContain('The dry run was refused');
    expect(screen.getByTestId('scale-dialog').getAttribute('data-step')).toBe('form');
    // editing the form clears the server's verdict
    fireEvent.click(screen.getByLabelText('Select minecraft-2'));
    expect(screen.queryByTestId('scale-picked-error')).toBeNull();
  });

  it('validates on the client before sending anything', async () => {
    const sent = mockFetch(() => ({ status: 200, body: preview(true) }));
    setup();
    choose('scale-mode-choice', 'By IDs');
    type('scale-ids-input', '9-3');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));
    expect(screen.getByTestId('scale-ids-error').textContent).toBe('A range must go from low to high');
    choose('scale-mode-choice', 'By filter');
    choose('scale-filter-ops', 'Any');
    type('scale-limit-input', '0');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));
    expect(screen.getByTestId('scale-limit-error').textContent).toBe('Enter a whole number of 1 or more');
    expect(sent).toEqual([]);
  });

  it('sends a filter with a limit and goes back to the form from the preview', async () => {
    const sent = mockFetch(() => ({ status: 200, body: { ...preview(true), warnings: [], marked: ['minecraft-1'] } }));
    setup();
    type('scale-replicas-input', '3');
    choose('scale-mode-choice', 'By filter');
    choose('scale-method-choice', 'Reserve their IDs');
    type('scale-limit-input', '2');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));
    await screen.findByTestId('scale-preview');
    expect(sent[0].body).toEqual({
      replicas: 3,
      remove: { filter: { opsState: 'None', sortBy: 'deletionPriority', ascending: 'false' }, limit: 2 },
      method: 'ReserveIds',
    });
    expect(screen.queryByTestId('scale-warnings')).toBeNull();
    expect((screen.getByTestId('scale-apply') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('scale-back'));
    await waitFor(() => expect(screen.getByTestId('scale-dialog').getAttribute('data-step')).toBe('form'));
    expect((screen.getByTestId('scale-limit-input') as HTMLInputElement).value).toBe('2');
  });
});
