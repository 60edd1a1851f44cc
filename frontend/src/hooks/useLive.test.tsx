import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { List } from '../api/types';
import { backoff, STREAM_PROTOCOL, useLiveList, wsUrl, type LiveState } from './useLive';

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
