import type { List, WatchEvent } from './types';

export interface FoldOptions<T> {
  /** identity of an item; default namespace/name */
  key?: (item: T) => string;
  /** whether the item belongs to this list's query (filters); default: always */
  matches?: (item: T) => boolean;
  /** page size: an added match is appended only while the page has room */
  limit?: number;
}

interface Named {
  name: string;
  namespace: string;
}

const defaultKey = (item: unknown): string => {
  const n = item as Named;
  return `${n.namespace}/${n.name}`;
};

/**
 * Folds one watch event into a cached page of a list and returns the new page, or the same
 * object when nothing changed (so react-query keeps its reference and nobody re-renders).
 *
 * - MODIFIED/ADDED of an item on the page: replaced in place; dropped if it no longer matches.
 * - ADDED of an item not on the page that matches: counted in totalItems, appended if the page
 *   has room (the server's order decides the rest on the next refetch).
 * - DELETED of an item on the page: removed, totalItems - 1.
 * - Anything we cannot place (MODIFIED or DELETED of an item not on this page, which may sit on
 *   another page; BOOKMARK; ERROR): unchanged; the caller refetches if it must be exact.
 */
export function applyWatchEvent<T>(list: List<T>, event: WatchEvent<T>, options: FoldOptions<T> = {}): List<T> {
  const key = options.key ?? defaultKey;
  const matches = options.matches ?? (() => true);
  if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return list;
  const id = key(event.object);
  const index = list.items.findIndex((item) => key(item) === id);

  if (event.type === 'DELETED') {
    if (index < 0) return list;
    return {
      items: list.items.filter((_, i) => i !== index),
      totalItems: Math.max(0, list.totalItems - 1),
    };
  }

  const belongs = matches(event.object);
  if (index >= 0) {
    if (!belongs) {
      return {
        items: list.items.filter((_, i) => i !== index),
        totalItems: Math.max(0, list.totalItems - 1),
      };
    }
    if (list.items[index] === event.object) return list;
    const items = list.items.slice();
    items[index] = event.object;
    return { items, totalItems: list.totalItems };
  }

  if (event.type !== 'ADDED' || !belongs) return list;
  const room = options.limit === undefined || list.items.length < options.limit;
  return {
    items: room ? [...list.items, event.object] : list.items,
    totalItems: list.totalItems + 1,
  };
}

/** One message of a list stream (backend/internal/stream/messages.go). */
export interface StreamMessage<T> {
  type: 'SNAPSHOT' | 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'RESUMED';
  cursor: number;
  resourceVersion?: string;
  object?: T;
  items?: T[];
  /** every match before paging, after this message */
  totalItems?: number;
}

/**
 * Folds a stream message into the cached page of the query it was subscribed with. The server
 * tracks that page, so ADDED/DELETED mean "entered/left this page" and totalItems is its count.
 * Returns `list` itself when nothing changed; undefined stays undefined until a SNAPSHOT.
 */
export function applyStreamMessage<T>(list: List<T> | undefined, msg: StreamMessage<T>): List<T> | undefined {
  if (msg.type === 'SNAPSHOT') return { items: msg.items ?? [], totalItems: msg.totalItems ?? (msg.items ?? []).length };
  if (!list) return list;
  let next = list;
  if ((msg.type === 'ADDED' || msg.type === 'MODIFIED' || msg.type === 'DELETED') && msg.object) {
    next = applyWatchEvent(list, { type: msg.type === 'MODIFIED' ? 'MODIFIED' : msg.type, object: msg.object });
    if (msg.type === 'MODIFIED' && next === list) next = applyWatchEvent(list, { type: 'ADDED', object: msg.object });
  }
  if (msg.totalItems !== undefined && msg.totalItems !== next.totalItems) next = { items: next.items, totalItems: msg.totalItems };
  return next;
}

/**
 * Folds a message of the overview stream: SNAPSHOT and MODIFIED carry a whole fresh overview
 * in `object`, which replaces the cached one; anything else leaves it as it is.
 */
export function applyOverviewMessage<O>(overview: O | undefined, msg: StreamMessage<O>): O | undefined {
  if ((msg.type === 'SNAPSHOT' || msg.type === 'MODIFIED') && msg.object !== undefined) return msg.object;
  return overview;
}

/** Where the stream's view sits inside a cached detail (the detail also has parts the stream does not carry). */
export interface DetailLens<D, V> {
  get: (detail: D) => V;
  set: (detail: D, view: V) => D;
}

/**
 * Folds a message of a one-object stream (a watch of `…/{name}`: SNAPSHOT of that one item, then
 * MODIFIED/DELETED of it) into the cached detail: the view is replaced, the rest of the detail
 * kept. Returns `detail` itself when the view is unchanged (compared by value), when there is no
 * detail yet (the stream cannot make one: the first fetch does), and for DELETED, an empty
 * SNAPSHOT, BOOKMARK and RESUMED (the caller refetches to learn that the object is gone).
 */
export function applyObjectMessage<D, V>(detail: D | undefined, msg: StreamMessage<V>, lens: DetailLens<D, V>): D | undefined {
  if (detail === undefined) return detail;
  let view: V | undefined;
  if (msg.type === 'SNAPSHOT') view = msg.items?.[0];
  else if (msg.type === 'MODIFIED' || msg.type === 'ADDED') view = msg.object;
  if (view === undefined) return detail;
  const prev = lens.get(detail);
  if (prev === view || JSON.stringify(prev) === JSON.stringify(view)) return detail;
  return lens.set(detail, view);
}

/** Whether a one-object stream message says the object is gone (so the detail must be refetched). */
export function objectGone<V>(msg: StreamMessage<V>): boolean {
  return msg.type === 'DELETED' || (msg.type === 'SNAPSHOT' && !msg.items?.length);
}
