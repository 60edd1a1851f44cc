import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { WarningCode } from '../api/generated/api';
import type { ObjectResult, Rollout, ScalePreview } from '../api/scaling';
import { placeCauses } from './fieldErrors';
import {
  allocatedRefusal,
  emptyScaleForm,
  isImageReference,
  isRisky,
  isMaxUnavailable,
  listedWarnings,
  previewWarnings,
  removedRows,
  replicasDelta,
  rolloutChanges,
  rolloutFormOf,
  rolloutProgress,
  scaleCauses,
  scaleOutcome,
  toReserveRequest,
  toScaleRequest,
  toUpdateRequest,
  validateReserveForm,
  validateRolloutForm,
  validateScaleForm,
  warningText,
  type ScaleForm,
} from './scaling';

const form = (patch: Partial<ScaleForm> = {}): ScaleForm => ({ ...emptyScaleForm(5), ...patch });

function status(code: number, causes: { field?: string; message?: string }[]) {
  return new ApiError({ kind: 'Status', status: 'Failure', code, message: 'refused', details: { causes } });
}

describe('scale form', () => {
  it('validates replicas, ids, picks and filters', () => {
    expect(validateScaleForm(form(), 5)).toEqual({});
    expect(validateScaleForm(form({ replicas: '' }), 5)).toEqual({ replicas: 'OKG_FORM_ERROR_REQUIRED' });
    expect(validateScaleForm(form({ replicas: '-1' }), 5)).toEqual({ replicas: 'OKG_SCALE_ERROR_REPLICAS' });
    expect(validateScaleForm(form({ replicas: '1.5' }), 5)).toEqual({ replicas: 'OKG_SCALE_ERROR_REPLICAS' });
    expect(validateScaleForm(form({ replicas: '100001' }), 5)).toEqual({ replicas: 'OKG_SCALE_ERROR_REPLICAS_MAX' });
    // with servers chosen, empty replicas means "current minus the chosen"
    expect(validateScaleForm(form({ replicas: '', mode: 'ids', ids: '1,3' }), 5)).toEqual({});
    expect(validateScaleForm(form({ mode: 'ids', ids: '' }), 5)).toEqual({ ids: 'OKG_FORM_ERROR_REQUIRED' });
    expect(validateScaleForm(form({ mode: 'ids', ids: '3-1' }), 5)).toEqual({ ids: 'OKG_RANGE_ERROR_ORDER' });
    expect(validateScaleForm(form({ mode: 'ids', ids: 'a' }), 5)).toEqual({ ids: 'OKG_RANGE_ERROR_SYNTAX' });
    expect(validateScaleForm(form({ mode: 'pick' }), 5)).toEqual({ picked: 'OKG_SCALE_ERROR_PICK' });
    expect(validateScaleForm(form({ mode: 'pick', picked: ['mc-1'], replicas: '5' }), 5)).toEqual({
      replicas: 'OKG_SCALE_ERROR_REPLICAS_ABOVE_CHOSEN',
    });
    expect(validateScaleForm(form({ mode: 'pick', picked: ['mc-1'], replicas: '4' }), 5)).toEqual({});
    const f = emptyScaleForm(5).filter;
    expect(validateScaleForm(form({ mode: 'filter', filter: { ...f, limit: '0' } }), 5)).toEqual({ limit: 'OKG_SCALE_ERROR_LIMIT' });
    expect(validateScaleForm(form({ mode: 'filter', filter: { ...f, opsState: '', limit: '' } }), 5)).toEqual({
      filter: 'OKG_SCALE_ERROR_FILTER_EMPTY',
    });
    expect(validateScaleForm(form({ mode: 'filter', filter: { ...f, opsState: '', limit: '2' } }), 5)).toEqual({});
  });

  it('builds the scale request for each way of choosing', () => {
    expect(toScaleRequest(form({ replicas: '8' }))).toEqual({ replicas: 8 });
    expect(toScaleRequest(form({ replicas: '3', mode: 'ids', ids: ' 9, 7-8 ,1' }))).toEqual({
      replicas: 3,
      remove: { ids: '1,7-9' },
      method: 'WaitToBeDeleted',
    });
    expect(toScaleRequest(form({ replicas: '', mode: 'pick', picked: ['mc-2', 'mc-4'], method: 'ReserveIds' }))).toEqual({
      remove: { names: ['mc-2', 'mc-4'] },
      method: 'ReserveIds',
    });
    const f = { opsState: 'None', state: 'Ready', sortBy: 'deletionPriority' as const, ascending: false, limit: '2' };
    expect(toScaleRequest(form({ replicas: '3', mode: 'filter', filter: f }))).toEqual({
      replicas: 3,
      remove: { filter: { opsState: 'None', state: 'Ready', sortBy: 'deletionPriority', ascending: 'false' }, limit: 2 },
      method: 'WaitToBeDeleted',
    });
    expect(toScaleRequest(form({ mode: 'filter', filter: { ...f, state: '', limit: '' } })).remove).toEqual({
      filter: { opsState: 'None', sortBy: 'deletionPriority', ascending: 'false' },
    });
  });

  it('places the server causes on the form fields', () => {
    const err = status(400, [
      { field: 'remove.ids', message: 'bad id' },
      { field: 'remove.names[1]', message: 'not in the set' },
      { field: 'replicas', message: 'too many' },
      { field: 'somethingElse', message: 'x' },
    ]);
    expect(scaleCauses(err, 'ids')).toEqual({
      fields: { ids: 'bad id', picked: 'not in the set', replicas: 'too many' },
      unplaced: [{ field: 'somethingElse', message: 'x' }],
    });
    expect(scaleCauses(status(422, [{ field: 'remove', message: 'one way' }]), 'filter').fields).toEqual({ filter: 'one way' });
    expect(scaleCauses(new Error('net'), 'none')).toEqual({ fields: {}, unplaced: [] });
    // a cause without its own message takes the Status message
    expect(placeCauses(status(422, [{ field: 'a' }]), (f) => f).fields).toEqual({ a: 'refused' });
  });
});

