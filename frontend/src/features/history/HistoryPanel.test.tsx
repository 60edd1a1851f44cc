import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';
import type { HistoryTarget } from '../../api/client';
import { buildListQuery } from '../../api/query';
import type { HistoryPage, ListQuery } from '../../api/types';
import { entry } from '../../test/history';
import { fakeApi, renderWithHost } from '../../test/render';
import { HistoryPanel } from './HistoryPanel';

function setup(target: HistoryTarget, answer: (q: ListQuery) => HistoryPage | Promise<HistoryPage>) {
  const calls: { target: HistoryTarget; qs: string }[] = [];
  const api = fakeApi({
    getHistory: async (t, q) => {
      calls.push({ target: t, qs: buildListQuery(q) });
      return answer(q);
    },
  });
  return { calls, ...renderWithHost(<HistoryPanel target={target} summary feed />, { api }) };
}

const pageCalls = (calls: { qs: string }[]) => calls.filter((c) => !c.qs.includes('limit=1000'));

describe('HistoryPanel', () => {
  it('shows a page, the crash summary from the last day\'s warnings, and sends filters and paging as the list contract', async () => {
    const crash = [
      entry(3, { change: 'restart', old: '1', new: '2', warning: true }),
      entry(2, { change: 'restart', old: '0', new: '1', warning: true }),
      entry(1, { change: 'state', old: 'Ready', new: 'Crash', warning: true }),
    ];
    const { calls } = setup({ namespace: 'game' }, (q) =>
      q.limit === 1000 ? { items: crash, totalItems: 3 } : { items: [entry(10), entry(9)], totalItems: 45 },
    );
    await screen.findAllByTestId('history-entry');
    const summary = await screen.findByTestId('history-summary');
    expect(summary.getAttribute('data-crash-loop')).toBe('true');
    expect(within(summary).getByTestId('crash-looping').textContent).toBe('game/arena-1');
    expect(within(summary).getByTestId('summary-restarts').getAttribute('data-hour')).toBe('2');
    // the summary asks for the warnings since a day ago
    const summaryCall = calls.find((c) => c.qs.includes('limit=1000'));
    expect(summaryCall?.qs).toMatch(/^page=1&limit=1000&since=[^&]+&warning=true$/);
    expect(pageCalls(calls).at(-1)).toEqual({ target: { namespace: 'game' }, qs: 'page=1&limit=20' });

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(pageCalls(calls).at(-1)?.qs).toBe('page=2&limit=20'));

    // a filter starts again at page 1
    fireEvent.click(screen.getByTestId('history-warnings-only'));
    await waitFor(() => expect(pageCalls(calls).at(-1)?.qs).toBe('page=1&limit=20&warning=true'));
    const user = document.querySelector('[data-filter="user"] input') as HTMLInputElement;
    fireEvent.change(user, { target: { value: 'alice' } });
    fireEvent.keyDown(user, { key: 'Enter' });
    await waitFor(() => expect(pageCalls(calls).at(-1)?.qs).toBe('page=1&limit=20&user=alice&warning=true'));
    fireEvent.click(screen.getByTestId('history-oldest-first'));
    await waitFor(() => expect(pageCalls(calls).at(-1)?.qs).toBe('page=1&limit=20&ascending=true&user=alice&warning=true'));
  });

  it('says when there is no history yet', async () => {
    setup({ namespace: 'game', gameServer: 'x' }, () => ({ items: [], totalItems: 0 }));
    expect((await screen.findByTestId('empty')).textContent).toContain('No history recorded yet');
  });

  it('says that history is off instead of showing an error', async () => {
    const { ApiError } = await import('../../api/errors');
    setup({}, () => {
      throw new ApiError({ kind: 'Status', status: 'Failure', code: 503, reason: 'ServiceUnavailable', message: 'off' });
    });
    expect((await screen.findByTestId('history-disabled')).textContent).toContain('does not record history');
    expect(screen.queryByTestId('history-summary')).toBeNull();
  });
});

describe('custom time range', () => {
  it('applies from and to once both make sense, and says when to is not after from', async () => {
    const { HistoryFilterBar } = await import('./HistoryFilters');
    const changes: unknown[] = [];
    renderWithHost(<HistoryFilterBar filters={{ range: 'custom' }} feed={false} onChange={(p) => changes.push(p)} onClear={() => undefined} />, { api: fakeApi() });
    const from = document.querySelector('[data-filter="since"] input') as HTMLInputElement;
    const to = document.querySelector('[data-filter="until"] input') as HTMLInputElement;
    fireEvent.change(from, { target: { value: '2026-05-01T14:30' } });
    expect(changes.at(-1)).toEqual({ since: new Date(2026, 4, 1, 14, 30).toISOString(), until: undefined });
    fireEvent.change(to, { target: { value: '2026-05-01T14:00' } });
    expect(screen.getByRole('alert').textContent).toBe('“To” must be after “From”');
    expect(changes).toHaveLength(1);
    fireEvent.change(to, { target: { value: '2026-05-01T15:00' } });
    expect(changes.at(-1)).toEqual({ since: new Date(2026, 4, 1, 14, 30).toISOString(), until: new Date(2026, 4, 1, 15).toISOString() });
  });
});
