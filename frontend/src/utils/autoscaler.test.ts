import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { Autoscaler } from '../api/scaling';
import {
  autoscalerCauses,
  autoscalerStateOf,
  emptyAutoscalerState,
  isMinAvailable,
  isScalerAddress,
  toAutoscalerForm,
  validateAutoscaler,
} from './autoscaler';

describe('autoscaler form', () => {
  it('starts valid and builds a create body without resourceVersion', () => {
    const s = emptyAutoscalerState(3);
    expect(validateAutoscaler(s)).toEqual({});
    expect(toAutoscalerForm(s)).toEqual({ minReplicaCount: 1, maxReplicaCount: 6, external: { minAvailable: 1 } });
  });

  it('validates like the backend, keyed by the API field names', () => {
    const s = emptyAutoscalerState(3);
    expect(validateAutoscaler({ ...s, minReplicaCount: '5', maxReplicaCount: '2' })).toEqual({ minReplicaCount: 'OKG_AS_ERROR_MIN_ABOVE_MAX' });
    expect(validateAutoscaler({ ...s, maxReplicaCount: '0' })).toEqual({ maxReplicaCount: 'OKG_AS_ERROR_MAX' });
    expect(validateAutoscaler({ ...s, external: false })).toEqual({ external: 'OKG_AS_ERROR_TRIGGER' });
    expect(
      validateAutoscaler({ ...s, scalerAddress: 'nohost', minAvailable: '1.5', maxAvailable: '-1', cpu: true, utilization: '101', pollingInterval: '0' }),
    ).toEqual({
      'external.scalerAddress': 'OKG_AS_ERROR_ADDRESS',
      'external.minAvailable': 'OKG_AS_ERROR_MIN_AVAILABLE',
      'external.maxAvailable': 'OKG_AS_ERROR_WHOLE',
      'cpu.utilization': 'OKG_AS_ERROR_PERCENT',
      pollingInterval: 'OKG_AS_ERROR_POSITIVE',
    });
    expect(
      validateAutoscaler({
        ...s,
        scaleDown: true,
        stabilizationWindowSeconds: '4000',
        policies: [
          { type: 'Percent', value: '150', periodSeconds: '60' },
          { type: 'Pods', value: '2', periodSeconds: '0' },
        ],
      }),
    ).toEqual({
      'scaleDown.stabilizationWindowSeconds': 'OKG_AS_ERROR_WINDOW',
      'scaleDown.policies[0].value': 'OKG_AS_ERROR_PERCENT',
      'scaleDown.policies[1].periodSeconds': 'OKG_AS_ERROR_PERIOD',
    });
    expect(isScalerAddress('kruise-game-external-scaler.kruise-game-system:6000')).toBe(true);
    expect(isScalerAddress('host:70000')).toBe(false);
    for (const ok of ['0', '3', '0.2', '.5']) expect(isMinAvailable(ok), ok).toBe(true);
    for (const bad of ['1.5', '-1', 'x', '0.0']) expect(isMinAvailable(bad), bad).toBe(false);
  });

  it('reads a stored ScaledObject back and sends the version last seen', () => {
    const a = {
      resourceVersion: '77',
      spec: {
        minReplicaCount: 0,
        maxReplicaCount: 10,
        pollingInterval: 15,
        external: { scalerAddress: 'x:1', minAvailable: '0.2', maxAvailable: 4 },
        cpu: { utilization: 60 },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
      },
    } as unknown as Autoscaler;
    const s = autoscalerStateOf(a);
    expect(validateAutoscaler(s)).toEqual({});
    expect(toAutoscalerForm(s, a.resourceVersion)).toEqual({ resourceVersion: '77', ...a.spec });
  });

  it('places form causes and the API server schema causes (spec.X) on the fields', () => {
    const err = new ApiError({
      kind: 'Status',
      status: 'Failure',
      code: 422,
      message: 'invalid',
      details: { causes: [{ field: 'spec.maxReplicaCount', message: 'should be >= 1' }, { field: 'cpu.utilization', message: '1..100' }] },
    });
    expect(autoscalerCauses(err).fields).toEqual({ maxReplicaCount: 'should be >= 1', 'cpu.utilization': '1..100' });
  });
});
