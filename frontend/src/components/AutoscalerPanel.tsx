import { Alert, Button, Checkbox, Modal } from '@kubed/components';
import { useQueryClient } from '@tanstack/react-query';
import React, { useState } from 'react';
import type { Autoscaler, AutoscalerForm } from '../api/scaling';
import { useApi, useCanManage } from '../app/env';
import { scalingKeys, useAutoscaler, useAutoscalingStatus, usePreviewApply, useScalingApi } from '../hooks/useScaling';
import { useT } from '../i18n';
import {
  autoscalerCauses,
  autoscalerStateOf,
  DEFAULT_SCALER_ADDRESS,
  emptyAutoscalerState,
  POLICY_TYPES,
  SELECT_POLICIES,
  toAutoscalerForm,
  validateAutoscaler,
  type AutoscalerState,
} from '../utils/autoscaler';
import { enumLabel, enumOptions, enumText } from '../utils/enums';
import { isConflict } from '../utils/fieldErrors';
import { warningText } from '../utils/scaling';
import { Age } from './Age';
import { DataTable, type Column } from './DataTable';
import { DoneFooter, FormFooter, PreviewFooter } from './FlowFooter';
import { Choice, FormField, Hint, Row, Strong, TextInput } from './FormParts';
import { Fields, Mono } from './Layout';
import { StatusError } from './StatusError';

type Cond = Autoscaler['conditions'][number];

const conditionColumns: Column<Cond>[] = [
  { key: 'type', title: 'OKG_COL_TYPE', render: (c) => c.type },
  { key: 'status', title: 'OKG_COL_STATUS', render: (c) => c.status },
  { key: 'reason', title: 'OKG_COL_REASON', render: (c) => c.reason ?? '' },
  { key: 'message', title: 'OKG_COL_MESSAGE', render: (c) => c.message ?? '' },
];

/** 409 on a write: someone changed or deleted the ScaledObject since it was loaded. */
function ConflictAlert({ onReload }: { onReload: () => void }): React.ReactElement {
  const t = useT();
  return (
    <div data-testid="conflict" style={{ marginBottom: 8 }}>
      <Alert type="warning" title={t('OKG_CONFLICT_TITLE')}>
        <div>{t('OKG_CONFLICT_DESC')}</div>
        <Button size="xs" style={{ marginTop: 8 }} data-testid="conflict-reload" onClick={onReload}>
          {t('OKG_CONFLICT_RELOAD')}
        </Button>
      </Alert>
    </div>
  );
}

