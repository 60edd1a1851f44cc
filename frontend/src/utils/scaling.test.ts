import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { WarningCode } from '../api/generated/api';
import type { Rollout, ScalePreview } from '../api/scaling';
import { placeCauses } from './fieldErrors';
import {
  chosenThatStay,
  emptyScaleForm,
  isImageReference,
  isRisky,
  isMaxUnavailable,
  previewWarnings,
  removedRows,
  replicasDelta,
  rolloutChanges,
  rolloutFormOf,
  rolloutProgress,
  scaleCauses,
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

const preview: ScalePreview = {
  dryRun: true,
  replicasBefore: 5,
  replicasAfter: 3,
  method: 'WaitToBeDeleted',
  marked: ['mc-1', 'mc-4'],
  removed: [
    { name: 'mc-1', id: 1, state: 'Ready', opsState: 'WaitToBeDeleted', currentOpsState: 'WaitToBeDeleted', deletionPriority: 0 },
    { name: 'mc-2', id: 2, state: 'Ready', opsState: 'Allocated', currentOpsState: 'Allocated', deletionPriority: 5 },
  ],
  keptIds: '0,3-4',
  reserveGameServerIds: '',
  scaleDownStrategyType: 'General',
  addedIds: '',
  chosen: ['mc-1', 'mc-4'],
  stays: ['mc-4'],
  warnings: [
    { code: 'ChosenServerStays', name: 'mc-4', message: 'mc-4 stays: OKG removes Kill and WaitToBeDeleted servers first, so lower the replicas further to remove it' },
    { code: 'AllocatedRemoved', name: 'mc-2', message: 'mc-2 is Allocated: players on it will be disconnected' },
  ],
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

  it('numbers the removal order and flags chosen and risky servers', () => {
    expect(removedRows(preview).map((r) => [r.order, r.name, r.chosen, r.risky])).toEqual([
      [1, 'mc-1', true, false],
      [2, 'mc-2', false, true],
    ]);
    expect(chosenThatStay(preview)).toEqual(['mc-4']);
    expect(replicasDelta(preview)).toBe('-2');
    expect(replicasDelta({ replicasBefore: 1, replicasAfter: 4 })).toBe('+3');
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
