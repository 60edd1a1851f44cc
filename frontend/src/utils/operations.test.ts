import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../api/client';
import { ApiError } from '../api/errors';
import type { ItemResult, OperationResult } from '../api/ops';
import { gameServer } from '../test/render';
import {
  actionSpec,
  allocatedRefusal,
  canApply,
  combine,
  containersOf,
  emptyForm,
  fieldChanges,
  groupByNamespace,
  itemOutcome,
  requestFor,
  runOperation,
  toOperation,
  validateForm,
} from './operations';

const item = (name: string, patch: Partial<ItemResult> = {}): ItemResult => ({
  kind: 'GameServer',
  name,
  namespace: 'game',
  ok: true,
  changed: true,
  attempts: 1,
  before: { opsState: 'None' },
  after: { opsState: 'Maintaining' },
  ...patch,
});

const result = (items: ItemResult[], notes: string[] = []): OperationResult => ({
  dryRun: true,
  operation: 'opsState',
  user: 'admin',
  total: items.length,
  changed: 0,
  unchanged: 0,
  failed: 0,
  notes,
  items,
});

const conflict = (names: string[]) =>
  new ApiError({
    kind: 'Status',
    status: 'Failure',
    code: 409,
    reason: 'Conflict',
    message: `${names.length} game servers have players on them (Allocated): ${names.join(', ')}; set force=true to kill them anyway`,
    details: { causes: names.map((n) => ({ field: 'targets', message: `${n} is Allocated` })) },
  });

describe('form validation and operations', () => {
  it('accepts a valid opsState and refuses anything else', () => {
    expect(validateForm('opsState', { ...emptyForm(), opsState: 'WaitToBeDeleted' })).toEqual({});
    expect(validateForm('opsState', { ...emptyForm(), opsState: 'Sleeping' })).toEqual({ opsState: 'OKG_FORM_ERROR_OPS_STATE' });
    expect(toOperation('opsState', { ...emptyForm(), opsState: 'None' })).toEqual({ type: 'opsState', opsState: 'None' });
  });

  it('wants whole int32 priorities', () => {
    const f = (priority: string) => validateForm('deletionPriority', { ...emptyForm(), priority });
    expect(f('10')).toEqual({});
    expect(f(' -3 ')).toEqual({});
    expect(f('')).toEqual({ priority: 'OKG_FORM_ERROR_PRIORITY' });
    expect(f('1.5')).toEqual({ priority: 'OKG_FORM_ERROR_PRIORITY' });
    expect(f('2147483648')).toEqual({ priority: 'OKG_FORM_ERROR_PRIORITY_RANGE' });
    expect(f('-2147483648')).toEqual({});
    expect(toOperation('updatePriority', { ...emptyForm(), priority: ' 7' })).toEqual({ type: 'updatePriority', priority: 7 });
  });

  it('wants a container and an image reference', () => {
    const f = (container: string, image: string) => validateForm('image', { ...emptyForm(), container, image });
    expect(f('game', 'registry.example.com:5000/team/game:1.2.3')).toEqual({});
    expect(f('game', 'nginx@sha256:' + 'a'.repeat(64))).toEqual({});
    expect(f('', '')).toEqual({ container: 'OKG_FORM_ERROR_REQUIRED', image: 'OKG_FORM_ERROR_REQUIRED' });
    expect(f('game', 'Bad Image')).toEqual({ image: 'OKG_FORM_ERROR_IMAGE' });
    expect(toOperation('image', { ...emptyForm(), container: ' game ', image: 'game:2 ' })).toEqual({
      type: 'image',
      containers: [{ name: 'game', image: 'game:2' }],
    });
  });

  it('network, delete and kill', () => {
    expect(toOperation('networkDisabled', { ...emptyForm(), networkDisabled: false })).toEqual({
      type: 'networkDisabled',
      networkDisabled: false,
    });
    expect(toOperation('delete', emptyForm())).toEqual({ type: 'delete' });
    expect(toOperation('kill', emptyForm())).toEqual({ type: 'kill' });
    expect(actionSpec('kill').needsConfirm).toBe(true);
    expect(actionSpec('opsState').needsConfirm).toBe(false);
  });
});

describe('targets', () => {
  it('splits a selection per namespace, sorted and de-duplicated', () => {
    expect(groupByNamespace(['game-staging/b-2', 'game-prod/a-1', 'game-staging/b-1', 'game-prod/a-1', 'junk', '/x'])).toEqual([
      { namespace: 'game-prod', names: ['a-1'] },
      { namespace: 'game-staging', names: ['b-1', 'b-2'] },
    ]);
  });

  it('builds the request: names for bulk, none for one server; confirm only when applying', () => {
    const op = { type: 'kill' as const };
    expect(requestFor({ namespace: 'n', names: ['a'] }, op, { dryRun: true, force: false, confirm: true })).toEqual({
      targets: { names: ['a'] },
      operation: op,
    });
    expect(requestFor({ namespace: 'n', names: ['a'], single: true }, op, { dryRun: false, force: true, confirm: true })).toEqual({
      operation: op,
      force: true,
      confirm: true,
    });
  });

  it('offers the containers of the selected rows', () => {
    const rows = [
      gameServer(1, { images: [{ container: 'game', image: 'a' }, { container: 'sidecar', image: 'b' }] }),
      gameServer(2, { images: [{ container: 'other', image: 'c' }] }),
    ];
    expect(containersOf(['game/minecraft-1'], rows)).toEqual(['game', 'sidecar']);
  });
});