function AutoscalerDialog({
  namespace,
  name,
  existing,
  replicas,
  onReload,
  onClose,
}: {
  namespace: string;
  name: string;
  existing: Autoscaler | null;
  replicas: number;
  /** fetches the stored ScaledObject again (after a conflict) */
  onReload: () => Promise<Autoscaler | null | undefined>;
  onClose: () => void;
}): React.ReactElement {
  const t = useT();
  const api = useScalingApi();
  const flow = usePreviewApply<AutoscalerForm, Autoscaler>((form, dryRun) => api.putAutoscaler(namespace, name, form, dryRun));
  const [rv, setRv] = useState(existing?.resourceVersion);
  const [s, setS] = useState<AutoscalerState>(() => (existing ? autoscalerStateOf(existing) : emptyAutoscalerState(replicas)));
  const [touched, setTouched] = useState(false);
  const clientErrors = validateAutoscaler(s);
  const server = autoscalerCauses(flow.error);
  const err = (f: string) => (touched && clientErrors[f] ? t(clientErrors[f]) : undefined) ?? server.fields[f];
  const set = (patch: Partial<AutoscalerState>) => {
    setS({ ...s, ...patch });
    flow.clearError();
  };
  const reload = async () => {
    const fresh = await onReload();
    setRv(fresh?.resourceVersion);
    setS(fresh ? autoscalerStateOf(fresh) : emptyAutoscalerState(replicas));
    flow.back();
  };
  const conflict = isConflict(flow.error);
  const errorBox =
    flow.error === undefined ? null : conflict ? (
      <ConflictAlert onReload={() => void reload()} />
    ) : (
      <StatusError error={flow.error} title={t(flow.step === 'form' ? 'OKG_PREVIEW_FAILED' : 'OKG_APPLY_FAILED')} />
    );

  let body: React.ReactNode;
  let footer: React.ReactNode;
  if (flow.step === 'form') {
    body = (
      <>
        {errorBox}
        <Row>
          <FormField label={t('OKG_AS_MIN')} error={err('minReplicaCount')} testId="as-min">
            <TextInput testId="as-min-input" width={120} value={s.minReplicaCount} onChange={(v) => set({ minReplicaCount: v })} />
          </FormField>
          <FormField label={t('OKG_AS_MAX')} error={err('maxReplicaCount')} testId="as-max">
            <TextInput testId="as-max-input" width={120} value={s.maxReplicaCount} onChange={(v) => set({ maxReplicaCount: v })} />
          </FormField>
          <FormField label={t('OKG_AS_POLLING')} error={err('pollingInterval')} hint={t('OKG_AS_POLLING_HINT')} testId="as-polling">
            <TextInput testId="as-polling-input" width={120} value={s.pollingInterval} onChange={(v) => set({ pollingInterval: v })} />
          </FormField>
        </Row>
        <FormField as="div" label={t('OKG_AS_TRIGGERS')} error={err('external')}>
          <Checkbox
            data-testid="as-external"
            label={t('OKG_AS_EXTERNAL')}
            checked={s.external}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ external: e.target.checked })}
          />
          {s.external && (
            <Row style={{ marginTop: 8 }}>
              <FormField label={t('OKG_AS_SCALER_ADDRESS')} error={err('external.scalerAddress')} testId="as-address">
                <TextInput testId="as-address-input" width={320} placeholder={DEFAULT_SCALER_ADDRESS} value={s.scalerAddress} onChange={(v) => set({ scalerAddress: v })} />
              </FormField>
              <FormField label={t('OKG_AS_MIN_AVAILABLE')} error={err('external.minAvailable')} hint={t('OKG_AS_MIN_AVAILABLE_HINT')} testId="as-min-available">
                <TextInput testId="as-min-available-input" width={120} value={s.minAvailable} onChange={(v) => set({ minAvailable: v })} />
              </FormField>
              <FormField label={t('OKG_AS_MAX_AVAILABLE')} error={err('external.maxAvailable')} hint={t('OKG_AS_MAX_AVAILABLE_HINT')} testId="as-max-available">
                <TextInput testId="as-max-available-input" width={120} value={s.maxAvailable} onChange={(v) => set({ maxAvailable: v })} />
              </FormField>
            </Row>
          )}
          <Checkbox
            data-testid="as-cpu"
            label={t('OKG_AS_CPU')}
            checked={s.cpu}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ cpu: e.target.checked })}
          />
          {s.cpu && (
            <FormField label={t('OKG_AS_UTILIZATION')} error={err('cpu.utilization')} testId="as-utilization">
              <TextInput testId="as-utilization-input" width={120} value={s.utilization} onChange={(v) => set({ utilization: v })} />
            </FormField>
          )}
        </FormField>
        <FormField as="div" label={t('OKG_AS_SCALE_DOWN')}>
          <Checkbox
            data-testid="as-scale-down"
            label={t('OKG_AS_SCALE_DOWN_CUSTOM')}
            checked={s.scaleDown}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ scaleDown: e.target.checked })}
          />
          {s.scaleDown && (
            <>
              <Row style={{ marginTop: 8 }}>
                <FormField label={t('OKG_AS_WINDOW')} error={err('scaleDown.stabilizationWindowSeconds')} testId="as-window">
                  <TextInput testId="as-window-input" width={120} value={s.stabilizationWindowSeconds} onChange={(v) => set({ stabilizationWindowSeconds: v })} />
                </FormField>
                <FormField as="div" label={t('OKG_AS_SELECT_POLICY')} error={err('scaleDown.selectPolicy')}>
                  <Choice
                    testId="as-select-policy"
                    value={s.selectPolicy}
                    options={[{ value: '' as const, label: t('OKG_AS_DEFAULT') }, ...enumOptions(t, 'selectPolicy', SELECT_POLICIES)]}
                    onChange={(v) => set({ selectPolicy: v })}
                  />
                </FormField>
              </Row>
              {s.policies.map((p, i) => (
                <Row key={i} data-testid={`as-policy-${i}`}>
                  <FormField as="div" label={t('OKG_COL_TYPE')}>
                    <Choice
                      value={p.type}
                      options={enumOptions(t, 'policyType', POLICY_TYPES)}
                      onChange={(type) => set({ policies: s.policies.map((q, j) => (j === i ? { ...q, type } : q)) })}
                    />
                  </FormField>
                  <FormField label={t('OKG_AS_POLICY_VALUE')} error={err(`scaleDown.policies[${i}].value`)}>
                    <TextInput width={100} value={p.value} onChange={(value) => set({ policies: s.policies.map((q, j) => (j === i ? { ...q, value } : q)) })} />
                  </FormField>
                  <FormField label={t('OKG_AS_POLICY_PERIOD')} error={err(`scaleDown.policies[${i}].periodSeconds`)}>
                    <TextInput
                      width={100}
                      value={p.periodSeconds}
                      onChange={(periodSeconds) => set({ policies: s.policies.map((q, j) => (j === i ? { ...q, periodSeconds } : q)) })}
                    />
                  </FormField>
                  <Button size="xs" variant="text" style={{ marginTop: 20 }} onClick={() => set({ policies: s.policies.filter((_, j) => j !== i) })}>
                    {t('OKG_REMOVE')}
                  </Button>
                </Row>
              ))}
              <Button size="xs" variant="outline" onClick={() => set({ policies: [...s.policies, { type: 'Pods', value: '1', periodSeconds: '60' }] })}>
                {t('OKG_AS_ADD_POLICY')}
              </Button>
            </>
          )}
        </FormField>
        {server.unplaced.length > 0 && !conflict && <Hint>{t('OKG_SEE_ERRORS_ABOVE')}</Hint>}
      </>
    );
    footer = (
      <FormFooter
        previewTestId="as-preview-btn"
        busy={flow.busy}
        onCancel={onClose}
        onPreview={() => {
          setTouched(true);
          if (Object.keys(clientErrors).length === 0) void flow.runPreview(toAutoscalerForm(s, rv));
        }}
      />
    );
  } else if (flow.step === 'preview' && flow.preview) {
    body = (
      <div data-testid="as-preview">
        {errorBox}
        <Strong>{t(rv ? 'OKG_AS_PREVIEW_UPDATE' : 'OKG_AS_PREVIEW_CREATE', { name: flow.preview.name })}</Strong>
        {(flow.preview.warnings ?? []).map((w, i) => (
          <div key={i} style={{ marginBottom: 8 }} data-code={w.code}>
            <Alert type="warning">{warningText(t, w)}</Alert>
          </div>
        ))}
        <AutoscalerSummary a={flow.preview} />
      </div>
    );
    footer = <PreviewFooter applyTestId="as-apply" busy={flow.busy} onBack={flow.back} onApply={() => void flow.apply()} />;
  } else {
    body = <Alert type="info">{t('OKG_AS_SAVED')}</Alert>;
    footer = <DoneFooter onClose={onClose} />;
  }
  return (
    <Modal
      visible
      width={820}
      title={t(existing ? 'OKG_AS_EDIT_TITLE' : 'OKG_AS_CREATE_TITLE', { name })}
      onCancel={onClose}
      footer={footer}
      maskClosable={false}
      destroyOnClose
    >
      <div data-testid="as-dialog" data-step={flow.step} style={{ padding: '12px 20px', maxHeight: '70vh', overflow: 'auto' }}>
        {body}
      </div>
    </Modal>
  );
}

