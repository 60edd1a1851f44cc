import { Alert, Button, Checkbox, Input, Modal } from '@kubed/components';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import styled from 'styled-components';
import type { ItemResult } from '../api/ops';
import { useApi } from '../app/env';
import { useOperation, type OperationRunner, type Step } from '../hooks/useOperation';
import { useT, type MessageKey, type Translate } from '../i18n';
import { enumText } from '../utils/enums';
import { OPS_STATES } from '../utils/okg';
import {
  actionSpec,
  allocatedChanging,
  canApply,
  emptyForm,
  fieldChanges,
  itemOutcome,
  noteKey,
  runOperation,
  toOperation,
  validateForm,
  type ActionForm,
  type ActionId,
  type Combined,
  type Outcome,
  type TargetGroup,
} from '../utils/operations';
import { DataTable, type Column } from './DataTable';
import { ErrorText, Field, Row } from './FormParts';
import { ResourcesForm } from './ResourcesForm';
import { Mono } from './Layout';
import { StateTag } from './StateTag';
import { StatusError } from './StatusError';

const Summary = styled.p`
  margin: 0 0 8px;
  font-weight: 600;
`;

const Change = styled.div<{ changed: boolean }>`
  white-space: nowrap;
  color: ${({ changed }) => (changed ? '#242e42' : '#79879c')};
`;

const DESCRIPTIONS: Record<ActionId, MessageKey> = {
  opsState: 'OKG_ACTION_OPS_STATE_DESC',
  updatePriority: 'OKG_ACTION_UPDATE_PRIORITY_DESC',
  deletionPriority: 'OKG_ACTION_DELETION_PRIORITY_DESC',
  networkDisabled: 'OKG_ACTION_NETWORK_DESC',
  image: 'OKG_ACTION_IMAGE_DESC',
  resources: 'OKG_ACTION_RESOURCES_DESC',
  delete: 'OKG_ACTION_DELETE_POD_DESC',
  kill: 'OKG_ACTION_KILL_DESC',
  drain: 'OKG_DRAIN_EXPLAIN',
};

const OUTCOME_LABELS: Record<'preview' | 'result', Record<Outcome, MessageKey>> = {
  preview: { changed: 'OKG_OUTCOME_WILL_CHANGE', unchanged: 'OKG_OUTCOME_UNCHANGED', failed: 'OKG_OUTCOME_WOULD_FAIL' },
  result: { changed: 'OKG_OUTCOME_OK', unchanged: 'OKG_OUTCOME_UNCHANGED', failed: 'OKG_OUTCOME_FAILED' },
};

const OUTCOME_TONES = { changed: 'success', unchanged: 'default', failed: 'error' } as const;

function itemColumns(t: Translate, phase: 'preview' | 'result'): Column<ItemResult>[] {
  return [
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      render: (it) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {it.name} <span style={{ color: '#79879c' }}>{it.namespace}</span>
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
            <StateTag label={t(OUTCOME_LABELS[phase][o])} tone={OUTCOME_TONES[o]} />
          </span>
        );
      },
    },
    {
      key: 'change',
      title: 'OKG_COL_CHANGE',
      render: (it) =>
        it.ok ? (
          fieldChanges(it.before, it.after).map((c) => (
            <Change key={c.field} changed={c.changed} data-field={c.field}>
              <Mono data-raw="true">
                {c.field}: {c.before} → {c.after}
              </Mono>
            </Change>
          ))
        ) : (
          <ErrorText>{it.error}</ErrorText>
        ),
    },
  ];
}

/** Drain: one request for the node; the server picks its game servers. A refusal is shown under the node's name. */
function drainRunner(api: ReturnType<typeof useApi>, node: string): OperationRunner {
  return async (_operation, opts) => {
    try {
      if (!api.drainNode) throw new Error('draining nodes is not offered by this API');
      return [{ namespace: node, result: await api.drainNode(node, opts.dryRun) }];
    } catch (error) {
      return [{ namespace: node, error }];
    }
  };
}

function Counts({ c, phase }: { c: Combined; phase: 'preview' | 'result' }): React.ReactElement {
  const t = useT();
  const key: MessageKey = phase === 'preview' ? 'OKG_PREVIEW_SUMMARY' : 'OKG_RESULT_SUMMARY';
  return (
    <Summary data-testid={`${phase}-summary`}>
      {t(key, { changed: c.changed, unchanged: c.unchanged, failed: c.failed })}
    </Summary>
  );
}

function GroupErrors({ c, node }: { c: Combined; node?: string }): React.ReactElement {
  const t = useT();
  return (
    <>
      {c.errors.map((e) => (
        <StatusError
          key={e.namespace}
          error={e.error}
          title={node !== undefined ? t('OKG_DRAIN_REFUSED', { node }) : t('OKG_OPERATION_FAILED_IN', { namespace: e.namespace })}
        />
      ))}
    </>
  );
}

