import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { foldIntoCache } from './cache';
import { okgKeys } from './keys';
import type { List } from './types';

interface Item {
  namespace: string;
  name: string;
}

describe('foldIntoCache', () => {
  it('reaches every cached page of the resource through one key prefix, and nothing else', () => {
    const client = new QueryClient();
    const a = { namespace: 'game', name: 'a' };
    const kAll = okgKeys.list('/api', 'gameservers', '', { page: 1, limit: 2 });
    const kNs = okgKeys.list('/api', 'gameservers', 'other', { page: 1, limit: 2 });
    const kSets = okgKeys.list('/api', 'gameserversets', '', { page: 1 });
    client.setQueryData<List<Item>>(kAll, { items: [a], totalItems: 1 });
    client.setQueryData<List<Item>>(kNs, { items: [], totalItems: 0 });
    client.setQueryData<List<Item>>(kSets, { items: [], totalItems: 0 });

    foldIntoCache<Item>(client, '/api', 'gameservers', { type: 'ADDED', object: { namespace: 'game', name: 'b' } });
    expect(client.getQueryData<List<Item>>(kAll)?.items.map((i) => i.name)).toEqual(['a', 'b']);
    expect(client.getQueryData<List<Item>>(kNs)?.totalItems).toBe(0); // other namespace: not a match
    expect(client.getQueryData<List<Item>>(kSets)?.totalItems).toBe(0);

    foldIntoCache<Item>(client, '/api', 'gameservers', { type: 'DELETED', object: a });
    expect(client.getQueryData<List<Item>>(kAll)).toEqual({ items: [{ namespace: 'game', name: 'b' }], totalItems: 1 });
  });
});
