import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ObjectResult, ScalePreview } from '../api/scaling';
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

function result(kind: string, name: string, ok: boolean, error?: string): ObjectResult {
  return { kind, name, namespace: 'game', ok, changed: ok, attempts: 1, before: null, after: null, ...(error ? { error, code: 409 } : {}) };
}

// ids 1 and 4 chosen at 5 → 3: OKG removes the Kill server minecraft-0 and minecraft-1 first, so
// minecraft-4 stays and only minecraft-1 is marked.
const preview = (dryRun: boolean): ScalePreview => ({
  dryRun,
  replicasBefore: 5,
  replicasAfter: 3,
  method: 'WaitToBeDeleted',
  marked: ['minecraft-1'],
  chosen: ['minecraft-1', 'minecraft-4'],
  stays: ['minecraft-4'],
  removed: [
    { name: 'minecraft-0', id: 0, state: 'Ready', opsState: 'Kill', currentOpsState: 'Kill', deletionPriority: 0 },
    { name: 'minecraft-1', id: 1, state: 'Ready', opsState: 'None', currentOpsState: 'None', deletionPriority: 0 },
  ],
  keptIds: '2-4',
  reserveGameServerIds: '',
  scaleDownStrategyType: 'General',
  addedIds: '',
  warnings: [
    { code: 'ChosenServerStays', name: 'minecraft-4', message: 'minecraft-4 stays: OKG removes Kill and WaitToBeDeleted servers first, so lower the replicas further to remove it' },
  ],
  results: [result('GameServer', 'minecraft-1', true), result('GameServerSet', 'minecraft', true)],
  total: 2,
  changed: 2,
  unchanged: 0,
  failed: 0,
});

// id 2 chosen, Allocated: previewed with force, OKG takes it out and warns
const forced = (dryRun: boolean): ScalePreview => ({
  ...preview(dryRun),
  replicasAfter: 4,
  marked: ['minecraft-2'],
  chosen: ['minecraft-2'],
  stays: [],
  removed: [{ name: 'minecraft-2', id: 2, state: 'Ready', opsState: 'Allocated', currentOpsState: 'Allocated', deletionPriority: 0 }],
  keptIds: '0-1,3-4',
  warnings: [{ code: 'AllocatedRemoved', name: 'minecraft-2', message: 'minecraft-2 is Allocated: players on it will be disconnected' }],
  results: [result('GameServer', 'minecraft-2', true), result('GameServerSet', 'minecraft', true)],
});

