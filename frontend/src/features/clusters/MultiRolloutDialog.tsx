import { Alert, Button, Modal } from '@kubed/components';
import { useQueryClient } from '@tanstack/react-query';
import React, { useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { useMultiClusterApi } from '../../app/env';
import { DataTable, type Column } from '../../components/DataTable';
import { DoneFooter, FormFooter, PreviewFooter } from '../../components/FlowFooter';
import { ErrorText, FormField, TextInput } from '../../components/FormParts';
import { Mono } from '../../components/Layout';
import { StateTag } from '../../components/StateTag';
import { useT, type Translate } from '../../i18n';
import { emptyForm, validateForm } from '../../utils/operations';
import type { RolloutTarget } from './api';
import { allocatedOf, rolloutCounts, rolloutRows, type RolloutRow } from './rollout';

type Step = 'form' | 'preview' | 'result';


function rowColumns(t: Translate, phase: 'preview' | 'result', container: string, image: string, current: Map<string, Record<string, string>>): Column<RolloutRow>[] {
  return [
    { key: 'cluster', title: 'OKG_COL_CLUSTER', render: (r) => <strong>{r.cluster}</strong> },
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      render: (r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {r.name} <span style={{ color: '#79879c' }}>{r.namespace}</span>
        </span>
      ),
    },
    {
      key: 'outcome',
      title: 'OKG_COL_RESULT',
      render: (r) => (
        <span data-outcome={r.ok ? 'changed' : 'failed'}>
          <StateTag
            label={t(r.ok ? (phase === 'preview' ? 'OKG_OUTCOME_WILL_CHANGE' : 'OKG_OUTCOME_OK') : phase === 'preview' ? 'OKG_OUTCOME_WOULD_FAIL' : 'OKG_OUTCOME_FAILED')}
            tone={r.ok ? 'success' : 'error'}
          />
        </span>
      ),
    },
    {
      key: 'change',
      title: 'OKG_COL_CHANGE',
      render: (r) =>
        r.ok ? (
          <div>
            <Mono data-raw="true">
              {container}: {current.get(`${r.cluster}/${r.namespace}/${r.name}`)?.[container] ?? '-'} → {image}
            </Mono>
            {r.rollout && (
              <div style={{ color: '#79879c', fontSize: 12 }}>
                {t('OKG_MC_ROLLOUT_PENDING', { count: r.rollout.pending?.length ?? 0, replicas: r.rollout.replicas })}
              </div>
            )}
          </div>
        ) : (
          <ErrorText data-raw="true">{errorMessage(r.error)}</ErrorText>
        ),
    },
  ];
}

/**
 * One image for sets in several clusters: the container and image, a dry-run preview per
 * cluster and set, then apply and the result per cluster and set. Servers with players the
 * rollout would restart are refused (409) until the preview is forced.
 */
