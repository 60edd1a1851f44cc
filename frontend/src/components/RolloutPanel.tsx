import { Alert, Button, Modal, Progress } from '@kubed/components';
import React, { useMemo, useState } from 'react';
import type { PendingServer, Rollout, UpdateRequest } from '../api/scaling';
import { useCanManage } from '../app/env';
import { usePreviewApply, useRollout, useScalingApi } from '../hooks/useScaling';
import { useT, type Translate } from '../i18n';
import { placeCauses } from '../utils/fieldErrors';
import { allocatedRefusal } from '../utils/operations';
import { enumOptions, enumText } from '../utils/enums';
import {
  POD_UPDATE_POLICIES,
  rolloutChanges,
  rolloutFormOf,
  rolloutProgress,
  toUpdateRequest,
  validateRolloutForm,
  type RolloutForm,
} from '../utils/scaling';
import { DataTable, type Column } from './DataTable';
import { DoneFooter, FormFooter, PreviewFooter } from './FlowFooter';
import { Choice, FormField, Hint, Row, Strong, TextInput } from './FormParts';
import { Fields, ImageRef, Mono } from './Layout';
import { EnumTag } from './StateTag';
import { StatusError } from './StatusError';

function pendingColumns(): Column<PendingServer>[] {
  return [
    { key: 'name', title: 'OKG_COL_NAME', render: (p) => p.name },
    { key: 'id', title: 'OKG_COL_ID', render: (p) => p.id },
    { key: 'up', title: 'OKG_COL_UPDATE_PRIORITY', render: (p) => p.updatePriority },
    {
      key: 'opsState',
      title: 'OKG_COL_OPS_STATE',
      render: (p) => <EnumTag kind="opsState" value={p.opsState} />,
    },
    {
      key: 'images',
      title: 'OKG_ROLLOUT_RUNNING_IMAGES',
      render: (p) =>
        Object.entries(p.images).map(([c, im]) => <ImageRef key={c} container={c} prefix={`${c}: `} image={im} />),
    },
  ];
}

