import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { List } from '../api/types';
import { applyStreamMessage, type StreamMessage } from '../api/watch';

/** live: the websocket is open; connecting: opening or reopening it; polling: no stream, refetch every POLL_MS. */
export type LiveState = 'live' | 'connecting' | 'polling';

/** How often a list without a stream is refetched. */
export const POLL_MS = 3000;

/** The subprotocol the stream selects (backend/internal/stream: browsers refuse an upgrade that selects none). */
export const STREAM_PROTOCOL = 'okgconsole.v1';

/** ws(s)://host/path for a same-origin path. */
export function wsUrl(path: string, loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

/** Delay before reconnect attempt n (0-based): 1 s, 2 s, 4 s … at most 30 s. */
export function backoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

/**
 * Keeps the cached page under `queryKey` live through the list's websocket stream at `path`
 * (list query + watch=true): SNAPSHOT replaces the page, object messages fold into it. On a
 * drop it reconnects with resume=<last cursor>. Returns the connection state; callers poll
 * while it is not "live". No path (no stream) means polling.
 */
export function useLiveList<T>(queryKey: QueryKey, path: string | undefined, enabled = true): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>(path && enabled ? 'connecting' : 'polling');
  const keyJson = JSON.stringify(queryKey);

  useEffect(() => {
    if (!path || !enabled || typeof WebSocket === 'undefined') {
      setState('polling');
      return undefined;
    }
    const key = JSON.parse(keyJson) as QueryKey;
    let ws: WebSocket | null = null;
    let cursor: number | undefined;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      setState(attempt === 0 ? 'connecting' : 'polling');
      const url = wsUrl(cursor === undefined ? path : `${path}&resume=${cursor}`);
      try {
        ws = new WebSocket(url, [STREAM_PROTOCOL]);
      } catch {
        retry();
        return;
      }
      ws.onopen = () => {
        attempt = 0;
        setState('live');
      };
      ws.onmessage = (ev: MessageEvent) => {
        let msg: StreamMessage<T>;
        try {
          msg = JSON.parse(String(ev.data)) as StreamMessage<T>;
        } catch {
          return;
        }
        if (typeof msg.cursor === 'number') cursor = msg.cursor;
        const prev = client.getQueryData<List<T>>(key);
        const next = applyStreamMessage(prev, msg);
        if (next && next !== prev) client.setQueryData(key, next);
      };
      ws.onclose = () => {
        ws = null;
        if (!stopped) retry();
      };
    };
    const retry = () => {
      setState('polling');
      timer = setTimeout(connect, backoff(attempt));
      attempt += 1;
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (ws) {
        ws.onclose = null;
        ws.onmessage = null;
        ws.close();
      }
    };
  }, [client, keyJson, path, enabled]);

  return state;
}
