// Query hooks of the history: a page of entries kept live by its stream, the crash summary,
// and the CSV export.
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { HistoryTarget } from '../../api/client';
import type { HistoryEntry, HistoryPage } from '../../api/types';
import type { StreamMessage } from '../../api/watch';
import { ApiError } from '../../api/errors';
import { useApi } from '../../app/env';
import { shouldRetry } from '../../app/queryClient';
import { POLL_MS, useLiveStream, type LiveState } from '../../hooks/useLive';
import { applyHistoryMessage } from './fold';
import { receivesAdded, toHistoryQuery, type HistoryState } from './query';
import { summarize, SUMMARY_WINDOW_MS, type CrashSummary } from './summary';

/** The most entries the summary reads (the API's page limit). */
export const SUMMARY_LIMIT = 1000;
/** The summary's window moves on: it is recounted at least this often. */
export const SUMMARY_REFRESH_MS = 15_000;

export const historyKeys = {
  all: (base: string) => ['okg', base, 'history'] as const,
  target: (base: string, target: HistoryTarget) => ['okg', base, 'history', target] as const,
  page: (base: string, target: HistoryTarget, state: HistoryState) => ['okg', base, 'history', target, 'page', state] as const,
  summary: (base: string, target: HistoryTarget) => ['okg', base, 'history', target, 'summary'] as const,
};

/** The history is off in this console's configuration (503): say so instead of an error. */
export function isHistoryDisabled(err: unknown): boolean {
  return err instanceof ApiError && err.code === 503;
}

/** A 503 of the history means it is off: asking again will not turn it on. */
const retry = (failures: number, err: unknown): boolean => !isHistoryDisabled(err) && shouldRetry(failures, err);

function unsupported(): Promise<never> {
  return Promise.reject(new Error('this API has no history'));
}

/**
 * One page of history for a target and state, kept live: the stream's SNAPSHOT replaces it,
 * each ADDED (page 1, newest first) goes on top keeping the page size, BOOKMARKs update the
 * count. Polls while the stream is not open. A new warning also recounts the crash summary.
 */
export function useHistoryPage(target: HistoryTarget, state: HistoryState): UseQueryResult<HistoryPage> & { live: LiveState } {
  const api = useApi();
  const client = useQueryClient();
  const query = toHistoryQuery(state);
  const queryKey = historyKeys.page(api.base, target, state);
  const limit = state.limit;
  const added = receivesAdded(state);
  const fold = useCallback(
    (prev: HistoryPage | undefined, msg: StreamMessage<HistoryEntry>) =>
      // only page 1 newest first takes entries; any other page is told the count
      applyHistoryMessage(prev, added || msg.type !== 'ADDED' ? msg : { ...msg, object: undefined }, limit),
    [limit, added],
  );
  // history off (503): neither stream nor poll (the cache already holds the answer when this renders)
  const off = isHistoryDisabled(client.getQueryState(queryKey)?.error);
  const live = useLiveStream<HistoryPage, HistoryEntry>(queryKey, api.historyWatchPath?.(target, query), fold, !off, (msg) => {
    if (msg.type === 'ADDED' && msg.object?.warning) void client.invalidateQueries({ queryKey: historyKeys.summary(api.base, target), exact: true });
  });
  const result = useQuery({
    queryKey,
    queryFn: ({ signal }) => (api.getHistory ? api.getHistory(target, query, signal) : unsupported()),
    keepPreviousData: true,
    refetchInterval: live === 'live' || off ? false : POLL_MS,
    retry,
  });
  return Object.assign(result, { live });
}

/** The crash summary of a target: its warnings of the last day, counted. */
export function useCrashSummary(target: HistoryTarget): UseQueryResult<CrashSummary & { lowerBound: boolean }> {
  const api = useApi();
  return useQuery({
    queryKey: historyKeys.summary(api.base, target),
    queryFn: async ({ signal }) => {
      if (!api.getHistory) return unsupported();
      const now = Date.now();
      const page = await api.getHistory(
        target,
        { page: 1, limit: SUMMARY_LIMIT, filters: { warning: 'true', since: new Date(now - SUMMARY_WINDOW_MS).toISOString() } },
        signal,
      );
      return { ...summarize(page.items, now), lowerBound: page.items.length < page.totalItems || !!page.totalIsLowerBound };
    },
    refetchInterval: (_data, q) => (isHistoryDisabled(q.state.error) ? false : SUMMARY_REFRESH_MS),
    retry,
  });
}

/** Downloads the target's history under the current filters as a CSV file. */
export function useCsvExport(target: HistoryTarget, state: HistoryState): { run: () => void; busy: boolean; error: unknown } {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const query = useMemo(() => toHistoryQuery(state), [state]);
  const run = useCallback(() => {
    if (!api.downloadHistoryCsv) return;
    setBusy(true);
    setError(undefined);
    api
      .downloadHistoryCsv(target, { ...query, page: undefined, limit: undefined })
      .then(({ blob, filename }) => saveBlob(blob, filename))
      .catch(setError)
      .finally(() => setBusy(false));
  }, [api, target, query]);
  return { run, busy, error };
}

/** Hands a Blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