function RolloutDialog({
  namespace,
  name,
  rollout,
  initial,
  onClose,
}: {
  namespace: string;
  name: string;
  rollout: Rollout;
  initial: RolloutForm;
  onClose: () => void;
}): React.ReactElement {
  const t = useT();
  const api = useScalingApi();
  const flow = usePreviewApply<UpdateRequest, Rollout>((req, dryRun) => api.updateRollout(namespace, name, req, dryRun));
  const [form, setForm] = useState<RolloutForm>(initial);
  const [touched, setTouched] = useState(false);
  const clientErrors = validateRolloutForm(form, rollout.replicas);
  const server = placeCauses(flow.error, (f) => f);
  const err = (field: string) => (touched && clientErrors[field] ? t(clientErrors[field]) : undefined) ?? server.fields[field];
  const req = toUpdateRequest(form, rollout);
  const update = (f: RolloutForm) => {
    setForm(f);
    flow.clearError();
  };

  let body: React.ReactNode;
  let footer: React.ReactNode;
  // The one Allocated rule: servers with players the rollout would restart are named and
  // only included when the user forces the preview.
  const allocated = allocatedRefusal(flow.error);
  if (flow.step === 'form') {
    body = (
      <>
        {flow.error !== undefined && !allocated && <StatusError error={flow.error} title={t('OKG_PREVIEW_FAILED')} />}
        {allocated && req && (
          <div data-testid="rollout-allocated" style={{ marginBottom: 8 }}>
            <Alert type="warning" title={t('OKG_ALLOCATED_REFUSED', { count: allocated.length })}>
              <div>{allocated.join(', ')}</div>
              <Button
                size="xs"
                color="error"
                data-testid="rollout-force"
                style={{ marginTop: 8 }}
                loading={flow.busy}
                onClick={() => void flow.runPreview({ ...req, force: true })}
              >
                {t('OKG_FORCE_PREVIEW')}
              </Button>
            </Alert>
          </div>
        )}
        {Object.keys(form.images).map((c) => (
          <FormField key={c} label={t('OKG_ROLLOUT_IMAGE_OF', { container: c })} error={err(`images.${c}`)} testId={`rollout-image-${c}`}>
            <TextInput
              testId={`rollout-image-${c}-input`}
              value={form.images[c]}
              onChange={(v) => update({ ...form, images: { ...form.images, [c]: v } })}
            />
          </FormField>
        ))}
        <Row>
          <FormField label={t('OKG_PARTITION')} error={err('partition')} hint={t('OKG_ROLLOUT_PARTITION_HINT', { replicas: rollout.replicas })} testId="rollout-partition">
            <TextInput testId="rollout-partition-input" inputMode="numeric" width={140} value={form.partition} onChange={(v) => update({ ...form, partition: v })} />
          </FormField>
          <FormField label={t('OKG_MAX_UNAVAILABLE')} error={err('maxUnavailable')} hint="2 / 20%" testId="rollout-max-unavailable">
            <TextInput testId="rollout-max-unavailable-input" width={140} value={form.maxUnavailable} onChange={(v) => update({ ...form, maxUnavailable: v })} />
          </FormField>
        </Row>
        <FormField as="div" label={t('OKG_POD_UPDATE_POLICY')} error={err('podUpdatePolicy')}>
          <Choice
            testId="rollout-policy"
            value={form.podUpdatePolicy}
            options={enumOptions(t, 'podUpdatePolicy', POD_UPDATE_POLICIES as readonly string[])}
            onChange={(v) => update({ ...form, podUpdatePolicy: v })}
          />
        </FormField>
        <FormField as="div" label={t('OKG_ROLLOUT_STATE')}>
          <Choice
            testId="rollout-paused"
            value={form.paused ? 'paused' : 'running'}
            options={[
              { value: 'running', label: t('OKG_ROLLOUT_RUNNING') },
              { value: 'paused', label: t('OKG_PAUSED') },
            ]}
            onChange={(v) => update({ ...form, paused: v === 'paused' })}
          />
        </FormField>
        {touched && !req && <Alert type="info">{t('OKG_ROLLOUT_NOTHING')}</Alert>}
      </>
    );
    footer = (
      <FormFooter
        previewTestId="rollout-preview-btn"
        busy={flow.busy}
        onCancel={onClose}
        onPreview={() => {
          setTouched(true);
          if (Object.keys(clientErrors).length === 0 && req) void flow.runPreview(req);
        }}
      />
    );
  } else if (flow.step === 'preview' && flow.request) {
    const changes = rolloutChanges(flow.request, rollout);
    const partition = flow.request.partition ?? rollout.partition;
    body = (
      <div data-testid="rollout-preview">
        {flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_APPLY_FAILED')} />}
        {flow.request.force && (
          <div style={{ marginBottom: 8 }}>
            <Alert type="warning">{t('OKG_FORCED')}</Alert>
          </div>
        )}
        <Strong>{t('OKG_ROLLOUT_PREVIEW_TITLE')}</Strong>
        {changes.map((c) => (
          <div key={c.field} data-field={c.field}>
            <Mono data-raw="true">
              {c.field}: {c.before || '-'} → {c.after}
            </Mono>
          </div>
        ))}
        {flow.request.images && (
          <div style={{ marginTop: 12 }}>
            <Alert type="warning">{t('OKG_ROLLOUT_PREVIEW_UPDATES', { count: Math.max(0, rollout.replicas - partition), partition })}</Alert>
          </div>
        )}
      </div>
    );
    footer = <PreviewFooter applyTestId="rollout-apply" busy={flow.busy} onBack={flow.back} onApply={() => void flow.apply()} />;
  } else {
    body = <Alert type="info">{t('OKG_ROLLOUT_DONE')}</Alert>;
    footer = <DoneFooter onClose={onClose} />;
  }
  return (
    <Modal visible width={720} title={t('OKG_ROLLOUT_EDIT_TITLE', { name })} onCancel={onClose} footer={footer} maskClosable={false} destroyOnClose>
      <div data-testid="rollout-dialog" data-step={flow.step} style={{ padding: '12px 20px' }}>
        {body}
      </div>
    </Modal>
  );
}

function progressText(t: Translate, r: Rollout): string {
  return t('OKG_ROLLOUT_PROGRESS', {
    updated: r.updatedReplicas,
    ready: r.updatedReadyReplicas,
    current: r.currentReplicas,
    replicas: r.replicas,
  });
}

/** Hot update: progress from status, the servers still on the old image, and the update form. */
export function RolloutPanel({
  namespace,
  name,
  updateType,
}: {
  namespace: string;
  name: string;
  /** the set's updateStrategy.type (RollingUpdate, OnDelete) */
  updateType?: string;
}): React.ReactElement {
  const t = useT();
  const query = useRollout(namespace, name);
  const [dialog, setDialog] = useState<RolloutForm | null>(null);
  const cols = useMemo(() => pendingColumns(), []);
  // a user who may only view (KubeSphere "Game Server Viewing") is not offered changes
  const canManage = useCanManage();
  const r = query.data;
  if (query.error && !r) return <StatusError error={query.error} />;
  if (!r) return <Hint>{t('OKG_LOADING')}</Hint>;
  const progress = rolloutProgress(r);
  return (
    <div data-testid="rollout-panel">
      <Row style={{ justifyContent: 'space-between', marginBottom: 12 }}>
        <div style={{ flex: 1, minWidth: 240 }}>
          <Strong data-testid="rollout-progress">{progressText(t, r)}</Strong>
          <Progress
            size="lg"
            sections={[
              { value: progress.readyPercent, color: 'green' },
              { value: Math.max(0, progress.percent - progress.readyPercent), color: 'blue' },
            ]}
            aria-label={progressText(t, r)}
          />
          <Hint>
            {progress.done ? t('OKG_ROLLOUT_DONE_TARGET', { target: progress.target }) : t('OKG_ROLLOUT_TARGET', { target: progress.target })}
          </Hint>
        </div>
        {canManage && (
        <span style={{ display: 'inline-flex', gap: 8 }}>
          <Button size="sm" variant="outline" data-testid="rollout-edit" onClick={() => setDialog(rolloutFormOf(r))}>
            {t('OKG_ROLLOUT_EDIT')}
          </Button>
          <Button
            size="sm"
            variant="outline"
            data-testid="rollout-toggle-pause"
            onClick={() => setDialog({ ...rolloutFormOf(r), paused: !r.paused })}
          >
            {t(r.paused ? 'OKG_ROLLOUT_RESUME' : 'OKG_ROLLOUT_PAUSE')}
          </Button>
        </span>
        )}
      </Row>
      <Fields
        items={[
          ...(updateType ? [{ label: t('OKG_UPDATE_TYPE'), value: enumText(t, 'updateStrategy', updateType) }] : []),
          { label: t('OKG_PARTITION'), value: r.partition },
          { label: t('OKG_PAUSED'), value: r.paused ? t('OKG_YES') : t('OKG_NO') },
          { label: t('OKG_POD_UPDATE_POLICY'), value: enumText(t, 'podUpdatePolicy', r.podUpdatePolicy) },
          { label: t('OKG_MAX_UNAVAILABLE'), value: r.maxUnavailable },
          {
            label: t('OKG_COL_IMAGES'),
            value: Object.entries(r.images).map(([c, im]) => <ImageRef key={c} container={c} prefix={`${c}: `} image={im} />),
          },
        ]}
      />
      <Strong style={{ marginTop: 12 }}>{t('OKG_ROLLOUT_PENDING', { count: r.pending.length })}</Strong>
      {r.pending.length > 0 ? (
        <DataTable testId="rollout-pending" columns={cols} rows={r.pending} rowKey={(p) => p.name} />
      ) : (
        <Hint>{t('OKG_ROLLOUT_NONE_PENDING')}</Hint>
      )}
      {r.pinned.length > 0 && (
        <div data-testid="rollout-pinned" style={{ marginTop: 12 }}>
          <Strong>{t('OKG_ROLLOUT_PINNED', { count: r.pinned.length })}</Strong>
          <Hint>{t('OKG_ROLLOUT_PINNED_HINT')}</Hint>
          <DataTable testId="rollout-pinned-table" columns={cols} rows={r.pinned} rowKey={(p) => p.name} />
        </div>
      )}
      {dialog && <RolloutDialog namespace={namespace} name={name} rollout={r} initial={dialog} onClose={() => setDialog(null)} />}
    </div>
  );
}
