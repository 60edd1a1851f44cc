import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { createdSummary, createSetCauses, emptyCreateSet, parseConf, toGameServerSetForm, validateCreateSet } from './createSet';

describe('create GameServerSet form', () => {
  it('requires namespace, name, image and replicas', () => {
    expect(validateCreateSet(emptyCreateSet())).toEqual({
      namespace: 'OKG_FORM_ERROR_REQUIRED',
      name: 'OKG_FORM_ERROR_REQUIRED',
      image: 'OKG_FORM_ERROR_REQUIRED',
    });
    const s = { ...emptyCreateSet('game'), name: 'minecraft', image: 'reg/mc:1' };
    expect(validateCreateSet(s)).toEqual({});
    expect(validateCreateSet({ ...s, name: 'Bad_Name', image: 'Bad Image', replicas: '-1' })).toEqual({
      name: 'OKG_CREATE_ERROR_NAME',
      image: 'OKG_FORM_ERROR_IMAGE',
      replicas: 'OKG_SCALE_ERROR_REPLICAS',
    });
    expect(validateCreateSet({ ...s, name: 'a'.repeat(53) })).toEqual({ name: 'OKG_CREATE_ERROR_NAME' });
    expect(validateCreateSet({ ...s, networkConf: 'x=1', partition: '2', maxUnavailable: '0%' })).toEqual({
      'network.type': 'OKG_CREATE_ERROR_NETWORK_TYPE',
      'updateStrategy.partition': 'OKG_ROLLOUT_ERROR_PARTITION',
      'updateStrategy.maxUnavailable': 'OKG_ROLLOUT_ERROR_MAX_UNAVAILABLE',
    });
  });

  it('builds the GameServerSetForm', () => {
    expect(parseConf(' ContainerPorts = game:8080/TCP \n\nFlag\n')).toEqual([
      { name: 'ContainerPorts', value: 'game:8080/TCP' },
      { name: 'Flag', value: '' },
    ]);
    const s = {
      ...emptyCreateSet('game'),
      name: 'minecraft',
      image: 'reg/mc:1',
      replicas: '3',
      networkType: 'Kubernetes-HostPort',
      networkConf: 'ContainerPorts=game:8080/TCP',
      partition: '1',
      maxUnavailable: '20%',
      podUpdatePolicy: 'InPlaceIfPossible' as const,
    };
    expect(toGameServerSetForm(s)).toEqual({
      name: 'minecraft',
      image: 'reg/mc:1',
      containerName: 'game',
      replicas: 3,
      network: { type: 'Kubernetes-HostPort', conf: [{ name: 'ContainerPorts', value: 'game:8080/TCP' }] },
      updateStrategy: { partition: 1, maxUnavailable: '20%', podUpdatePolicy: 'InPlaceIfPossible' },
    });
    expect(toGameServerSetForm({ ...emptyCreateSet('g'), name: 'a', image: 'b', maxUnavailable: '2' }).updateStrategy).toEqual({ maxUnavailable: 2 });
  });

  it('places the form and object causes on fields', () => {
    const err = new ApiError({
      kind: 'Status',
      status: 'Failure',
      code: 422,
      message: 'invalid',
      details: {
        causes: [
          { field: 'spec.replicas', message: 'must be >= 0' },
          { field: 'network.conf[0].name', message: 'required' },
          { field: 'spec.gameServerTemplate.foo', message: 'unknown field' },
        ],
      },
    });
    const c = createSetCauses(err);
    expect(c.fields).toEqual({ replicas: 'must be >= 0', 'network.conf': 'required' });
    expect(c.unplaced).toEqual([{ field: 'spec.gameServerTemplate.foo', message: 'unknown field' }]);
    expect(createdSummary({ metadata: { name: 'mc', namespace: 'g' }, spec: { replicas: 2 } })).toEqual({ name: 'mc', namespace: 'g', replicas: 2 });
  });
});