function ParamsForm({
  action,
  form,
  setForm,
  errors,
  containers,
}: {
  action: ActionId;
  form: ActionForm;
  setForm: (f: ActionForm) => void;
  errors: ReturnType<typeof validateForm>;
  containers: string[];
}): React.ReactElement | null {
  const t = useT();
  switch (action) {
    case 'opsState':
      return (
        <Field as="div">
          {t('OKG_COL_OPS_STATE')}
          <Row role="radiogroup" data-testid="op-ops-state">
            {OPS_STATES.map((s) => (
              <Button
                key={s}
                size="sm"
                role="radio"
                aria-checked={form.opsState === s}
                variant={form.opsState === s ? 'filled' : 'outline'}
                color={form.opsState === s ? 'secondary' : 'default'}
                onClick={() => setForm({ ...form, opsState: s })}
              >
                {enumText(t, 'opsState', s)}
              </Button>
            ))}
          </Row>
          {errors.opsState && <ErrorText>{t(errors.opsState)}</ErrorText>}
        </Field>
      );
    case 'updatePriority':
    case 'deletionPriority':
      return (
        <Field>
          {t(action === 'updatePriority' ? 'OKG_COL_UPDATE_PRIORITY' : 'OKG_COL_DELETION_PRIORITY')}
          <Input
            data-testid="op-priority"
            inputMode="numeric"
            value={form.priority}
            placeholder="0"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, priority: e.target.value })}
          />
          {errors.priority && <ErrorText>{t(errors.priority)}</ErrorText>}
        </Field>
      );
    case 'networkDisabled':
      return (
        <Field as="div">
          {t('OKG_COL_NETWORK')}
          <Row role="radiogroup" data-testid="op-network">
            {[true, false].map((disabled) => (
              <Button
                key={String(disabled)}
                size="sm"
                role="radio"
                aria-checked={form.networkDisabled === disabled}
                variant={form.networkDisabled === disabled ? 'filled' : 'outline'}
                color={form.networkDisabled === disabled ? 'secondary' : 'default'}
                onClick={() => setForm({ ...form, networkDisabled: disabled })}
              >
                {t(disabled ? 'OKG_NETWORK_OFF' : 'OKG_NETWORK_ON')}
              </Button>
            ))}
          </Row>
        </Field>
      );
    case 'image':
      return (
        <>
          <Field>
            {t('OKG_CONTAINER')}
            <Input
              data-testid="op-container"
              value={form.container}
              list="okg-op-containers"
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, container: e.target.value })}
            />
            <datalist id="okg-op-containers">
              {containers.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            {errors.container && <ErrorText>{t(errors.container)}</ErrorText>}
          </Field>
          <Field>
            {t('OKG_COL_IMAGE')}
            <Input
              data-testid="op-image"
              value={form.image}
              placeholder="registry/game:1.2.3"
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, image: e.target.value })}
            />
            {errors.image && <ErrorText>{t(errors.image)}</ErrorText>}
          </Field>
        </>
      );
    case 'resources':
      return <ResourcesForm form={form} setForm={setForm} errors={errors} />;
    default:
      return null;
  }
}

/**
 * One operation on the chosen game servers: parameters, then the dry-run preview (per-item
 * before → after, notes, refusals), then apply and per-item results. Draining a node is the
 * same flow, with the node instead of chosen servers.
 */