export function MultiRolloutDialog({
  targets,
  containers,
  current,
  onClose,
}: {
  targets: RolloutTarget[];
  /** container names of the chosen sets */
  containers: string[];
  /** cluster/namespace/name → the set's current images */
  current: Map<string, Record<string, string>>;
  onClose: (applied: boolean) => void;
}): React.ReactElement {
  const t = useT();
  const mc = useMultiClusterApi();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>('form');
  const [busy, setBusy] = useState(false);
  const [container, setContainer] = useState(containers[0] ?? '');
  const [image, setImage] = useState('');
  const [touched, setTouched] = useState(false);
  const [force, setForce] = useState(false);
  const [rows, setRows] = useState<RolloutRow[]>([]);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const clusters = new Set(targets.map((tg) => tg.cluster)).size;
  const cols = useMemo(() => rowColumns(t, step === 'result' ? 'result' : 'preview', container.trim(), image.trim(), current), [t, step, container, image, current]);

  // the same checks as a targeted image update
  const formErrors = validateForm('image', { ...emptyForm(container), image });
  const errors = {
    container: formErrors.container && t(formErrors.container),
    image: formErrors.image && t(formErrors.image),
  };
  const valid = !errors.container && !errors.image;

  const send = async (dryRun: boolean, withForce: boolean) => {
    const gen = ++generation.current;
    setBusy(true);
    setError(undefined);
    try {
      const resp = await mc.rollout({
        targets,
        images: { [container.trim()]: image.trim() },
        dryRun,
        ...(withForce ? { force: true } : {}),
      });
      if (gen !== generation.current) return;
      setRows(rolloutRows(resp, targets));
      setForce(withForce);
      setStep(dryRun ? 'preview' : 'result');
      if (!dryRun) void client.invalidateQueries(['okg']);
    } catch (err) {
      if (gen === generation.current) setError(err);
    } finally {
      if (gen === generation.current) setBusy(false);
    }
  };

  const counts = rolloutCounts(rows);
  const allocated = allocatedOf(rows);
  let body: React.ReactNode;
  let footer: React.ReactNode;
  if (step === 'form') {
    body = (
      <>
        <p style={{ marginTop: 0 }}>{t('OKG_MC_ROLLOUT_DESC', { count: targets.length, clusters })}</p>
        {error !== undefined && (
          <Alert type="error" title={t('OKG_PREVIEW_FAILED')}>
            <span data-raw="true">{errorMessage(error)}</span>
          </Alert>
        )}
        <FormField label={t('OKG_CONTAINER')} error={touched ? errors.container : undefined} testId="mc-rollout-container">
          <TextInput testId="mc-rollout-container-input" value={container} onChange={setContainer} />
        </FormField>
        <FormField label={t('OKG_COL_IMAGE')} error={touched ? errors.image : undefined} testId="mc-rollout-image">
          <TextInput testId="mc-rollout-image-input" value={image} onChange={setImage} />
        </FormField>
      </>
    );
    footer = (
      <FormFooter
        previewTestId="mc-rollout-preview"
        busy={busy}
        onCancel={() => onClose(false)}
        onPreview={() => {
          setTouched(true);
          if (valid) void send(true, false);
        }}
      />
    );
  } else {
    const phase = step === 'preview' ? 'preview' : 'result';
    body = (
      <div data-testid={`mc-rollout-${phase}`}>
        <p style={{ margin: '0 0 8px', fontWeight: 600 }} data-testid={`mc-rollout-${phase}-summary`}>
          {t(phase === 'preview' ? 'OKG_MC_ROLLOUT_PREVIEW_SUMMARY' : 'OKG_MC_ROLLOUT_RESULT_SUMMARY', { ok: counts.ok, failed: counts.failed })}
        </p>
        {error !== undefined && (
          <Alert type="error" title={t('OKG_APPLY_FAILED')}>
            <span data-raw="true">{errorMessage(error)}</span>
          </Alert>
        )}
        {force && (
          <div style={{ marginBottom: 8 }}>
            <Alert type="warning">{t('OKG_FORCED')}</Alert>
          </div>
        )}
        {step === 'preview' && allocated.length > 0 && (
          <div data-testid="mc-rollout-allocated" style={{ marginBottom: 8 }}>
            <Alert type="warning" title={t('OKG_ALLOCATED_REFUSED', { count: allocated.length })}>
              <div>{allocated.join(', ')}</div>
              <Button size="xs" color="error" data-testid="mc-rollout-force" style={{ marginTop: 8 }} loading={busy} onClick={() => void send(true, true)}>
                {t('OKG_FORCE_PREVIEW')}
              </Button>
            </Alert>
          </div>
        )}
        <DataTable testId={`mc-rollout-${phase}-items`} columns={cols} rows={rows} rowKey={(r) => `${r.cluster}/${r.namespace}/${r.name}`} />
      </div>
    );
    footer =
      step === 'preview' ? (
        <PreviewFooter
          applyTestId="mc-rollout-apply"
          busy={busy}
          risky
          blocked={counts.failed > 0 || counts.ok === 0}
          onBack={() => {
            generation.current += 1;
            setBusy(false);
            setStep('form');
          }}
          onApply={() => void send(false, force)}
        />
      ) : (
        <DoneFooter closeTestId="mc-rollout-close" onClose={() => onClose(true)} />
      );
  }
  return (
    <Modal
      visible
      width={860}
      title={t('OKG_MC_ROLLOUT_TITLE')}
      description={t('OKG_MC_ROLLOUT_TARGETS', { count: targets.length, clusters })}
      onCancel={() => onClose(step === 'result')}
      footer={footer}
      maskClosable={false}
      destroyOnClose
    >
      <div data-testid="mc-rollout-dialog" data-step={step} style={{ padding: '12px 20px' }}>
        {body}
      </div>
    </Modal>
  );
}