function AutoscalerSummary({ a }: { a: Autoscaler }): React.ReactElement {
  const t = useT();
  const s = a.spec;
  const triggers = [
    s.external &&
      `${t('OKG_AS_EXTERNAL')} (${s.external.scalerAddress || DEFAULT_SCALER_ADDRESS}; ${t('OKG_AS_MIN_AVAILABLE')} ${s.external.minAvailable ?? '-'}, ${t('OKG_AS_MAX_AVAILABLE')} ${s.external.maxAvailable ?? '-'})`,
    s.cpu && `${t('OKG_AS_CPU')} ${s.cpu.utilization}%`,
    ...(a.otherTriggers ?? []).map((o) => `${o.type}${o.name ? ` (${o.name})` : ''}`),
  ].filter(Boolean);
  return (
    <Fields
      items={[
        { label: t('OKG_AS_MIN'), value: s.minReplicaCount },
        { label: t('OKG_AS_MAX'), value: s.maxReplicaCount },
        { label: t('OKG_AS_POLLING'), value: s.pollingInterval ?? t('OKG_AS_DEFAULT') },
        { label: t('OKG_AS_TRIGGERS'), value: triggers.map((x) => <div key={String(x)}>{x}</div>) },
        {
          label: t('OKG_AS_SCALE_DOWN'),
          value: s.scaleDown
            ? [
                s.scaleDown.stabilizationWindowSeconds !== undefined && `${t('OKG_AS_WINDOW')}: ${s.scaleDown.stabilizationWindowSeconds}`,
                s.scaleDown.selectPolicy && `${t('OKG_AS_SELECT_POLICY')}: ${enumText(t, 'selectPolicy', s.scaleDown.selectPolicy)}`,
                ...(s.scaleDown.policies ?? []).map((p) => `${enumLabel(t, 'policyType', p.type)} ${p.value} / ${t('OKG_AGE_SECONDS', { count: p.periodSeconds })}`),
              ]
                .filter(Boolean)
                .join(' · ') || t('OKG_AS_DEFAULT')
            : t('OKG_AS_DEFAULT'),
        },
        {
          label: t('OKG_AS_HPA'),
          value: a.hpa ? t('OKG_AS_HPA_REPLICAS', { current: a.hpa.currentReplicas, desired: a.hpa.desiredReplicas }) : '-',
        },
        { label: t('OKG_PAUSED'), value: a.paused ? t('OKG_YES') : t('OKG_NO') },
      ]}
    />
  );
}