describe('running operations', () => {
  it('sends one request per namespace to the bulk endpoint with dryRun, and to the single endpoint', async () => {
    const seen: { url: string; body: unknown }[] = [];
    const api = createApi('/base', async (url, init) => {
      seen.push({ url, body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify(result([item('x')])), { status: 200 });
    });
    const op = { type: 'opsState' as const, opsState: 'Maintaining' as const };
    await runOperation(api, groupByNamespace(['a/x', 'b/y']), op, { dryRun: true, force: false, confirm: false });
    await runOperation(api, [{ namespace: 'a', names: ['x'], single: true }], op, { dryRun: false, force: false, confirm: false });
    expect(seen).toEqual([
      { url: '/base/namespaces/a/gameserveroperations?dryRun=true', body: { targets: { names: ['x'] }, operation: op } },
      { url: '/base/namespaces/b/gameserveroperations?dryRun=true', body: { targets: { names: ['y'] }, operation: op } },
      { url: '/base/namespaces/a/gameservers/x/operations', body: { operation: op } },
    ]);
  });

  it('keeps going when one namespace fails and reports each outcome', async () => {
    const operate = vi.fn(async (scope: { namespace: string }) => {
      if (scope.namespace === 'b') throw conflict(['y']);
      return result([item('x', { namespace: scope.namespace })], ['a note']);
    });
    const outcomes = await runOperation({ operate }, groupByNamespace(['a/x', 'b/y']), { type: 'kill' }, {
      dryRun: true,
      force: false,
      confirm: false,
    });
    expect(outcomes.map((o) => [o.namespace, Boolean(o.result), Boolean(o.error)])).toEqual([
      ['a', true, false],
      ['b', false, true],
    ]);
    const c = combine(outcomes);
    expect(c.allocated).toEqual(['b/y']);
    expect(c.errors).toEqual([]);
    expect(c.changed).toBe(1);
    expect(c.notes).toEqual(['a note']);
    expect(canApply(c, actionSpec('kill'), true)).toBe(false);
  });
});

describe('results', () => {
  it('reads the Allocated names of a 409 refusal and nothing else', () => {
    expect(allocatedRefusal(conflict(['gs-1', 'gs-2']))).toEqual(['gs-1', 'gs-2']);
    expect(allocatedRefusal(new ApiError({ kind: 'Status', status: 'Failure', code: 409, message: 'conflict' }))).toBeNull();
    expect(allocatedRefusal(new ApiError({ kind: 'Status', status: 'Failure', code: 422, message: 'bad' }))).toBeNull();
    expect(allocatedRefusal(new Error('x'))).toBeNull();
  });

  it('classifies items and totals them, notes once', () => {
    const items = [item('a'), item('b', { changed: false }), item('c', { ok: false, changed: false, error: 'boom', code: 500 })];
    expect(items.map(itemOutcome)).toEqual(['changed', 'unchanged', 'failed']);
    const bad = new ApiError({ kind: 'Status', status: 'Failure', code: 403, message: 'forbidden' });
    const c = combine([
      { namespace: 'game', result: result(items, ['n1', 'n2']) },
      { namespace: 'other', result: result([], ['n1']) },
      { namespace: 'denied', error: bad },
    ]);
    expect([c.changed, c.unchanged, c.failed]).toEqual([1, 1, 1]);
    expect(c.notes).toEqual(['n1', 'n2']);
    expect(c.errors).toEqual([{ namespace: 'denied', error: bad }]);
  });

  it('allows apply only when everything answered, something changes and delete/kill are confirmed', () => {
    const ok = combine([{ namespace: 'game', result: result([item('a')]) }]);
    expect(canApply(ok, actionSpec('opsState'), false)).toBe(true);
    expect(canApply(ok, actionSpec('delete'), false)).toBe(false);
    expect(canApply(ok, actionSpec('delete'), true)).toBe(true);
    const nothing = combine([{ namespace: 'game', result: result([item('a', { changed: false })]) }]);
    expect(canApply(nothing, actionSpec('opsState'), false)).toBe(false);
    const err = combine([{ namespace: 'x', error: new Error('down') }, { namespace: 'game', result: result([item('a')]) }]);
    expect(canApply(err, actionSpec('opsState'), false)).toBe(false);
  });

  it('shows before → after field by field, nested maps dotted, uids left out', () => {
    expect(fieldChanges({ opsState: 'None' }, { opsState: 'Kill' })).toEqual([
      { field: 'opsState', before: 'None', after: 'Kill', changed: true },
    ]);
    expect(fieldChanges({ images: { game: 'a:1' } }, { images: { game: 'a:2' } })).toEqual([
      { field: 'images.game', before: 'a:1', after: 'a:2', changed: true },
    ]);
    expect(fieldChanges({ pod: 'Running', podUID: 'u' }, { pod: 'Deleted', podUID: 'u' })).toEqual([
      { field: 'pod', before: 'Running', after: 'Deleted', changed: true },
    ]);
    expect(fieldChanges({ updatePriority: null }, { updatePriority: 5 })).toEqual([
      { field: 'updatePriority', before: '-', after: '5', changed: true },
    ]);
    expect(fieldChanges({ networkDisabled: false }, { networkDisabled: false })[0].changed).toBe(false);
    expect(fieldChanges(null, null)).toEqual([]);
  });
});