function result(kind: string, name: string, ok: boolean, changed: boolean, error?: string): ObjectResult {
  return { kind, name, namespace: 'game', ok, changed, attempts: 1, before: null, after: null, ...(error ? { error, code: 409 } : {}) };
}

// mc-1, mc-3 and mc-4 chosen: mc-3 is already WaitToBeDeleted (not written), mc-4 stays (OKG
// removes mc-3, mc-1 and the Allocated mc-2 first), so only mc-1 is marked.
const preview: ScalePreview = {
  dryRun: true,
  replicasBefore: 5,
  replicasAfter: 2,
  method: 'WaitToBeDeleted',
  marked: ['mc-1'],
  chosen: ['mc-1', 'mc-3', 'mc-4'],
  stays: ['mc-4'],
  removed: [
    { name: 'mc-3', id: 3, state: 'Ready', opsState: 'WaitToBeDeleted', currentOpsState: 'WaitToBeDeleted', deletionPriority: 0 },
    { name: 'mc-1', id: 1, state: 'Ready', opsState: 'None', currentOpsState: 'None', deletionPriority: 0 },
    { name: 'mc-2', id: 2, state: 'Ready', opsState: 'Allocated', currentOpsState: 'Allocated', deletionPriority: 5 },
  ],
  keptIds: '0,4',
  addedIds: '',
  reserveGameServerIds: '',
  scaleDownStrategyType: 'General',
  warnings: [
    { code: 'ChosenServerStays', name: 'mc-4', message: 'mc-4 stays: OKG removes Kill and WaitToBeDeleted servers first, so lower the replicas further to remove it' },
    { code: 'AllocatedRemoved', name: 'mc-2', message: 'mc-2 is Allocated: players on it will be disconnected' },
  ],
  results: [result('GameServer', 'mc-1', true, true), result('GameServerSet', 'mc', true, true)],
  total: 2,
  changed: 2,
  unchanged: 0,
  failed: 0,
};

