import { Button, Modal } from '@kubed/components';
import { useQueryClient } from '@tanstack/react-query';
import React, { useCallback, useEffect, useRef, useState } from 'react';
import type { ItemResult, OperationResult } from '../../api/ops';
import { useApi } from '../../app/env';
import { DataTable, type Column } from '../../components/DataTable';
import { Muted } from '../../components/Layout';
import { EnumTag, StateTag } from '../../components/StateTag';
import { StatusError } from '../../components/StatusError';
import { useT, type MessageKey } from '../../i18n';
import { itemOutcome } from '../../utils/operations';

type Step = 'preview' | 'result';

const OUTCOME: Record<Step, Record<'changed' | 'unchanged' | 'failed', MessageKey>> = {
  preview: { changed: 'OKG_OUTCOME_WILL_CHANGE', unchanged: 'OKG_OUTCOME_UNCHANGED', failed: 'OKG_OUTCOME_WOULD_FAIL' },
  result: { changed: 'OKG_OUTCOME_OK', unchanged: 'OKG_OUTCOME_UNCHANGED', failed: 'OKG_OUTCOME_FAILED' },
};
const TONE = { changed: 'success', unchanged: 'default', failed: 'error' } as const;

function opsStateOf(m: Record<string, unknown> | null | undefined): string {
  return typeof m?.opsState === 'string' ? m.opsState : '';
}

/**
 * Drain a node: the preview (the API server's dry-run) lists exactly the node's game
 * servers with their opsState before and after; apply runs the same operation and shows
 * each server's result. The same preview → apply flow as every operation.
 */
export function DrainDialog({ node, onClose }: { node: string; onClose: () => void }): React.ReactElement {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>('preview');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<OperationResult>();
  const [error, setError] = useState<unknown>();
  const open = useRef(true);
  useEffect(() => () => void (open.current = false), []);

  const run = useCallback(
    async (dryRun: boolean) => {
      if (!api.drainNode) return;
      setBusy(true);
      setError(undefined);
      try {
        const res = await api.drainNode(node, dryRun);
        if (!open.current) return;
        setAnswer(res);
        setStep(dryRun ? 'preview' : 'result');
        if (!dryRun) void client.invalidateQueries(['okg']);
      } catch (e) {
        if (open.current) setError(e);
      } finally {
        if (open.current) setBusy(false);
      }
    },
    [api, client, node],
  );
  useEffect(() => void run(true), [run]);

  const columns: Column<ItemResult>[] = [
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      render: (it) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {it.name} <Muted>{it.namespace}</Muted>
        </span>
      ),
    },
    {
      key: 'change',
      title: 'OKG_COL_CHANGE',
      render: (it) => (
        <span style={{ whiteSpace: 'nowrap' }} data-after={opsStateOf(it.after)}>
          <EnumTag kind="opsState" value={opsStateOf(it.before)} /> → <EnumTag kind="opsState" value={opsStateOf(it.after)} />
        </span>
      ),
    },
    {
      key: 'outcome',
      title: 'OKG_COL_RESULT',
      render: (it) => {
        const o = itemOutcome(it);
        return (
          <span data-outcome={o}>
            <StateTag label={t(OUTCOME[step][o])} tone={TONE[o]} />
            {it.error && <Muted> {it.error}</Muted>}
          </span>
        );
      },
    },
  ];

  const footer =
    step === 'preview' ? (
      <>
        <Button onClick={onClose}>{t('OKG_CANCEL')}</Button>
        <Button color="primary" data-testid="drain-apply" loading={busy} disabled={!answer || answer.items.length === 0} onClick={() => void run(false)}>
          {t('OKG_DRAIN_APPLY')}
        </Button>
      </>
    ) : (
      <Button color="primary" data-testid="drain-close" onClick={onClose}>
        {t('OKG_CLOSE')}
      </Button>
    );

  return (
    <Modal visible width={820} title={t('OKG_DRAIN_TITLE', { node })} onCancel={onClose} footer={footer} maskClosable={false} destroyOnClose>
      <div data-testid="drain-dialog" data-step={step} style={{ padding: '12px 20px', maxHeight: '70vh', overflow: 'auto' }}>
        <p data-testid="drain-explain" style={{ margin: '0 0 12px' }}>
          {t('OKG_DRAIN_EXPLAIN')}
        </p>
        {error ? <StatusError error={error} /> : null}
        {answer && (
          <>
            <p style={{ fontWeight: 600, margin: '0 0 8px' }} data-testid="drain-summary">
              {step === 'preview'
                ? t('OKG_DRAIN_PREVIEW_SUMMARY', { total: answer.items.length, changed: answer.changed })
                : t('OKG_DRAIN_RESULT_SUMMARY', { changed: answer.changed, failed: answer.failed, user: answer.user })}
            </p>
            <DataTable testId="drain-items" columns={columns} rows={answer.items} rowKey={(it) => `${it.namespace}/${it.name}`} />
          </>
        )}
      </div>
    </Modal>
  );
}
