import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { List } from '../api/types';
import { applyObjectMessage, applyStreamMessage, objectGone, type DetailLens, type StreamMessage } from '../api/watch';
import { throttle } from '../utils/throttle';

/** live: the websocket is open; connecting: opening or reopening it; polling: no stream, refetch every POLL_MS. */
export type LiveState = 'live' | 'connecting' | 'polling';

/** How often a list without a stream is refetched. */
export const POLL_MS = 3000;

/** A live detail refetches its other parts (raw object, pod, events) at most this often. */
export const DETAIL_REFETCH_MS = 1000;

/** The subprotocol the stream selects (backend/internal/stream: browsers refuse an upgrade that selects none). */
export const STREAM_PROTOCOL = 'okgconsole.v1';

/**
 * Where a stream's ticket comes from, if anywhere: resolves to the subprotocol that carries
 * it ("okgconsole.ticket.<ticket>"). Behind ks-apiserver the backend cannot tell the console's
 * own handshakes from another site's (Chromium sends no Sec-Fetch-Site on websockets), so the
 * KubeSphere entry fetches a ticket before each connect; standalone needs none.
 */
export type StreamTicketSource = (streamPath: string) => Promise<string | undefined>;

let ticketSource: StreamTicketSource | undefined;

/** Sets (or, with undefined, clears) where streams get their tickets. */
export function setStreamTicketSource(source: StreamTicketSource | undefined): void {
  ticketSource = source;
}