describe('scale preview', () => {
  it('orders the server warnings risky first, keeping the rest in order', () => {
    expect(previewWarnings(preview.warnings).map((w) => [w.code, w.name])).toEqual([
      ['AllocatedRemoved', 'mc-2'],
      ['ChosenServerStays', 'mc-4'],
    ]);
    // a code from a newer server than this client knows
    const unknown = { code: 'SomethingNew' as WarningCode, message: 'something new' };
    const maintaining = { code: 'MaintainingRemoved' as const, name: 'mc-0', message: 'mc-0 is Maintaining and will be removed' };
    expect(previewWarnings([unknown, maintaining]).map((w) => w.code)).toEqual(['MaintainingRemoved', 'SomethingNew']);
  });

  it('translates known codes with their values and shows the server words for others', () => {
    const t = (key: string, params?: Record<string, string | number>) => `${key}|${JSON.stringify(params)}`;
    expect(warningText(t, { code: 'ReservedIDsSkipped', params: { ids: '1,3-4' }, message: 'x' })).toBe(
      'OKG_WARN_RESERVED_SKIPPED|{"name":"","ids":"1,3-4","expected":""}',
    );
    expect(warningText(t, { code: 'ScaledObjectNameMismatch', name: 'so', params: { expected: 's' }, message: 'x' })).toBe(
      'OKG_WARN_SO_NAME|{"name":"so","ids":"","expected":"s"}',
    );
    expect(warningText(t, { code: 'SomethingNew' as WarningCode, message: 'something new' })).toBe('something new');
    expect(isRisky({ code: 'AllocatedRemoved', message: '' })).toBe(true);
    expect(isRisky({ code: 'ChosenServerStays', message: '' })).toBe(false);
  });

  it('numbers the removal order and flags the chosen servers (not just the marked ones) and risky ones', () => {
    expect(removedRows(preview).map((r) => [r.order, r.name, r.chosen, r.risky])).toEqual([
      [1, 'mc-3', true, false], // chosen, already WaitToBeDeleted: removed without being marked
      [2, 'mc-1', true, false],
      [3, 'mc-2', false, true],
    ]);
    expect(replicasDelta(preview)).toBe('-3');
    expect(replicasDelta({ replicasBefore: 1, replicasAfter: 4 })).toBe('+3');
  });
});

describe('scale answers', () => {
  it('leaves out the stay warning of a server the preview lists in stays', () => {
    expect(listedWarnings(preview).map((w) => [w.code, w.name])).toEqual([['AllocatedRemoved', 'mc-2']]);
    // a stay warning for a server not in stays (an older server) is still shown
    const older = { ...preview, stays: [] };
    expect(listedWarnings(older).map((w) => w.code)).toEqual(['AllocatedRemoved', 'ChosenServerStays']);
  });

  it('reads the chosen Allocated servers out of the 409 and nothing out of other refusals', () => {
    const refusal = status(409, [
      { field: 'remove', message: 'mc-2 is Allocated (players on it)' },
      { field: 'remove', message: 'mc-3 is Allocated (players on it)' },
    ]);
    expect(allocatedRefusal(refusal)).toEqual(['mc-2', 'mc-3']);
    expect(allocatedRefusal(status(409, [{ field: 'remove', message: 'mc-2 is already being deleted' }]))).toBeNull();
    expect(allocatedRefusal(status(409, [{ field: 'replicas', message: 'mc-2 is Allocated (players on it)' }]))).toBeNull();
    expect(allocatedRefusal(status(422, [{ field: 'remove', message: 'mc-2 is Allocated (players on it)' }]))).toBeNull();
    expect(allocatedRefusal(new Error('network'))).toBeNull();
    expect(allocatedRefusal(undefined)).toBeNull();
  });

  it('says a scale succeeded only when no object failed', () => {
    expect(scaleOutcome(preview)).toEqual({ ok: true, setWritten: true, failed: [], undone: [], stillMarked: [] });
    // the counts alone are enough to refuse "done"
    expect(scaleOutcome({ results: preview.results, failed: 1 }).ok).toBe(false);
  });

  it('reports a failed set write: replicas unchanged, which marks were undone and which were not', () => {
    const setFailed = result('GameServerSet', 'mc', false, false, 'the set changed since the preview: replicas are now 6, not 5; preview again');
    const undoFailed = result('GameServer', 'mc-4', false, false, 'forbidden');
    const o = scaleOutcome({
      failed: 2,
      results: [
        result('GameServer', 'mc-1', true, true),
        result('GameServer', 'mc-4', true, true),
        setFailed,
        result('GameServer', 'mc-1', true, true),
        undoFailed,
      ],
    });
    expect(o).toEqual({ ok: false, setWritten: false, failed: [setFailed, undoFailed], undone: ['mc-1'], stillMarked: ['mc-4'] });
  });

  it('reports a failed mark: apply stops before the set and undoes the marks made', () => {
    const markFailed = result('GameServer', 'mc-4', false, false, 'it became Allocated (players on it) changed since the preview; preview again');
    const o = scaleOutcome({
      failed: 1,
      results: [result('GameServer', 'mc-1', true, true), markFailed, result('GameServer', 'mc-1', true, true)],
    });
    expect(o).toEqual({ ok: false, setWritten: false, failed: [markFailed], undone: ['mc-1'], stillMarked: [] });
  });
});

