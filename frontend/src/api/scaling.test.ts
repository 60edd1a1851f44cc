import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import { buildRequest, createScalingApi, type Fetcher } from './scaling';

function recorder(status = 200, body: unknown = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher: Fetcher = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init: init ?? {} });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, statusText: status === 200 ? 'OK' : 'Error' });
  });
  return { calls, api: createScalingApi('/base', fetcher) };
}

describe('scaling api', () => {
  it('builds JSON bodies and leaves bodyless requests bare', () => {
    expect(buildRequest('GET', '/x')).toEqual({ method: 'GET', url: '/x' });
    expect(buildRequest('POST', '/x', { replicas: 2 })).toEqual({
      method: 'POST',
      url: '/x',
      contentType: 'application/json',
      body: '{"replicas":2}',
    });
    expect(buildRequest('PUT', '/x', 'a: 1', 'application/yaml')).toMatchObject({ body: 'a: 1', contentType: 'application/yaml' });
  });

  it('posts a scale preview with dryRun and the body as given', async () => {
    const { calls, api } = recorder(200, { replicasBefore: 5 });
    await api.scale('game ns', 'mc', { replicas: 3, remove: { ids: '1,3' }, method: 'ReserveIds' }, true);
    expect(calls[0].url).toBe('/base/namespaces/game%20ns/gameserversets/mc/scale?dryRun=true');
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ replicas: 3, remove: { ids: '1,3' }, method: 'ReserveIds' });
    await api.scale('g', 'mc', { replicas: 3 }, false);
    expect(calls[1].url).toBe('/base/namespaces/g/gameserversets/mc/scale');
  });

  it('reads a 204 autoscaler answer as "none"', async () => {
    const fetcher: Fetcher = vi.fn(async () => new Response(null, { status: 204 }));
    await expect(createScalingApi('/base', fetcher).getAutoscaler('g', 'mc')).resolves.toBeNull();
  });

  it('addresses every endpoint of the scaling, autoscaling and YAML sections', async () => {
    const { calls, api } = recorder(200, {});
    await api.setReservedIds('g', 'mc', { ids: '1-3' }, true);
    await api.getRollout('g', 'mc');
    await api.updateRollout('g', 'mc', { paused: true }, false);
    await api.autoscalingStatus();
    await api.getAutoscaler('g', 'mc');
    await api.putAutoscaler('g', 'mc', { minReplicaCount: 1, maxReplicaCount: 3 }, true);
    await api.deleteAutoscaler('g', 'mc', '42', true);
    await api.deleteAutoscaler('g', 'mc', undefined, false);
    await api.createGameServerSet('g', { yaml: 'kind: GameServerSet' }, true);
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'PUT /base/namespaces/g/gameserversets/mc/reserveids?dryRun=true',
      'GET /base/namespaces/g/gameserversets/mc/rollout',
      'POST /base/namespaces/g/gameserversets/mc/rollout',
      'GET /base/autoscaling/status',
      'GET /base/namespaces/g/gameserversets/mc/autoscaler',
      'PUT /base/namespaces/g/gameserversets/mc/autoscaler?dryRun=true',
      'DELETE /base/namespaces/g/gameserversets/mc/autoscaler?resourceVersion=42&dryRun=true',
      'DELETE /base/namespaces/g/gameserversets/mc/autoscaler',
      'POST /base/namespaces/g/gameserversets?dryRun=true',
    ]);
    expect(api.yamlUrl('gameservers', 'g', 'mc-1')).toBe('/base/namespaces/g/gameservers/mc-1/yaml');
  });

  it('sends and receives YAML as text', async () => {
    const { calls, api } = recorder(200, 'kind: GameServerSet\n');
    expect(await api.getYaml('gameserversets', 'g', 'mc')).toBe('kind: GameServerSet\n');
    const { calls: put, api: api2 } = recorder(200, {});
    await api2.putYaml('g', 'mc', 'a: 1\n', true);
    expect(put[0].url).toBe('/base/namespaces/g/gameserversets/mc/yaml?dryRun=true');
    expect(put[0].init.body).toBe('a: 1\n');
    expect((put[0].init.headers as Record<string, string>)['Content-Type']).toBe('application/yaml');
    expect(calls[0].url).toBe('/base/namespaces/g/gameserversets/mc/yaml');
  });

  it('throws the Status of a refusal with its causes', async () => {
    const status = {
      kind: 'Status',
      status: 'Failure',
      code: 422,
      reason: 'Invalid',
      message: 'replicas: must not be negative',
      details: { causes: [{ field: 'replicas', message: 'must not be negative' }] },
    };
    const { api } = recorder(422, status);
    const err = await api.scale('g', 'mc', { replicas: -1 }, true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fields).toEqual(['replicas']);
  });
});
