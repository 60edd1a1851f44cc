import { describe, expect, it } from 'vitest';
import { buildListQuery, withQuery } from './query';

describe('buildListQuery', () => {
  it('is empty for an empty query', () => {
    expect(buildListQuery({})).toBe('');
  });

  it('writes paging, sort and selector in contract order', () => {
    expect(buildListQuery({ page: 2, limit: 20, sortBy: 'id', ascending: false, labelSelector: 'app=game' })).toBe(
      'page=2&limit=20&sortBy=id&ascending=false&labelSelector=app%3Dgame',
    );
  });

  it('keeps ascending=true explicit and drops non-positive paging', () => {
    expect(buildListQuery({ page: 0, limit: -1, ascending: true })).toBe('ascending=true');
  });

  it('joins multi-value filters with commas, sorts filter keys and drops empty ones', () => {
    const q = buildListQuery({
      filters: { state: ['Ready', ' Crash ', ''], opsState: [], name: '  mc ', ids: '1,3,7-9', node: undefined },
    });
    expect(q).toBe('ids=1%2C3%2C7-9&name=mc&state=Ready%2CCrash');
    expect(new URLSearchParams(q).get('state')).toBe('Ready,Crash');
  });

  it('gives equal strings for equal queries whatever the key order', () => {
    const a = buildListQuery({ filters: { b: '1', a: '2' } });
    const b = buildListQuery({ filters: { a: '2', b: '1' } });
    expect(a).toBe(b);
  });

  it('trims a blank label selector away', () => {
    expect(buildListQuery({ labelSelector: '   ' })).toBe('');
  });

  it('appends a query to a path only when there is one', () => {
    expect(withQuery('/gameservers', '')).toBe('/gameservers');
    expect(withQuery('/gameservers', 'page=2')).toBe('/gameservers?page=2');
  });
});
