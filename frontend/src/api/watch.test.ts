import { describe, expect, it } from 'vitest';
import type { List } from './types';
import { applyObjectMessage, applyOverviewMessage, applyStreamMessage, applyWatchEvent, objectGone } from './watch';

interface Item {
  namespace: string;
  name: string;
  state: string;
}

const a: Item = { namespace: 'ns', name: 'a', state: 'Ready' };
const b: Item = { namespace: 'ns', name: 'b', state: 'Ready' };
const c: Item = { namespace: 'ns', name: 'c', state: 'Ready' };
const page: List<Item> = { items: [a, b], totalItems: 5 };
const readyOnly = { matches: (i: Item) => i.state === 'Ready' };

describe('applyWatchEvent', () => {
  it('replaces a modified item in place', () => {
    const b2 = { ...b, state: 'Crash' };
    const next = applyWatchEvent(page, { type: 'MODIFIED', object: b2 });
    expect(next.items).toEqual([a, b2]);
    expect(next.totalItems).toBe(5);
    expect(page.items[1]).toBe(b); // the cached page is not mutated
  });

  it('drops an item that no longer matches the filters', () => {
    const next = applyWatchEvent(page, { type: 'MODIFIED', object: { ...a, state: 'Crash' } }, readyOnly);
    expect(next.items).toEqual([b]);
    expect(next.totalItems).toBe(4);
  });

  it('removes a deleted item and counts it', () => {
    const next = applyWatchEvent(page, { type: 'DELETED', object: a });
    expect(next).toEqual({ items: [b], totalItems: 4 });
  });

  it('ignores a deletion it cannot place (another page)', () => {
    expect(applyWatchEvent(page, { type: 'DELETED', object: c })).toBe(page);
  });

  it('appends an added match while the page has room, and counts it', () => {
    expect(applyWatchEvent(page, { type: 'ADDED', object: c }, { limit: 3 })).toEqual({ items: [a, b, c], totalItems: 6 });
  });

  it('only counts an added match when the page is full', () => {
    expect(applyWatchEvent(page, { type: 'ADDED', object: c }, { limit: 2 })).toEqual({ items: [a, b], totalItems: 6 });
  });

  it('ignores an added item that does not match', () => {
    expect(applyWatchEvent(page, { type: 'ADDED', object: { ...c, state: 'Crash' } }, readyOnly)).toBe(page);
  });

  it('ignores MODIFIED of an item not on the page', () => {
    expect(applyWatchEvent(page, { type: 'MODIFIED', object: c })).toBe(page);
  });

  it('returns the same page for BOOKMARK, ERROR and an identical object', () => {
    expect(applyWatchEvent(page, { type: 'BOOKMARK', object: a })).toBe(page);
    expect(applyWatchEvent(page, { type: 'ERROR', object: a })).toBe(page);
    expect(applyWatchEvent(page, { type: 'MODIFIED', object: a })).toBe(page);
  });

  it('uses a custom key', () => {
    const byName = { key: (i: Item) => i.name };
    const next = applyWatchEvent(page, { type: 'DELETED', object: { ...a, namespace: 'other' } }, byName);
    expect(next.items).toEqual([b]);
  });

  it('never counts below zero', () => {
    expect(applyWatchEvent({ items: [a], totalItems: 0 }, { type: 'DELETED', object: a }).totalItems).toBe(0);
  });
});

describe('applyStreamMessage', () => {
  const a = { name: 'a', namespace: 'n', v: 1 };
  const b = { name: 'b', namespace: 'n', v: 1 };
  const page = { items: [a, b], totalItems: 10 };

  it('a snapshot replaces the page, even before the list answered', () => {
    expect(applyStreamMessage(undefined, { type: 'SNAPSHOT', cursor: 1, items: [a], totalItems: 3 })).toEqual({ items: [a], totalItems: 3 });
    expect(applyStreamMessage(undefined, { type: 'MODIFIED', cursor: 2, object: a })).toBeUndefined();
  });

  it('folds object messages and takes the server total', () => {
    const a2 = { ...a, v: 2 };
    expect(applyStreamMessage(page, { type: 'MODIFIED', cursor: 2, object: a2, totalItems: 10 })).toEqual({ items: [a2, b], totalItems: 10 });
    expect(applyStreamMessage(page, { type: 'DELETED', cursor: 3, object: a, totalItems: 9 })).toEqual({ items: [b], totalItems: 9 });
    const c = { name: 'c', namespace: 'n', v: 1 };
    expect(applyStreamMessage(page, { type: 'ADDED', cursor: 4, object: c, totalItems: 11 })).toEqual({ items: [a, b, c], totalItems: 11 });
    // the server says it is on the page: a MODIFIED we lack is placed, not lost
    expect(applyStreamMessage(page, { type: 'MODIFIED', cursor: 5, object: c })?.items).toHaveLength(3);
  });

  it('a bookmark only moves the total; resumed changes nothing', () => {
    expect(applyStreamMessage(page, { type: 'BOOKMARK', cursor: 6, totalItems: 12 })).toEqual({ items: [a, b], totalItems: 12 });
    expect(applyStreamMessage(page, { type: 'RESUMED', cursor: 7 })).toBe(page);
    expect(applyStreamMessage(page, { type: 'BOOKMARK', cursor: 8, totalItems: 10 })).toBe(page);
  });
});