/** ws(s)://host/path for a same-origin path. */
export function wsUrl(path: string, loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

/** Delay before reconnect attempt n (0-based): 1 s, 2 s, 4 s … at most 30 s. */
export function backoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

/** Folds one stream message into the cached data of the subscribed query; returns `prev` itself when nothing changed. */
export type StreamFold<D, M> = (prev: D | undefined, msg: StreamMessage<M>) => D | undefined;

/** Called after each message is folded; `changed` says whether the cached data was replaced. */
export type StreamListener<M> = (msg: StreamMessage<M>, changed: boolean) => void;

/** What a stream connection reports: each parsed message, and its state as it changes. */
export interface StreamHandlers<M> {
  onMessage: (msg: StreamMessage<M>) => void;
  onState: (state: LiveState) => void;
}

/**
 * Opens the websocket stream at `path` (the resource's path + watch=true) with a ticket when the
 * host needs one; on a drop it reconnects with resume=<last cursor>, backing off. Returns stop().
 */
export function connectStream<M>(path: string, handlers: StreamHandlers<M>): () => void {
  let ws: WebSocket | null = null;
  let cursor: number | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = () => {
    handlers.onState(attempt === 0 ? 'connecting' : 'polling');
    if (ticketSource) {
      ticketSource(path).then(open, () => open(undefined));
    } else {
      open(undefined);
    }
  };
  const open = (ticketProtocol: string | undefined) => {
    if (stopped) return;
    const url = wsUrl(cursor === undefined ? path : `${path}${path.includes('?') ? '&' : '?'}resume=${cursor}`);
    try {
      ws = new WebSocket(url, ticketProtocol ? [STREAM_PROTOCOL, ticketProtocol] : [STREAM_PROTOCOL]);
    } catch {
      retry();
      return;
    }
    ws.onopen = () => {
      attempt = 0;
      handlers.onState('live');
    };
    ws.onmessage = (ev: MessageEvent) => {
      let msg: StreamMessage<M>;
      try {
        msg = JSON.parse(String(ev.data)) as StreamMessage<M>;
      } catch {
        return;
      }
      if (typeof msg.cursor === 'number') cursor = msg.cursor;
      handlers.onMessage(msg);
    };
    ws.onclose = () => {
      ws = null;
      if (!stopped) retry();
    };
  };
  const retry = () => {
    handlers.onState('polling');
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
}

/**
 * Keeps the cached data under `queryKey` live through the websocket stream at `path` (the
 * resource's path + watch=true): every message goes through `fold` (SNAPSHOT replaces, object
 * messages fold in). On a drop it reconnects with resume=<last cursor>, backing off. Returns the
 * connection state; callers poll while it is not "live". No path (no stream) means polling.
 * `fold` and `onMessage` may change between renders without reconnecting.
 */
export function useLiveStream<D, M>(
  queryKey: QueryKey,
  path: string | undefined,
  fold: StreamFold<D, M>,
  enabled = true,
  onMessage?: StreamListener<M>,
): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>(path && enabled ? 'connecting' : 'polling');
  const keyJson = JSON.stringify(queryKey);
  const handlers = useRef({ fold, onMessage });
  handlers.current = { fold, onMessage };

  useEffect(() => {
    if (!path || !enabled || typeof WebSocket === 'undefined') {
      setState('polling');
      return undefined;
    }
    const key = JSON.parse(keyJson) as QueryKey;
    return connectStream<M>(path, {
      onState: setState,
      onMessage: (msg) => {
        const prev = client.getQueryData<D>(key);
        const next = handlers.current.fold(prev, msg);
        const changed = next !== undefined && next !== prev;
        if (changed) client.setQueryData(key, next);
        handlers.current.onMessage?.(msg, changed);
      },
    });
  }, [client, keyJson, path, enabled]);

  return state;
}

/**
 * One stream per entry of `paths` (e.g. one per cluster), opened and closed as the entries
 * change; `onMessage` gets each message with its entry's key. Returns each entry's state.
 */
export function useStreams<M>(paths: Record<string, string>, onMessage: (key: string, msg: StreamMessage<M>) => void): Record<string, LiveState> {
  const [states, setStates] = useState<Record<string, LiveState>>({});
  const pathsJson = JSON.stringify(paths);
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    const entries = Object.entries(JSON.parse(pathsJson) as Record<string, string>);
    if (typeof WebSocket === 'undefined') {
      setStates(Object.fromEntries(entries.map(([k]) => [k, 'polling' as const])));
      return undefined;
    }
    setStates(Object.fromEntries(entries.map(([k]) => [k, 'connecting' as const])));
    const stops = entries.map(([key, path]) =>
      connectStream<M>(path, {
        onState: (state) => setStates((prev) => (prev[key] === state ? prev : { ...prev, [key]: state })),
        onMessage: (msg) => handler.current(key, msg),
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [pathsJson]);

  return states;
}

/**
 * Keeps the cached page of a list query live through its stream (list query + watch=true):
 * SNAPSHOT replaces the page, ADDED/MODIFIED/DELETED/BOOKMARK fold into it.
 */
export function useLiveList<T>(queryKey: QueryKey, path: string | undefined, enabled = true): LiveState {
  return useLiveStream<List<T>, T>(queryKey, path, applyStreamMessage, enabled);
}

/**
 * Keeps a cached detail live through its object's one-object stream (`…/{name}?watch=true`):
 * the view inside it (`lens`) is replaced from each message; since the stream carries the view
 * only, a message that changed it (or says the object is gone) also refetches the detail,
 * throttled to once per DETAIL_REFETCH_MS, for the parts the stream does not carry.
 */
export function useLiveDetail<D, V>(queryKey: QueryKey, path: string | undefined, lens: DetailLens<D, V>, enabled = true): LiveState {
  const client = useQueryClient();
  const keyJson = JSON.stringify(queryKey);
  const refetch = useMemo(
    () => throttle(() => void client.invalidateQueries({ queryKey: JSON.parse(keyJson) as QueryKey, exact: true }), DETAIL_REFETCH_MS),
    [client, keyJson],
  );
  useEffect(() => () => refetch.cancel(), [refetch]);
  return useLiveStream<D, V>(
    queryKey,
    path,
    (prev, msg) => applyObjectMessage(prev, msg, lens),
    enabled,
    (msg, changed) => {
      if (changed || objectGone(msg)) refetch();
    },
  );
}
