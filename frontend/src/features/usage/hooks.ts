import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { UsageStatus } from '../../api/types';
import { useApi } from '../../app/env';

/** The usage status of the scope (cluster-wide without a namespace); refreshed every 30 s. */
export function useUsageStatus(namespace?: string): UseQueryResult<UsageStatus> {
  const api = useApi();
  return useQuery({
    queryKey: ['okg', api.base, 'usage-status', namespace ?? ''],
    queryFn: ({ signal }) => (api.getUsageStatus ? api.getUsageStatus(namespace, signal) : Promise.reject(new Error('no usage status'))),
    enabled: !!api.getUsageStatus,
    refetchInterval: 30_000,
    retry: false,
  });
}
