import { describe, expect, it } from 'vitest';
import { createApi, dispositionFilename, type Fetcher } from '../../api/client';
import type { HistoryPage } from '../../api/types';
import { namespacedApi } from '../../app/scope';
import { applyHistoryMessage } from './fold';
import { fromLocalInput, hasFilters, initialHistoryState, rangeSince, toLocalInput, receivesAdded, toHistoryQuery, type HistoryState } from './query';
import { summarize } from './summary';
import { buildListQuery } from '../../api/query';
import { entry } from '../../test/history';

const page = (ids: number[], totalItems = ids.length): HistoryPage => ({ items: ids.map((id) => entry(id)), totalItems });

describe('history fold', () => {
  it('a SNAPSHOT replaces the page', () => {
    const next = applyHistoryMessage(page([1]), { type: 'SNAPSHOT', cursor: 1, items: [entry(5), entry(4)], totalItems: 9 }, 20);
    expect(next?.items.map((e) => e.id)).toEqual([5, 4]);
    expect(next?.totalItems).toBe(9);
  });

  it('nothing folds before the first page', () => {
    expect(applyHistoryMessage(undefined, { type: 'ADDED', cursor: 1, object: entry(1) }, 20)).toBeUndefined();
  });

  it('an ADDED entry goes on top, the page keeps its size, the count follows the server', () => {
    const before = page([3, 2, 1], 7);
    const next = applyHistoryMessage(before, { type: 'ADDED', cursor: 2, object: entry(4), totalItems: 8 }, 3);
    expect(next?.items.map((e) => e.id)).toEqual([4, 3, 2]);
    expect(next?.totalItems).toBe(8);
    expect(before.items.map((e) => e.id)).toEqual([3, 2, 1]); // not mutated
  });

  it('an ADDED entry without a count adds one', () => {
    expect(applyHistoryMessage(page([1], 1), { type: 'ADDED', cursor: 2, object: entry(2) }, 20)?.totalItems).toBe(2);
  });

  it('an entry already on the page is not added twice (a resumed stream repeats it)', () => {
    const before = page([2, 1]);
    expect(applyHistoryMessage(before, { type: 'ADDED', cursor: 2, object: entry(2) }, 20)).toBe(before);
  });

  it('a BOOKMARK updates the count only; an unchanged count keeps the page object', () => {
    const before = page([2, 1], 2);
    const next = applyHistoryMessage(before, { type: 'BOOKMARK', cursor: 3, totalItems: 5 }, 20);
    expect(next?.items).toBe(before.items);
    expect(next?.totalItems).toBe(5);
    expect(applyHistoryMessage(before, { type: 'BOOKMARK', cursor: 3, totalItems: 2 }, 20)).toBe(before);
    expect(applyHistoryMessage(before, { type: 'RESUMED', cursor: 3 }, 20)).toBe(before);
  });
});

describe('history filters → query string', () => {
  const qs = (state: HistoryState) => buildListQuery(toHistoryQuery(state));

  it('sends page and limit only by default (newest first is the server default)', () => {
    expect(qs(initialHistoryState())).toBe('page=1&limit=20');
  });

  it('sends every filter by its API name, lists comma-joined, warning only as true', () => {
    const state: HistoryState = {
      page: 2,
      limit: 50,
      filters: {
        change: ['state', 'restart'],
        source: ['console'],
        user: ' alice ',
        warning: true,
        since: '2026-01-01T00:00:00.000Z',
        until: '2026-01-02T00:00:00.000Z',
        kind: 'GameServer',
        gameServerSet: 'arena',
        name: 'arena-1',
        oldestFirst: true,
      },
    };
    expect(qs(state)).toBe(
      'page=2&limit=50&ascending=true&change=state%2Crestart&gameServerSet=arena&kind=GameServer&name=arena-1&since=2026-01-01T00%3A00%3A00.000Z&source=console&until=2026-01-02T00%3A00%3A00.000Z&user=alice&warning=true',
    );
    expect(qs({ ...state, filters: { warning: false, change: [] } })).toBe('page=2&limit=50');
  });

  it('resolves a preset range to since, counted back from now', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    expect(rangeSince('1h', now)).toBe('2026-05-01T11:00:00.000Z');
    expect(rangeSince('7d', now)).toBe('2026-04-24T12:00:00.000Z');
  });

  it('converts a custom range between datetime-local values (local time) and RFC 3339', () => {
    const iso = fromLocalInput('2026-05-01T14:30');
    expect(iso).toBe(new Date(2026, 4, 1, 14, 30).toISOString());
    expect(toLocalInput(iso)).toBe('2026-05-01T14:30');
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });

  it('knows which pages take ADDED entries and whether any filter is set', () => {
    expect(receivesAdded(initialHistoryState())).toBe(true);
    expect(receivesAdded({ ...initialHistoryState(), page: 2 })).toBe(false);
    expect(receivesAdded({ ...initialHistoryState(), filters: { oldestFirst: true } })).toBe(false);
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ change: [], warning: false, user: '' })).toBe(false);
    expect(hasFilters({ user: 'alice' })).toBe(true);
  });
});