const allocatedConflict = {
  kind: 'Status',
  status: 'Failure',
  code: 409,
  reason: 'Conflict',
  message: '1 game servers are Allocated (players on it): minecraft-2; set force=true to remove them anyway',
  details: { causes: [{ reason: 'FieldValueInvalid', field: 'remove', message: 'minecraft-2 is Allocated (players on it)' }] },
};

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
  it('previews a targeted scale-down, shows order, ids and the chosen servers that stay, then applies the same request', async () => {
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
    expect(names).toEqual(['minecraft-0', 'minecraft-1chosen']);
    expect(screen.getByTestId('scale-kept-ids').textContent).toBe('2-4');
    expect(screen.getByTestId('scale-reserved-ids').textContent).toBe('None');
    // the server's stays, each said to be left unmarked; its stay warning is not repeated
    const stays = screen.getByTestId('scale-stays');
    expect(stays.textContent).toContain('Chosen but kept: 1');
    expect([...stays.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['minecraft-4 — not marked: stays at these replicas']);
    expect(screen.queryByTestId('scale-warnings')).toBeNull();

    // nothing risky: Apply needs no confirmation
    const apply = screen.getByTestId('scale-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(false);
    fireEvent.click(apply);
    await screen.findByTestId('scale-done');
    expect(sent[1]).toEqual({
      method: 'POST',
      url: '/fake/namespaces/game/gameserversets/minecraft/scale',
      body: { replicas: 3, remove: { ids: '1,4' }, method: 'WaitToBeDeleted' },
    });
    expect(dialog().getByText('Scaled: replicas 5 → 3')).toBeTruthy();
    expect(screen.getByTestId('scale-result-counts').textContent).toBe('2 objects: 2 changed, 0 unchanged, 0 failed');
    expect(screen.queryByTestId('scale-again')).toBeNull();
    fireEvent.click(screen.getByTestId('scale-close'));
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it('names the chosen Allocated servers of a 409 and previews again with force only once confirmed', async () => {
    const sent = mockFetch((s) => {
      const body = s.body as { force?: boolean };
      if (!body.force) return { status: 409, body: allocatedConflict };
      return { status: 200, body: forced(s.url.includes('dryRun=true')) };
    });
    setup();
    choose('scale-mode-choice', 'By IDs');
    type('scale-ids-input', '2');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));

    const refusal = await screen.findByTestId('scale-allocated');
    expect(refusal.textContent).toContain('1 chosen game servers have players on them (Allocated); the dry run was refused');
    expect(screen.getByTestId('scale-allocated-names').textContent).toBe('minecraft-2');
    // shown once, in the refusal: not as the generic error nor on the ids field
    expect(screen.queryByTestId('status-error')).toBeNull();
    expect(screen.queryByTestId('scale-ids-error')).toBeNull();
    expect(screen.getByTestId('scale-dialog').getAttribute('data-step')).toBe('form');

    // the checkbox alone sends nothing: it asks for the confirmation first
    expect(screen.queryByTestId('scale-force-preview')).toBeNull();
    fireEvent.click(screen.getByTestId('scale-force'));
    expect(screen.getByTestId('scale-force-confirm').textContent).toContain('The players on minecraft-2 will be disconnected');
    expect(sent).toHaveLength(1);
    fireEvent.click(screen.getByTestId('scale-force-preview'));

    await screen.findByTestId('scale-preview');
    expect(sent[1]).toEqual({
      method: 'POST',
      url: '/fake/namespaces/game/gameserversets/minecraft/scale?dryRun=true',
      body: { remove: { ids: '2' }, method: 'WaitToBeDeleted', force: true },
    });
    expect(screen.getByTestId('scale-forced').textContent).toContain('Forced');
    // players are hit: Apply waits for the usual confirmation, then sends force again
    const apply = screen.getByTestId('scale-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('scale-confirm'));
    fireEvent.click(apply);
    await screen.findByTestId('scale-done');
    expect(sent[2]).toEqual({
      method: 'POST',
      url: '/fake/namespaces/game/gameserversets/minecraft/scale',
      body: { remove: { ids: '2' }, method: 'WaitToBeDeleted', force: true },
    });
  });

  it('editing the form after a refusal drops it, and a plain preview does not force', async () => {
    const sent = mockFetch(() => ({ status: 409, body: allocatedConflict }));
    setup();
    choose('scale-mode-choice', 'By IDs');
    type('scale-ids-input', '2');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));
    await screen.findByTestId('scale-allocated');
    fireEvent.click(screen.getByTestId('scale-force'));
    type('scale-ids-input', '2-3');
    expect(screen.queryByTestId('scale-allocated')).toBeNull();
    fireEvent.click(screen.getByTestId('scale-preview-btn'));
    await screen.findByTestId('scale-allocated');
    expect(sent.map((s) => s.body)).toEqual([
      { remove: { ids: '2' }, method: 'WaitToBeDeleted' },
      { remove: { ids: '2-3' }, method: 'WaitToBeDeleted' },
    ]);
    // the checkbox starts unticked for the new refusal
    expect((screen.getByTestId('scale-force') as HTMLInputElement).checked).toBe(false);
  });

  it('after a failed set write says the replicas did not change, lists the failure and the marks undone, and never "Scaled"', async () => {
    const setError = 'the set changed since the preview: replicas are now 6, not 5; preview again';
    mockFetch((s) =>
      s.url.includes('dryRun=true')
        ? { status: 200, body: preview(true) }
        : {
            status: 200,
            body: {
              ...preview(false),
              results: [
                result('GameServer', 'minecraft-1', true),
                result('GameServerSet', 'minecraft', false, setError),
                result('GameServer', 'minecraft-1', true),
              ],
              total: 3,
              changed: 2,
              failed: 1,
            },
          },
    );
    const { onClose } = setup();
    type('scale-replicas-input', '3');
    choose('scale-mode-choice', 'By IDs');
    type('scale-ids-input', '1,4');
    fireEvent.click(screen.getByTestId('scale-preview-btn'));
    await screen.findByTestId('scale-preview');
    fireEvent.click(screen.getByTestId('scale-apply'));

    const failed = await screen.findByTestId('scale-failed');
    expect(screen.queryByTestId('scale-done')).toBeNull();
    expect(failed.getAttribute('data-outcome')).toBe('not-scaled');
    expect(failed.textContent).toContain('Not scaled: the replicas did not change (still 5)');
    expect(failed.textContent).not.toContain('Scaled: replicas');
    expect(screen.getByTestId('scale-result-counts').textContent).toBe('3 objects: 2 changed, 0 unchanged, 1 failed');
    expect(screen.getByTestId('scale-undone').textContent).toBe('The marks were undone; no longer WaitToBeDeleted: minecraft-1');
    expect(screen.queryByTestId('scale-still-marked')).toBeNull();
    const items = [...screen.getByTestId('scale-failed-objects').querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).toEqual([`GameServerSet minecraft: ${setError}`]);

    // back to the form to try again; closing still reports that a write ran
    fireEvent.click(screen.getByTestId('scale-again'));
    await waitFor(() => expect(screen.getByTestId('scale-dialog').getAttribute('data-step')).toBe('form'));
    expect((screen.getByTestId('scale-ids-input') as HTMLInputElement).value).toBe('1,4');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
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
    const sent = mockFetch(() => ({ status: 200, body: { ...preview(true), warnings: [], marked: [], stays: [] } }));
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