describe('reserved ids', () => {
  it('accepts empty (clear) and normalises ranges', () => {
    expect(validateReserveForm({ ids: '', strategy: 'General' })).toEqual({});
    expect(validateReserveForm({ ids: '5-2', strategy: 'General' })).toEqual({ ids: 'OKG_RANGE_ERROR_ORDER' });
    expect(toReserveRequest({ ids: '4,1-3 ', strategy: 'ReserveIds' })).toEqual({ ids: '1-4', scaleDownStrategyType: 'ReserveIds' });
    expect(toReserveRequest({ ids: ' ', strategy: 'General' })).toEqual({ ids: '', scaleDownStrategyType: 'General' });
  });
});

const rollout: Rollout = {
  replicas: 4,
  currentReplicas: 4,
  updatedReplicas: 1,
  updatedReadyReplicas: 1,
  partition: 0,
  paused: false,
  podUpdatePolicy: 'InPlaceIfPossible',
  maxUnavailable: '25%',
  images: { game: 'reg/game:1', sidecar: 'reg/side:1' },
  pending: [],
  pinned: [],
};

describe('rollout', () => {
  it('computes progress towards the partition', () => {
    expect(rolloutProgress(rollout)).toEqual({ percent: 25, readyPercent: 25, target: 4, done: false });
    expect(rolloutProgress({ ...rollout, partition: 3 }).done).toBe(true);
    expect(rolloutProgress({ ...rollout, replicas: 0, updatedReplicas: 0, updatedReadyReplicas: 0 }).percent).toBe(100);
  });

  it('validates images, partition and maxUnavailable', () => {
    const f = rolloutFormOf(rollout);
    expect(validateRolloutForm(f, 4)).toEqual({});
    expect(
      validateRolloutForm({ ...f, images: { game: 'Bad Image', sidecar: '' }, partition: '5', maxUnavailable: '0' }, 4),
    ).toEqual({
      'images.game': 'OKG_FORM_ERROR_IMAGE',
      'images.sidecar': 'OKG_FORM_ERROR_REQUIRED',
      partition: 'OKG_ROLLOUT_ERROR_PARTITION',
      maxUnavailable: 'OKG_ROLLOUT_ERROR_MAX_UNAVAILABLE',
    });
    for (const ok of ['nginx', 'reg.io:5000/a/b:1.2', 'a/b@sha256:' + 'a'.repeat(64)]) expect(isImageReference(ok), ok).toBe(true);
    for (const ok of ['1', '20%', '100%']) expect(isMaxUnavailable(ok), ok).toBe(true);
    for (const bad of ['0', '0%', '101%', '-1', 'x']) expect(isMaxUnavailable(bad), bad).toBe(false);
  });

  it('sends only what changed', () => {
    const f = rolloutFormOf(rollout);
    expect(toUpdateRequest(f, rollout)).toBeUndefined();
    const req = toUpdateRequest({ ...f, images: { ...f.images, game: 'reg/game:2' }, partition: '2', podUpdatePolicy: 'ReCreate' }, rollout);
    expect(req).toEqual({ images: { game: 'reg/game:2' }, partition: 2, podUpdatePolicy: 'ReCreate' });
    expect(toUpdateRequest({ ...f, paused: true }, rollout)).toEqual({ paused: true });
    expect(rolloutChanges({ paused: true }, rollout)).toEqual([{ field: 'paused', before: 'false', after: 'true' }]);
    expect(rolloutChanges(req!, rollout)).toEqual([
      { field: 'images.game', before: 'reg/game:1', after: 'reg/game:2' },
      { field: 'partition', before: '0', after: '2' },
      { field: 'podUpdatePolicy', before: 'InPlaceIfPossible', after: 'ReCreate' },
    ]);
  });
});
