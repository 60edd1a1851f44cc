import { describe, expect, it } from 'vitest';
import type { ItemResult } from '../api/ops';
import {
  allocatedChanging,
  emptyForm,
  emptyResourceRow,
  fieldChanges,
  noteKey,
  quantityValue,
  requestFor,
  toOperation,
  validateForm,
  type ActionForm,
} from './operations';

const form = (rows: Partial<ActionForm['resources'][number]>[], recreatePods = false): ActionForm => ({
  ...emptyForm('game', ['game']),
  resources: rows.map((r) => ({ ...emptyResourceRow('game'), ...r })),
  recreatePods,
});

describe('resources operation', () => {
  it('starts with one row per container of the selection', () => {
    expect(emptyForm('game', ['game', 'sidecar']).resources.map((r) => r.container)).toEqual(['game', 'sidecar']);
    expect(emptyForm().resources).toEqual([emptyResourceRow()]);
  });

  it('reads Kubernetes quantities', () => {
    expect(quantityValue('500m')).toBe(0.5);
    expect(quantityValue('2')).toBe(2);
    expect(quantityValue('1.5')).toBe(1.5);
    expect(quantityValue('256Mi')).toBe(256 * 2 ** 20);
    expect(quantityValue('1G')).toBe(1e9);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue(' 1Gi ')).toBe(2 ** 30);
    for (const bad of ['', 'abc', '1 Gi', '-1', '1GB', '0x10', '1.2.3']) expect(quantityValue(bad), bad).toBeNaN();
  });

  it('validates quantities, requests against limits, containers and that something is set', () => {
    expect(validateForm('resources', form([{}]))).toEqual({ resources: 'OKG_FORM_ERROR_RESOURCES_EMPTY' });
    expect(validateForm('resources', form([{ requestsCpu: '500m', limitsCpu: '1', requestsMemory: '256Mi', limitsMemory: '512Mi' }]))).toEqual({});
    expect(validateForm('resources', form([{ requestsCpu: 'lots' }]))).toEqual({ 'resources.0.requestsCpu': 'OKG_FORM_ERROR_QUANTITY' });
    expect(validateForm('resources', form([{ limitsMemory: '0' }]))).toEqual({ 'resources.0.limitsMemory': 'OKG_FORM_ERROR_QUANTITY_POSITIVE' });
    expect(validateForm('resources', form([{ requestsCpu: '2', limitsCpu: '1500m' }]))).toEqual({
      'resources.0.requestsCpu': 'OKG_FORM_ERROR_REQUEST_ABOVE_LIMIT',
    });
    // a request without a limit (or the other way round) is fine
    expect(validateForm('resources', form([{ requestsMemory: '1Gi' }]))).toEqual({});
    expect(validateForm('resources', form([{ container: ' ', limitsCpu: '1' }]))).toEqual({ 'resources.0.container': 'OKG_FORM_ERROR_REQUIRED' });
    expect(validateForm('resources', form([{ limitsCpu: '1' }, { limitsCpu: '2' }]))).toEqual({
      'resources.1.container': 'OKG_FORM_ERROR_DUPLICATE_CONTAINER',
    });
    // empty rows are left out, not errors
    expect(validateForm('resources', form([{ limitsCpu: '1' }, { container: '' }]))).toEqual({});
  });

  it('sends only the filled rows and quantities, and recreatePods when chosen', () => {
    const f = form([{ requestsCpu: ' 500m ', limitsMemory: '512Mi' }, { container: 'sidecar' }, { container: 'log', limitsCpu: '100m' }]);
    expect(toOperation('resources', f)).toEqual({
      type: 'resources',
      containers: [
        { name: 'game', resources: { requests: { cpu: '500m' }, limits: { memory: '512Mi' } } },
        { name: 'log', resources: { limits: { cpu: '100m' } } },
      ],
    });
    const recreate = toOperation('resources', { ...f, recreatePods: true });
    expect(recreate).toMatchObject({ type: 'resources', recreatePods: true });
    // the request body carries it as the API documents it
    const body = JSON.parse(JSON.stringify(requestFor({ namespace: 'game', names: ['a'] }, recreate, { dryRun: true, force: false, confirm: false })));
    expect(body).toEqual({
      targets: { names: ['a'] },
      operation: {
        type: 'resources',
        recreatePods: true,
        containers: [
          { name: 'game', resources: { requests: { cpu: '500m' }, limits: { memory: '512Mi' } } },
          { name: 'log', resources: { limits: { cpu: '100m' } } },
        ],
      },
    });
  });
});

const item = (name: string, before: string, after: string, patch: Partial<ItemResult> = {}): ItemResult => ({
  kind: 'GameServer',
  name,
  namespace: 'game',
  ok: true,
  changed: before !== after,
  attempts: 1,
  before: { opsState: before },
  after: { opsState: after },
  ...patch,
});

describe('Allocated servers in an opsState preview', () => {
  it('lists the Allocated servers that leave Allocated', () => {
    const items = [
      item('a', 'Allocated', 'Maintaining'),
      item('b', 'None', 'Maintaining'),
      item('c', 'Allocated', 'Allocated'),
      item('d', 'Allocated', 'WaitToBeDeleted', { ok: false, error: 'conflict' }),
      item('e', 'Allocated', 'None'),
    ];
    expect(allocatedChanging(items).map((i) => i.name)).toEqual(['a', 'e']);
    expect(allocatedChanging([{ ...item('f', 'x', 'y'), before: null, after: null }])).toEqual([]);
  });
});

describe('before → after of a resources change', () => {
  it('lists the quantities, not the empty map they replace', () => {
    expect(fieldChanges({ resources: { game: {} } }, { resources: { game: { limits: { cpu: '1' }, requests: { cpu: '100m' } } } })).toEqual([
      { field: 'resources.game.limits.cpu', before: '-', after: '1', changed: true },
      { field: 'resources.game.requests.cpu', before: '-', after: '100m', changed: true },
    ]);
    // an empty map on both sides is still shown
    expect(fieldChanges({ resources: { game: {} } }, { resources: { game: {} } })).toEqual([
      { field: 'resources.game', before: '-', after: '-', changed: false },
    ]);
  });
});

describe('notes of the operations API', () => {
  it('are recognised by their opening words; others stay as written', () => {
    expect(noteKey("OKG applies resources only to a new pod: each changed game server's pod is deleted")).toBe('OKG_NOTE_RESOURCES_RECREATE');
    expect(noteKey('OKG applies resources only when a pod is recreated: running pods keep ...')).toBe('OKG_NOTE_RESOURCES');
    expect(noteKey("Each game server's pod is deleted; OKG recreates it")).toBe('OKG_NOTE_DELETE');
    expect(noteKey('opsState becomes Kill: OKG deletes')).toBe('OKG_NOTE_KILL');
    expect(noteKey('OKG updates the container image of each pod in place')).toBe('OKG_NOTE_IMAGE');
    expect(noteKey('Something new the backend says')).toBeUndefined();
  });
});
