import { describe, expect, it } from 'vitest';
import { createApi, kubesphereApiBase, STANDALONE_API_BASE, type Fetcher } from './client';
import { ApiError, isNotFound, parseErrorBody } from './errors';

function fakeFetch(status: number, body: unknown, seen: string[] = []): Fetcher {
  return async (url) => {
    seen.push(url);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      statusText: status === 200 ? 'OK' : 'Error',
    });
  };
}

describe('api client', () => {
  it('builds both bases', () => {
    expect(STANDALONE_API_BASE).toBe('/kapis/okgconsole.kubesphere.io/v1alpha1');
    expect(kubesphereApiBase('host')).toBe('/clusters/host/kapis/okgconsole.kubesphere.io/v1alpha1');
  });

  it('lists cluster-wide or in a namespace with the list query', async () => {
    const seen: string[] = [];
    const api = createApi('/base', fakeFetch(200, { items: [], totalItems: 0 }, seen));
    await api.listGameServers({ page: 2, limit: 10, filters: { state: ['Ready'] } });
    await api.listGameServers({}, 'game ns');
    await api.getGameServerSet('ns', 'mc');
    await api.getOverview();
    expect(seen).toEqual([
      '/base/gameservers?page=2&limit=10&state=Ready',
      '/base/namespaces/game%20ns/gameservers',
      '/base/namespaces/ns/gameserversets/mc',
      '/base/overview',
    ]);
  });

  it('builds the stream paths: lists with their query, the overview, one object', () => {
    const api = createApi('/base');
    expect(api.watchPath?.('gameserversets', { page: 2, limit: 10 }, 'ns')).toBe('/base/namespaces/ns/gameserversets?page=2&limit=10&watch=true');
    expect(api.watchPath?.('gameservers', {})).toBe('/base/gameservers?watch=true');
    expect(api.overviewWatchPath?.()).toBe('/base/overview?watch=true');
    expect(api.overviewWatchPath?.('game ns')).toBe('/base/namespaces/game%20ns/overview?watch=true');
    expect(api.objectWatchPath?.('gameservers', 'ns', 'a-1')).toBe('/base/namespaces/ns/gameservers/a-1?watch=true');
    expect(api.objectWatchPath?.('gameserversets', 'ns', 'mc')).toBe('/base/namespaces/ns/gameserversets/mc?watch=true');
  });

  it('turns a metav1.Status body into an ApiError with its message', async () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 400,
      reason: 'BadRequest',
      message: 'ids: "9-7" is not a range',
      details: { causes: [{ field: 'ids', message: 'bad' }] },
    };
    const api = createApi('', fakeFetch(400, status));
    const err = await api.listGameServers({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('ids: "9-7" is not a range');
    expect((err as ApiError).code).toBe(400);
    expect((err as ApiError).fields).toEqual(['ids']);
  });

  it('keeps a 404 a 404', async () => {
    const api = createApi('', fakeFetch(404, { kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'gone' }));
    const err = await api.getGameServer('ns', 'x').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
  });

  it('survives a body that is not a Status', () => {
    expect(parseErrorBody(502, 'Bad Gateway', '<html>proxy</html>').message).toBe('Bad Gateway');
    expect(parseErrorBody(500, '', 'plain failure').message).toBe('plain failure');
    expect(parseErrorBody(503, '', '').message).toBe('HTTP 503');
  });
});
