import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { isNotFound } from '../api/errors';
import { okgKeys } from '../api/keys';
import { createScalingApi, type Autoscaler, type AutoscalingStatus, type Rollout, type ScalingApi } from '../api/scaling';
import type { GameServerView, List } from '../api/types';
import { useApi, useFixedNamespace } from '../app/env';
import { POLL_MS } from './useLive';

/** The scaling/autoscaling/YAML calls against the env's API base. */
export function useScalingApi(): ScalingApi {
  const { base } = useApi();
  return useMemo(() => createScalingApi(base), [base]);
}

/** Keys under the set's resource prefix, so okgKeys.all invalidates them with everything else. */
export const scalingKeys = {
  rollout: (base: string, ns: string, name: string) => ['okg', base, 'gameserversets', 'rollout', ns, name] as const,
  autoscaler: (base: string, ns: string, name: string) => ['okg', base, 'gameserversets', 'autoscaler', ns, name] as const,
  autoscalingStatus: (base: string, namespace = '') => ['okg', base, 'autoscaling', 'status', namespace] as const,
  servers: (base: string, ns: string, name: string) => ['okg', base, 'gameservers', 'scale-candidates', ns, name] as const,
};

export function useRollout(namespace: string, name: string): UseQueryResult<Rollout> {
  const { base } = useApi();
  const api = useScalingApi();
  return useQuery({
    queryKey: scalingKeys.rollout(base, namespace, name),
    queryFn: () => api.getRollout(namespace, name),
    refetchInterval: POLL_MS,
  });
}

/** Whether KEDA is installed; inside a project asked in its namespace (GET /namespaces/{ns}/autoscaling/status). */
export function useAutoscalingStatus(): UseQueryResult<AutoscalingStatus> {
  const { base } = useApi();
  const namespace = useFixedNamespace();
  const api = useScalingApi();
  return useQuery({
    queryKey: scalingKeys.autoscalingStatus(base, namespace),
    queryFn: () => api.autoscalingStatus(namespace),
    staleTime: 30_000,
  });
}

/** The set's ScaledObject; null when none targets it (204; a plain 404 from an older backend too). */
export function useAutoscaler(namespace: string, name: string, enabled: boolean): UseQueryResult<Autoscaler | null> {
  const { base } = useApi();
  const api = useScalingApi();
  return useQuery({
    queryKey: scalingKeys.autoscaler(base, namespace, name),
    queryFn: async () => {
      try {
        return await api.getAutoscaler(namespace, name);
      } catch (err) {
        if (isNotFound(err) && !isKedaMissing(err)) return null;
        throw err;
      }
    },
    enabled,
    refetchInterval: POLL_MS,
  });
}

/** The 404 the autoscaler paths answer without KEDA (a cause of type KEDANotInstalled). */
export function isKedaMissing(err: unknown): boolean {
  if (!isNotFound(err)) return false;
  const causes = (err as { status?: { details?: { causes?: { reason?: string }[] } } }).status?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'KEDANotInstalled');
}

/** The servers of one set, for picking which go (first 1000 by id). */
export function useSetServers(namespace: string, name: string, enabled: boolean): UseQueryResult<List<GameServerView>> {
  const api = useApi();
  return useQuery({
    queryKey: scalingKeys.servers(api.base, namespace, name),
    queryFn: ({ signal }) =>
      api.listGameServers({ limit: 1000, sortBy: 'id', ascending: true, filters: { gameServerSet: name } }, namespace, signal),
    enabled,
  });
}

export type FlowStep = 'form' | 'preview' | 'done';

export interface PreviewApply<Req, Res> {
  step: FlowStep;
  busy: boolean;
  /** the last error (of the preview or the apply) */
  error: unknown;
  request?: Req;
  preview?: Res;
  result?: Res;
  /** dry run of req; on success the flow moves to 'preview' */
  runPreview: (req: Req) => Promise<void>;
  /** the previewed request for real; on success 'done' and every okg query refetches */
  apply: () => Promise<void>;
  back: () => void;
  clearError: () => void;
}

/**
 * Dry run first, then the same request for real. A late answer (the user went back) is dropped.
 * After an apply every cached okg query is invalidated so pages show the change at once.
 */
export function usePreviewApply<Req, Res>(run: (req: Req, dryRun: boolean) => Promise<Res>): PreviewApply<Req, Res> {
  const { base } = useApi();
  const client = useQueryClient();
  const [step, setStep] = useState<FlowStep>('form');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [request, setRequest] = useState<Req>();
  const [preview, setPreview] = useState<Res>();
  const [result, setResult] = useState<Res>();
  const generation = useRef(0);
  const runRef = useRef(run);
  runRef.current = run;

  const attempt = useCallback(async (req: Req, dryRun: boolean) => {
    const gen = ++generation.current;
    setBusy(true);
    setError(undefined);
    try {
      const res = await runRef.current(req, dryRun);
      if (gen !== generation.current) return;
      if (dryRun) {
        setRequest(req);
        setPreview(res);
        setStep('preview');
      } else {
        setResult(res);
        setStep('done');
      }
    } catch (err) {
      if (gen === generation.current) setError(err);
    } finally {
      if (gen === generation.current) setBusy(false);
      if (!dryRun) void client.invalidateQueries(okgKeys.all(base));
    }
  }, [base, client]);

  const runPreview = useCallback((req: Req) => attempt(req, true), [attempt]);
  const apply = useCallback(async () => {
    if (request !== undefined) await attempt(request, false);
  }, [attempt, request]);
  const back = useCallback(() => {
    generation.current += 1;
    setBusy(false);
    setError(undefined);
    setStep('form');
    setPreview(undefined);
  }, []);
  const clearError = useCallback(() => setError(undefined), []);

  return { step, busy, error, request, preview, result, runPreview, apply, back, clearError };
}
