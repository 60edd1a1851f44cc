import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { List } from '../api/types';
import { applyOverviewMessage } from '../api/watch';
import { backoff, DETAIL_REFETCH_MS, setStreamTicketSource, STREAM_PROTOCOL, useLiveDetail, useLiveList, useLiveStream, wsUrl, type LiveState } from './useLive';

class FakeSocket {
  static last: FakeSocket | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.last = this;
  }
  close() {
    this.closed = true;
  }
}

describe('live lists', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('offers the ticket its source gives for each connect, and connects without one when fetching it fails', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const asked: string[] = [];
    let fail = false;
    setStreamTicketSource(async (path) => {
      asked.push(path);
      if (fail) throw new Error('offline');
      return `okgconsole.ticket.t${asked.length}`;
    });
    try {
      const client = new QueryClient();
      function Probe() {
        useLiveList(['k'], '/b/namespaces/n/gameservers?watch=true');
        return null;
      }
      const r = render(
        <QueryClientProvider client={client}>
          <Probe />
        </QueryClientProvider>,
      );
      await act(async () => undefined);
      expect(asked).toEqual(['/b/namespaces/n/gameservers?watch=true']);
      expect((FakeSocket.last as FakeSocket).protocols).toEqual([STREAM_PROTOCOL, 'okgconsole.ticket.t1']);
      r.unmount();
      fail = true;
      const r2 = render(
        <QueryClientProvider client={client}>
          <Probe />
        </QueryClientProvider>,
      );
      await act(async () => undefined);
      expect((FakeSocket.last as FakeSocket).protocols).toEqual([STREAM_PROTOCOL]);
      r2.unmount();
    } finally {
      setStreamTicketSource(undefined);
    }
  });

  it('builds ws URLs and backs off', () => {
    expect(wsUrl('/kapis/x?watch=true', { protocol: 'https:', host: 'h:1' })).toBe('wss://h:1/kapis/x?watch=true');
    expect(wsUrl('/p', { protocol: 'http:', host: 'h' })).toBe('ws://h/p');
    expect([0, 1, 2, 5, 9].map(backoff)).toEqual([1000, 2000, 4000, 30000, 30000]);
  });

  it('folds stream messages into the cached page, reports state and resumes after a drop', () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const client = new QueryClient();
    const key = ['okg', '/b', 'gameservers', 'list', { namespace: '' }];
    const states: LiveState[] = [];
    function Probe() {
      states.push(useLiveList(key, '/b/gameservers?watch=true'));
      return null;
    }
    const r = render(
      <QueryClientProvider client={client}>
        <Probe />
      </QueryClientProvider>,
    );
    const ws = FakeSocket.last as FakeSocket;
    expect(ws.protocols).toEqual([STREAM_PROTOCOL]);
    expect(ws.url).toMatch(/^ws:\/\/.*\/b\/gameservers\?watch=true$/);
    act(() => ws.onopen?.());
    expect(states.at(-1)).toBe('live');
    const a = { name: 'a', namespace: 'n', opsState: 'None' };
    act(() => ws.onmessage?.({ data: JSON.stringify({ type: 'SNAPSHOT', cursor: 5, items: [a], totalItems: 1 }) }));
    act(() => ws.onmessage?.({ data: JSON.stringify({ type: 'MODIFIED', cursor: 6, object: { ...a, opsState: 'Maintaining' } }) }));
    expect(client.getQueryData<List<typeof a>>(key)).toEqual({ items: [{ ...a, opsState: 'Maintaining' }], totalItems: 1 });

    act(() => ws.onclose?.());
    expect(states.at(-1)).toBe('polling');
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect((FakeSocket.last as FakeSocket).url).toMatch(/watch=true&resume=6$/);
    r.unmount();
    expect((FakeSocket.last as FakeSocket).closed).toBe(true);
  });

  it('keeps the overview live: snapshot and modified replace it; resume on a path without a query', () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const client = new QueryClient();
    const key = ['okg', '/b', 'overview', ''];
    let state: LiveState | undefined;
    function Probe() {
      state = useLiveStream(key, '/b/overview?watch=true', applyOverviewMessage);
      return null;
    }
    render(
      <QueryClientProvider client={client}>
        <Probe />
      </QueryClientProvider>,
    );
    const ws = FakeSocket.last as FakeSocket;
    act(() => ws.onopen?.());
    expect(state).toBe('live');
    act(() => ws.onmessage?.({ data: JSON.stringify({ type: 'SNAPSHOT', cursor: 1, object: { totals: { gameServers: 72 } } }) }));
    expect(client.getQueryData(key)).toEqual({ totals: { gameServers: 72 } });
    act(() => ws.onmessage?.({ data: JSON.stringify({ type: 'MODIFIED', cursor: 2, object: { totals: { gameServers: 73 } } }) }));
    expect(client.getQueryData(key)).toEqual({ totals: { gameServers: 73 } });
    act(() => ws.onclose?.());
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect((FakeSocket.last as FakeSocket).url).toMatch(/\/b\/overview\?watch=true&resume=2$/);
  });

  it('keeps a detail live: folds the view, refetches the rest throttled, and when the object goes', () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const client = new QueryClient();
    const refetch = vi.spyOn(client, 'invalidateQueries').mockResolvedValue(undefined);
    const key = ['okg', '/b', 'gameservers', 'detail', 'n', 'a'];
    const view = { name: 'a', namespace: 'n', opsState: 'None' };
    const detail = { gameServer: view, object: { kind: 'GameServer' }, events: [] as string[] };
    client.setQueryData(key, detail);
    const lens = { get: (d: typeof detail) => d.gameServer, set: (d: typeof detail, gameServer: typeof view) => ({ ...d, gameServer }) };
    function Probe() {
      useLiveDetail(key, '/b/namespaces/n/gameservers/a?watch=true', lens);
      return null;
    }
    const r = render(
      <QueryClientProvider client={client}>
        <Probe />
      </QueryClientProvider>,
    );
    const ws = FakeSocket.last as FakeSocket;
    const send = (msg: object) => act(() => ws.onmessage?.({ data: JSON.stringify(msg) }));
    act(() => ws.onopen?.());
    // the snapshot matches what was fetched: nothing to do
    send({ type: 'SNAPSHOT', cursor: 1, items: [view], totalItems: 1 });
    expect(client.getQueryData(key)).toBe(detail);
    expect(refetch).not.toHaveBeenCalled();

    send({ type: 'MODIFIED', cursor: 2, object: { ...view, opsState: 'Maintaining' } });
    expect(client.getQueryData<typeof detail>(key)?.gameServer.opsState).toBe('Maintaining');
    expect(client.getQueryData<typeof detail>(key)?.object).toBe(detail.object);
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(refetch).toHaveBeenLastCalledWith({ queryKey: key, exact: true });

    // a burst within the window collapses into one trailing refetch
    send({ type: 'MODIFIED', cursor: 3, object: { ...view, opsState: 'Allocated' } });
    send({ type: 'MODIFIED', cursor: 4, object: { ...view, opsState: 'Kill' } });
    expect(refetch).toHaveBeenCalledTimes(1);
    act(() => {
      vi.advanceTimersByTime(DETAIL_REFETCH_MS);
    });
    expect(refetch).toHaveBeenCalledTimes(2);

    act(() => {
      vi.advanceTimersByTime(DETAIL_REFETCH_MS);
    });
    send({ type: 'DELETED', cursor: 5, object: { ...view, opsState: 'Kill' } });
    expect(refetch).toHaveBeenCalledTimes(3);

    // nothing pending fires after unmount
    send({ type: 'MODIFIED', cursor: 6, object: { ...view, opsState: 'None' } });
    r.unmount();
    act(() => {
      vi.advanceTimersByTime(DETAIL_REFETCH_MS * 2);
    });
    expect(refetch).toHaveBeenCalledTimes(3);
    expect(ws.closed).toBe(true);
  });

  it('polls when there is no stream', () => {
    const client = new QueryClient();
    let state: LiveState | undefined;
    function Probe() {
      state = useLiveList(['k'], undefined);
      return null;
    }
    render(
      <QueryClientProvider client={client}>
        <Probe />
      </QueryClientProvider>,
    );
    expect(state).toBe('polling');
  });
});