/** KEDA autoscaling of one set: whether KEDA is there, its ScaledObject, create/edit/delete. */
export function AutoscalerPanel({ namespace, name, replicas }: { namespace: string; name: string; replicas: number }): React.ReactElement {
  const t = useT();
  const { base } = useApi();
  const api = useScalingApi();
  const client = useQueryClient();
  const status = useAutoscalingStatus();
  const installed = status.data?.kedaInstalled === true;
  const query = useAutoscaler(namespace, name, installed);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // a user who may only view (KubeSphere "Game Server Viewing") is not offered changes
  const canManage = useCanManage();
  const [deleteError, setDeleteError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (status.error) return <StatusError error={status.error} />;
  if (!status.data) return <Hint>{t('OKG_LOADING')}</Hint>;
  if (!installed) {
    return (
      <div data-testid="keda-missing">
        <Alert type="info" title={t('OKG_AS_NO_KEDA')}>
          {status.data.message || t('OKG_AS_NO_KEDA_DESC')}
        </Alert>
      </div>
    );
  }
  if (query.error && query.data === undefined) return <StatusError error={query.error} />;
  if (query.data === undefined) return <Hint>{t('OKG_LOADING')}</Hint>;
  const a = query.data;
  const reload = async () => (await query.refetch()).data;
  const remove = async () => {
    if (!a) return;
    setBusy(true);
    setDeleteError(undefined);
    try {
      await api.deleteAutoscaler(namespace, name, a.resourceVersion, false);
      setDeleting(false);
      await client.invalidateQueries(scalingKeys.autoscaler(base, namespace, name));
    } catch (err) {
      setDeleteError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="autoscaler-panel">
      {a ? (
        <>
          <Row style={{ justifyContent: 'space-between', marginBottom: 12 }}>
            <Strong>
              {t('OKG_AS_SCALED_OBJECT')} <Mono>{a.name}</Mono> · <Age timestamp={a.createdAt} />
            </Strong>
            {canManage && (
            <span style={{ display: 'inline-flex', gap: 8 }}>
              <Button size="sm" variant="outline" data-testid="as-edit" onClick={() => setEditing(true)}>
                {t('OKG_EDIT')}
              </Button>
              <Button size="sm" variant="outline" color="error" data-testid="as-delete" onClick={() => setDeleting(true)}>
                {t('OKG_DELETE')}
              </Button>
            </span>
            )}
          </Row>
          {(a.warnings ?? []).map((w, i) => (
            <div key={i} style={{ marginBottom: 8 }} data-code={w.code}>
              <Alert type="warning">{warningText(t, w)}</Alert>
            </div>
          ))}
          <AutoscalerSummary a={a} />
          {a.conditions.length > 0 && (
            <div style={{ marginTop: 12 }}>
              <DataTable testId="as-conditions" columns={conditionColumns} rows={a.conditions} rowKey={(c) => c.type} />
            </div>
          )}
        </>
      ) : (
        <Row style={{ justifyContent: 'space-between' }} data-testid="as-none">
          <Hint>{t('OKG_AS_NONE')}</Hint>
          {canManage && (
            <Button size="sm" color="secondary" data-testid="as-create" onClick={() => setEditing(true)}>
              {t('OKG_AS_CREATE')}
            </Button>
          )}
        </Row>
      )}
      {editing && (
        <AutoscalerDialog namespace={namespace} name={name} existing={a} replicas={replicas} onReload={reload} onClose={() => setEditing(false)} />
      )}
      {deleting && a && (
        <Modal
          visible
          width={520}
          title={t('OKG_AS_DELETE_TITLE', { name: a.name })}
          onCancel={() => setDeleting(false)}
          maskClosable={false}
          footer={
            <>
              <Button variant="outline" onClick={() => setDeleting(false)}>
                {t('OKG_CANCEL')}
              </Button>
              <Button color="error" data-testid="as-delete-confirm" loading={busy} onClick={() => void remove()}>
                {t('OKG_DELETE')}
              </Button>
            </>
          }
        >
          <div style={{ padding: '12px 20px' }} data-testid="as-delete-dialog">
            {deleteError !== undefined &&
              (isConflict(deleteError) ? (
                <ConflictAlert
                  onReload={() => {
                    setDeleteError(undefined);
                    setDeleting(false);
                    void reload();
                  }}
                />
              ) : (
                <StatusError error={deleteError} />
              ))}
            <p style={{ margin: 0 }}>{t('OKG_AS_DELETE_DESC', { replicas })}</p>
          </div>
        </Modal>
      )}
    </div>
  );
}
