import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { okgKeys } from '../api/keys';
import type { Operation } from '../api/ops';
import { useApi } from '../app/env';
import { combine, type Combined, type GroupOutcome, type RunOptions } from '../utils/operations';

export type Step = 'form' | 'preview' | 'result';

export interface OperationFlow {
  step: Step;
  busy: boolean;
  /** the dry-run answer for `operation` (and `force`) */
  preview?: Combined;
  /** what applying did */
  result?: Combined;
  force: boolean;
  /** dry-run first: nothing changes */
  runPreview: (operation: Operation, force: boolean) => Promise<void>;
  /** the previewed operation for real; confirm is sent for delete/kill */
  apply: (confirm: boolean) => Promise<void>;
  back: () => void;
  reset: () => void;
}

/** Sends an operation (a dry run or for real) and answers per namespace. */
export type OperationRunner = (operation: Operation, opts: RunOptions) => Promise<GroupOutcome[]>;

/**
 * Preview → apply of one operation through run: over target groups (runOperation, one
 * request per namespace) or a node's game servers (drain). After an apply every cached okg
 * query is invalidated so tables and counts refetch at once.
 */
export function useOperation(run: OperationRunner): OperationFlow {
  const api = useApi();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>('form');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Combined>();
  const [result, setResult] = useState<Combined>();
  const [force, setForce] = useState(false);
  const previewed = useRef<{ operation: Operation; force: boolean } | null>(null);
  // a stale answer (the user went back or closed) must not overwrite newer state
  const generation = useRef(0);

  const runPreview = useCallback(
    async (operation: Operation, withForce: boolean) => {
      const gen = ++generation.current;
      setBusy(true);
      setForce(withForce);
      try {
        const outcomes = await run(operation, { dryRun: true, force: withForce, confirm: false });
        if (gen !== generation.current) return;
        previewed.current = { operation, force: withForce };
        setPreview(combine(outcomes));
        setStep('preview');
      } finally {
        if (gen === generation.current) setBusy(false);
      }
    },
    [run],
  );

  const apply = useCallback(
    async (confirm: boolean) => {
      const p = previewed.current;
      if (!p) return;
      const gen = ++generation.current;
      setBusy(true);
      try {
        const outcomes = await run(p.operation, { dryRun: false, force: p.force, confirm });
        void client.invalidateQueries(okgKeys.all(api.base));
        if (gen !== generation.current) return;
        setResult(combine(outcomes));
        setStep('result');
      } finally {
        if (gen === generation.current) setBusy(false);
      }
    },
    [api, client, run],
  );

  const back = useCallback(() => {
    generation.current += 1;
    setBusy(false);
    setStep('form');
    setPreview(undefined);
  }, []);

  const reset = useCallback(() => {
    generation.current += 1;
    previewed.current = null;
    setBusy(false);
    setStep('form');
    setPreview(undefined);
    setResult(undefined);
    setForce(false);
  }, []);

  return { step, busy, preview, result, force, runPreview, apply, back, reset };
}
