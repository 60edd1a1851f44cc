import { notifyManager, QueryClient } from '@tanstack/react-query';
import { unstable_batchedUpdates } from 'react-dom';
import { ApiError } from '../api/errors';

/** Client errors (4xx) will not get better by asking again; server and network errors may. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.code >= 400 && error.code < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  // React 17 batches only inside its own event handlers; let query notifications batch too.
  notifyManager.setBatchNotifyFunction(unstable_batchedUpdates);
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchInterval: 30_000,
        refetchOnWindowFocus: false,
        retry: shouldRetry,
      },
    },
  });
}

// One query cache per KubeSphere scope: a cluster-wide answer must never show on a project's page.
const clients = new Map<string, QueryClient>();

export function clientFor(key: string): QueryClient {
  let client = clients.get(key);
  if (!client) {
    client = createQueryClient();
    clients.set(key, client);
  }
  return client;
}