export function OperationDialog({
  action,
  groups = [],
  node,
  containers = [],
  onClose,
}: {
  action: ActionId;
  /** the chosen game servers, one group per namespace */
  groups?: TargetGroup[];
  /** drain: the node whose game servers the server picks (instead of groups) */
  node?: string;
  /** container names of the selection, offered for image updates */
  containers?: string[];
  /** `applied` is true once the operation ran */
  onClose: (applied: boolean) => void;
}): React.ReactElement {
  const t = useT();
  const spec = actionSpec(action);
  const api = useApi();
  const run = useCallback<OperationRunner>(
    (operation, opts) => (node !== undefined ? drainRunner(api, node)(operation, opts) : runOperation(api, groups, operation, opts)),
    [api, groups, node],
  );
  const flow = useOperation(run);
  const [form, setForm] = useState<ActionForm>(() => emptyForm(containers[0] ?? '', containers));
  const [touched, setTouched] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const errors = useMemo(() => validateForm(action, form), [action, form]);
  const valid = Object.keys(errors).length === 0;
  const count = groups.reduce((n, g) => n + g.names.length, 0);
  const previewCols = useMemo(() => itemColumns(t, 'preview'), [t]);
  const resultCols = useMemo(() => itemColumns(t, 'result'), [t]);

  useEffect(() => setConfirmed(false), [flow.step]);

  const preview = (force: boolean) => {
    setTouched(true);
    if (valid) void flow.runPreview(toOperation(action, form), force);
  };
  const close = () => onClose(flow.step === 'result');
  const step: Step = flow.step;

  let body: React.ReactNode;
  let footer: React.ReactNode;
  if (step === 'form') {
    body = (
      <>
        <p style={{ marginTop: 0 }}>{t(DESCRIPTIONS[action])}</p>
        <ParamsForm action={action} form={form} setForm={setForm} errors={touched ? errors : {}} containers={containers} />
        {groups.length > 1 && (
          <Alert type="info">{t('OKG_SPLIT_BY_NAMESPACE', { count: groups.length })}</Alert>
        )}
      </>
    );
    footer = (
      <>
        <Button variant="outline" onClick={close}>
          {t('OKG_CANCEL')}
        </Button>
        <Button color="secondary" data-testid="op-preview" loading={flow.busy} onClick={() => preview(false)}>
          {t('OKG_PREVIEW')}
        </Button>
      </>
    );
  } else if (step === 'preview' && flow.preview) {
    const p = flow.preview;
    const changingAllocated = allocatedChanging(p.items);
    body = (
      <div data-testid="op-preview-body">
        <Counts c={p} phase="preview" />
        {p.notes.map((n) => {
          const key = noteKey(n);
          return (
            <div key={n} style={{ marginBottom: 8 }} data-testid="op-note">
              <Alert type="info">{key ? t(key) : n}</Alert>
            </div>
          );
        })}
        {changingAllocated.length > 0 && (
          <div data-testid="op-allocated-changing" style={{ marginBottom: 8 }}>
            <Alert type="warning" title={t('OKG_ALLOCATED_CHANGING', { count: changingAllocated.length })}>
              <div>{changingAllocated.map((it) => `${it.namespace}/${it.name}`).join(', ')}</div>
            </Alert>
          </div>
        )}
        {p.allocated.length > 0 && (
          <div data-testid="op-allocated" style={{ marginBottom: 8 }}>
            <Alert type="warning" title={t('OKG_ALLOCATED_REFUSED', { count: p.allocated.length })}>
              <div>{p.allocated.join(', ')}</div>
              <Button size="xs" color="error" data-testid="op-force" style={{ marginTop: 8 }} loading={flow.busy} onClick={() => preview(true)}>
                {t('OKG_FORCE_PREVIEW')}
              </Button>
            </Alert>
          </div>
        )}
        {flow.force && (
          <div style={{ marginBottom: 8 }}>
            <Alert type="warning">{t('OKG_FORCED')}</Alert>
          </div>
        )}
        <GroupErrors c={p} node={node} />
        {p.items.length > 0 && (
          <DataTable testId="op-preview-items" columns={previewCols} rows={p.items} rowKey={(it) => `${it.namespace}/${it.name}`} />
        )}
        {p.changed === 0 && !p.errors.length && !p.allocated.length && <Alert type="info">{t('OKG_NOTHING_TO_CHANGE')}</Alert>}
        {spec.needsConfirm && (
          <div style={{ marginTop: 12 }}>
            <Checkbox
              data-testid="op-confirm"
              label={t('OKG_CONFIRM_ACTION', { action: t(spec.label), count: p.changed })}
              checked={confirmed}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setConfirmed(e.target.checked)}
            />
          </div>
        )}
      </div>
    );
    footer = (
      <>
        <Button variant="outline" onClick={flow.back}>
          {t('OKG_BACK')}
        </Button>
        <Button
          color={spec.danger ? 'error' : 'secondary'}
          data-testid="op-apply"
          loading={flow.busy}
          disabled={!canApply(p, spec, confirmed)}
          onClick={() => void flow.apply(confirmed)}
        >
          {t('OKG_APPLY')}
        </Button>
      </>
    );
  } else if (flow.result) {
    const r = flow.result;
    body = (
      <div data-testid="op-result-body">
        <Counts c={r} phase="result" />
        <GroupErrors c={r} node={node} />
        {r.allocated.length > 0 && <Alert type="warning">{t('OKG_ALLOCATED_REFUSED', { count: r.allocated.length })}</Alert>}
        {r.items.length > 0 && (
          <DataTable testId="op-result-items" columns={resultCols} rows={r.items} rowKey={(it) => `${it.namespace}/${it.name}`} />
        )}
      </div>
    );
    footer = (
      <Button color="secondary" data-testid="op-close" onClick={close}>
        {t('OKG_CLOSE')}
      </Button>
    );
  }

  return (
    <Modal
      visible
      width={760}
      title={node !== undefined ? t('OKG_DRAIN_TITLE', { node }) : t(spec.label)}
      description={node !== undefined ? undefined : t('OKG_OPERATION_TARGETS', { count })}
      onCancel={close}
      footer={footer}
      maskClosable={false}
      destroyOnClose
    >
      <div data-testid="op-dialog" data-step={step} style={{ padding: '12px 20px' }}>
        {body}
      </div>
    </Modal>
  );
}