describe('history paths', () => {
  it('a server, a set, a namespace and every namespace; streams and CSV with the same query', async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const fetcher: Fetcher = async (url, init) => {
      seen.push({ url, init });
      if (url.includes('format=csv')) {
        return new Response('id,time\n1,x\n', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="history-game-20260101.csv"' } });
      }
      return new Response(JSON.stringify({ items: [], totalItems: 0 }), { status: 200 });
    };
    const api = createApi('/base', fetcher);
    const q = { page: 1, limit: 20, filters: { change: ['restart'] } };
    await api.getHistory?.({ namespace: 'game', gameServer: 'arena-1' }, q);
    await api.getHistory?.({ namespace: 'game', gameServerSet: 'arena' }, q);
    await api.getHistory?.({ namespace: 'game' }, q);
    await api.getHistory?.({}, q);
    expect(seen.map((s) => s.url)).toEqual([
      '/base/namespaces/game/gameservers/arena-1/history?page=1&limit=20&change=restart',
      '/base/namespaces/game/gameserversets/arena/history?page=1&limit=20&change=restart',
      '/base/namespaces/game/history?page=1&limit=20&change=restart',
      '/base/history?page=1&limit=20&change=restart',
    ]);
    expect(api.historyWatchPath?.({ namespace: 'game' }, q)).toBe('/base/namespaces/game/history?page=1&limit=20&change=restart&watch=true');
    const csv = await api.downloadHistoryCsv?.({ namespace: 'game' }, q);
    expect(seen[4].url).toBe('/base/namespaces/game/history?change=restart&format=csv');
    expect(seen[4].init?.credentials).toBe('same-origin');
    expect(csv?.filename).toBe('history-game-20260101.csv');
    expect(await csv?.blob.text()).toBe('id,time\n1,x\n');
  });

  it('a project scope confines every history call to its namespace', async () => {
    const seen: string[] = [];
    const api = namespacedApi(
      createApi('/base', async (url) => {
        seen.push(url);
        return new Response(JSON.stringify({ items: [], totalItems: 0 }), { status: 200 });
      }),
      'mine',
    );
    await api.getHistory?.({}, {});
    await api.getHistory?.({ namespace: 'other', gameServer: 'x' }, {});
    expect(seen).toEqual(['/base/namespaces/mine/history', '/base/namespaces/mine/gameservers/x/history']);
    expect(api.historyWatchPath?.({}, {})).toBe('/base/namespaces/mine/history?watch=true');
  });

  it('reads the file name of a Content-Disposition', () => {
    expect(dispositionFilename('attachment; filename="a b.csv"', 'x.csv')).toBe('a b.csv');
    expect(dispositionFilename(null, 'x.csv')).toBe('x.csv');
  });
});

describe('crash summary', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

  it('counts restarts (by how much the count went up), crashes and warnings per hour and day', () => {
    const s = summarize(
      [
        entry(1, { change: 'restart', old: '0', new: '2', warning: true, time: at(10) }),
        entry(2, { change: 'restart', old: '2', new: '3', warning: true, time: at(30) }),
        entry(3, { change: 'state', old: 'Ready', new: 'Crash', warning: true, time: at(50) }),
        entry(4, { change: 'restart', old: '3', new: '4', warning: true, time: at(120) }),
        entry(5, { change: 'event', action: 'BackOff', warning: true, time: at(300) }),
        entry(6, { change: 'restart', old: '0', new: '9', warning: true, time: at(60 * 30) }), // older than a day
      ],
      now,
    );
    expect(s.restarts).toEqual({ hour: 3, day: 4 });
    expect(s.crashes).toEqual({ hour: 1, day: 1 });
    expect(s.warnings).toEqual({ hour: 3, day: 5 });
    expect(s.crashLoop).toBe(true);
    expect(s.looping).toEqual(['game/arena-1']);
  });

  it('names each crash-looping server: trouble spread over a set is no crash loop', () => {
    const s = summarize(
      [
        entry(1, { name: 'a', change: 'restart', old: '0', new: '1', warning: true, time: at(1) }),
        entry(2, { name: 'b', change: 'restart', old: '0', new: '1', warning: true, time: at(2) }),
        entry(3, { name: 'c', change: 'restart', old: '0', new: '1', warning: true, time: at(3) }),
        entry(4, { name: 'd', change: 'restart', old: '0', new: '5', warning: true, time: at(4) }),
        entry(5, { name: 'e', change: 'restart', old: '0', new: '3', warning: true, time: at(5) }),
      ],
      now,
    );
    expect(s.restarts.hour).toBe(11);
    expect(s.looping).toEqual(['game/d', 'game/e']);
  });

  it('is no crash loop below the threshold', () => {
    const s = summarize([entry(1, { change: 'restart', old: '0', new: '1', warning: true, time: at(5) })], now);
    expect(s.crashLoop).toBe(false);
  });
});