describe('applyOverviewMessage', () => {
  const o1 = { totals: { gameServers: 72 } };
  const o2 = { totals: { gameServers: 73 } };

  it('a snapshot or a modified overview replaces the cached one, even before the fetch answered', () => {
    expect(applyOverviewMessage(undefined, { type: 'SNAPSHOT', cursor: 1, object: o1 })).toBe(o1);
    expect(applyOverviewMessage(o1, { type: 'MODIFIED', cursor: 2, object: o2 })).toBe(o2);
  });

  it('anything else keeps it', () => {
    expect(applyOverviewMessage(o1, { type: 'RESUMED', cursor: 3 })).toBe(o1);
    expect(applyOverviewMessage(o1, { type: 'MODIFIED', cursor: 4 })).toBe(o1);
    expect(applyOverviewMessage(undefined, { type: 'BOOKMARK', cursor: 5 })).toBeUndefined();
  });
});

describe('applyObjectMessage', () => {
  interface Detail {
    view: { name: string; namespace: string; opsState: string };
    object: { kind: string };
    events: string[];
  }
  const lens = { get: (d: Detail) => d.view, set: (d: Detail, view: Detail['view']) => ({ ...d, view }) };
  const view = { name: 'a', namespace: 'n', opsState: 'None' };
  const detail: Detail = { view, object: { kind: 'GameServer' }, events: ['e1'] };

  it('replaces the view from a snapshot or a change and keeps the other parts', () => {
    const v2 = { ...view, opsState: 'Maintaining' };
    const next = applyObjectMessage(detail, { type: 'MODIFIED', cursor: 2, object: v2 }, lens);
    expect(next).toEqual({ ...detail, view: v2 });
    expect(next?.object).toBe(detail.object);
    expect(next?.events).toBe(detail.events);
    expect(applyObjectMessage(detail, { type: 'SNAPSHOT', cursor: 1, items: [v2], totalItems: 1 }, lens)?.view).toBe(v2);
  });

  it('keeps the same detail when the view is equal by value', () => {
    expect(applyObjectMessage(detail, { type: 'SNAPSHOT', cursor: 1, items: [{ ...view }], totalItems: 1 }, lens)).toBe(detail);
    expect(applyObjectMessage(detail, { type: 'MODIFIED', cursor: 2, object: { ...view } }, lens)).toBe(detail);
  });

  it('cannot build a detail from the view alone, and leaves deletions to a refetch', () => {
    expect(applyObjectMessage(undefined, { type: 'SNAPSHOT', cursor: 1, items: [view], totalItems: 1 }, lens)).toBeUndefined();
    expect(applyObjectMessage(detail, { type: 'DELETED', cursor: 3, object: view }, lens)).toBe(detail);
    expect(applyObjectMessage(detail, { type: 'SNAPSHOT', cursor: 4, items: [], totalItems: 0 }, lens)).toBe(detail);
    expect(applyObjectMessage(detail, { type: 'RESUMED', cursor: 5 }, lens)).toBe(detail);
  });

  it('tells when the object is gone', () => {
    expect(objectGone({ type: 'DELETED', cursor: 1, object: view })).toBe(true);
    expect(objectGone({ type: 'SNAPSHOT', cursor: 1, items: [], totalItems: 0 })).toBe(true);
    expect(objectGone({ type: 'SNAPSHOT', cursor: 1, items: [view], totalItems: 1 })).toBe(false);
    expect(objectGone({ type: 'MODIFIED', cursor: 1, object: view })).toBe(false);
  });
});
