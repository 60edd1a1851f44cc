import { Alert, Button, Checkbox, Modal } from '@kubed/components';
import React, { useMemo, useState } from 'react';
import type { ScalePreview, ScaleRequest } from '../api/scaling';
import type { GameServerView } from '../api/types';
import { usePreviewApply, useScalingApi, useSetServers } from '../hooks/useScaling';
import { useT, type MessageKey } from '../i18n';
import { enumOptions } from '../utils/enums';
import { GAME_SERVER_STATES, OPS_STATES } from '../utils/okg';
import {
  allocatedRefusal,
  emptyScaleForm,
  isRisky,
  previewWarnings,
  REMOVE_MODES,
  SCALE_METHODS,
  scaleCauses,
  scaleOutcome,
  toScaleRequest,
  validateScaleForm,
  type FilterSort,
  type RemoveMode,
  type ScaleForm,
} from '../utils/scaling';
import { DataTable, type Column } from './DataTable';
import { DoneFooter, PreviewFooter } from './FlowFooter';
import { Choice, FormField, Hint, Row, TextInput } from './FormParts';
import { AllocatedRefusalView, ScalePreviewView, ScaleResultView } from './ScaleOutcome';
import { EnumTag } from './StateTag';
import { StatusError } from './StatusError';

const MODE_LABELS: Record<RemoveMode, MessageKey> = {
  none: 'OKG_SCALE_MODE_NONE',
  ids: 'OKG_SCALE_MODE_IDS',
  pick: 'OKG_SCALE_MODE_PICK',
  filter: 'OKG_SCALE_MODE_FILTER',
};

const METHOD_LABELS: Record<string, MessageKey> = {
  WaitToBeDeleted: 'OKG_SCALE_METHOD_WAIT',
  ReserveIds: 'OKG_SCALE_METHOD_RESERVE',
};

const SORT_LABELS: Record<FilterSort, MessageKey> = {
  deletionPriority: 'OKG_COL_DELETION_PRIORITY',
  id: 'OKG_COL_ID',
  age: 'OKG_COL_AGE',
};

function pickColumns(): Column<GameServerView>[] {
  return [
    { key: 'name', title: 'OKG_COL_NAME', render: (s) => s.name },
    { key: 'id', title: 'OKG_COL_ID', render: (s) => s.id },
    { key: 'state', title: 'OKG_COL_STATE', render: (s) => <EnumTag kind="state" value={s.state} /> },
    {
      key: 'opsState',
      title: 'OKG_COL_OPS_STATE',
      render: (s) => <EnumTag kind="opsState" value={s.opsState} />,
    },
    { key: 'dp', title: 'OKG_COL_DELETION_PRIORITY', render: (s) => s.deletionPriority },
  ];
}

function PickServers({
  namespace,
  name,
  picked,
  onChange,
}: {
  namespace: string;
  name: string;
  picked: string[];
  onChange: (names: string[]) => void;
}): React.ReactElement {
  const t = useT();
  const servers = useSetServers(namespace, name, true);
  const cols = useMemo(() => pickColumns(), []);
  const selected = useMemo(() => new Set(picked), [picked]);
  if (servers.error) return <StatusError error={servers.error} />;
  if (!servers.data) return <Hint>{t('OKG_LOADING')}</Hint>;
  return (
    <div style={{ maxHeight: 260, overflow: 'auto' }}>
      <DataTable
        testId="scale-pick"
        columns={cols}
        rows={servers.data.items}
        rowKey={(s) => s.name}
        selection={{
          selected,
          toggle: (key) => onChange(selected.has(key) ? picked.filter((n) => n !== key) : [...picked, key]),
          setAll: (keys, on) => onChange(on ? [...new Set([...picked, ...keys])] : picked.filter((n) => !keys.includes(n))),
        }}
      />
    </div>
  );
}

function ScaleFormView({
  form,
  setForm,
  errors,
  namespace,
  name,
  current,
}: {
  form: ScaleForm;
  setForm: (f: ScaleForm) => void;
  errors: Partial<Record<string, string>>;
  namespace: string;
  name: string;
  current: number;
}): React.ReactElement {
  const t = useT();
  const f = form.filter;
  const setFilter = (patch: Partial<ScaleForm['filter']>) => setForm({ ...form, filter: { ...f, ...patch } });
  return (
    <>
      <FormField
        label={t('OKG_SCALE_REPLICAS')}
        error={errors.replicas}
        hint={form.mode === 'none' ? t('OKG_SCALE_CURRENT', { count: current }) : t('OKG_SCALE_REPLICAS_HINT', { count: current })}
        testId="scale-replicas"
      >
        <TextInput
          testId="scale-replicas-input"
          inputMode="numeric"
          width={160}
          value={form.replicas}
          onChange={(replicas) => setForm({ ...form, replicas })}
        />
      </FormField>
      <FormField as="div" label={t('OKG_SCALE_WHICH')} testId="scale-mode">
        <Choice
          testId="scale-mode-choice"
          value={form.mode}
          options={REMOVE_MODES.map((m) => ({ value: m, label: t(MODE_LABELS[m]) }))}
          onChange={(mode) => setForm({ ...form, mode, replicas: replicasForMode(form.replicas, mode, current) })}
        />
      </FormField>
      {form.mode === 'ids' && (
        <FormField label={t('OKG_FILTER_IDS')} error={errors.ids} hint={t('OKG_SCALE_IDS_HINT')} testId="scale-ids">
          <TextInput testId="scale-ids-input" value={form.ids} placeholder="1,3,7-9" onChange={(ids) => setForm({ ...form, ids })} />
        </FormField>
      )}
      {form.mode === 'pick' && (
        <FormField as="div" label={t('OKG_SCALE_PICKED', { count: form.picked.length })} error={errors.picked} testId="scale-picked">
          <PickServers namespace={namespace} name={name} picked={form.picked} onChange={(picked) => setForm({ ...form, picked })} />
        </FormField>
      )}
      {form.mode === 'filter' && (
        <FormField as="div" label={t('OKG_SCALE_FILTER')} error={errors.filter} testId="scale-filter">
          <FormField as="div" label={t('OKG_COL_OPS_STATE')}>
            <Choice
              testId="scale-filter-ops"
              value={f.opsState}
              options={[{ value: '', label: t('OKG_FILTER_ANY') }, ...enumOptions<string>(t, 'opsState', OPS_STATES)]}
              onChange={(opsState) => setFilter({ opsState })}
            />
          </FormField>
          <FormField as="div" label={t('OKG_COL_STATE')}>
            <Choice
              testId="scale-filter-state"
              value={f.state}
              options={[
                { value: '', label: t('OKG_FILTER_ANY') },
                ...enumOptions<string>(t, 'state', GAME_SERVER_STATES.slice(0, 4)),
              ]}
              onChange={(state) => setFilter({ state })}
            />
          </FormField>
          <Row>
            <FormField as="div" label={t('OKG_SCALE_SORT_BY')}>
              <Choice
                testId="scale-filter-sort"
                value={f.sortBy}
                options={(Object.keys(SORT_LABELS) as FilterSort[]).map((s) => ({ value: s, label: t(SORT_LABELS[s]) }))}
                onChange={(sortBy) => setFilter({ sortBy })}
              />
            </FormField>
            <FormField as="div" label={t('OKG_SCALE_ORDER_DIRECTION')}>
              <Choice
                testId="scale-filter-direction"
                value={f.ascending ? 'asc' : 'desc'}
                options={[
                  { value: 'desc', label: t('OKG_SCALE_DESCENDING') },
                  { value: 'asc', label: t('OKG_SCALE_ASCENDING') },
                ]}
                onChange={(d) => setFilter({ ascending: d === 'asc' })}
              />
            </FormField>
            <FormField label={t('OKG_SCALE_LIMIT')} error={errors.limit} hint={t('OKG_SCALE_LIMIT_HINT')} testId="scale-limit">
              <TextInput testId="scale-limit-input" inputMode="numeric" width={120} value={f.limit} onChange={(limit) => setFilter({ limit })} />
            </FormField>
          </Row>
        </FormField>
      )}
      {form.mode !== 'none' && (
        <FormField as="div" label={t('OKG_SCALE_METHOD')} error={errors.method} testId="scale-method">
          <Choice
            testId="scale-method-choice"
            value={form.method}
            options={SCALE_METHODS.map((m) => ({ value: m, label: t(METHOD_LABELS[m]) }))}
            onChange={(method) => setForm({ ...form, method })}
          />
          <Hint>{t(form.method === 'ReserveIds' ? 'OKG_SCALE_METHOD_RESERVE_DESC' : 'OKG_SCALE_METHOD_WAIT_DESC')}</Hint>
        </FormField>
      )}
    </>
  );
}

/**
 * Scale a GameServerSet: replicas, optionally which servers go and how; always the dry-run
 * preview (OKG's removal order, kept and reserved ids, warnings) before Apply.
 */
export function ScaleDialog({
  namespace,
  name,
  replicas,
  onClose,
}: {
  namespace: string;
  name: string;
  /** spec.replicas as the page knows it */
  replicas: number;
  onClose: (applied: boolean) => void;
}): React.ReactElement {
  const t = useT();
  const api = useScalingApi();
  const flow = usePreviewApply<ScaleRequest, ScalePreview>((req, dryRun) => api.scale(namespace, name, req, dryRun));
  const [form, setForm] = useState<ScaleForm>(() => emptyScaleForm(replicas));
  const [touched, setTouched] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const clientErrors = validateScaleForm(form, replicas);
  // chosen servers with players on them: shown with the force that overrides it, not on a field
  const refused = flow.step === 'form' ? allocatedRefusal(flow.error) : null;
  const server = refused ? { fields: {} } : scaleCauses(flow.error, form.mode);
  const errors: Partial<Record<string, string>> = { ...server.fields };
  if (touched) for (const [k, v] of Object.entries(clientErrors)) errors[k] = t(v);

  const update = (f: ScaleForm) => {
    setForm(f);
    flow.clearError();
  };
  /** force: take out chosen Allocated servers (the user confirmed it after a refusal) */
  const preview = (force = false) => {
    setTouched(true);
    setConfirmed(false);
    if (Object.keys(clientErrors).length > 0) return;
    const req = toScaleRequest(form);
    void flow.runPreview(force ? { ...req, force: true } : req);
  };
  // applied once a real scale answered, even if it failed and the user went back to the form
  const close = () => onClose(flow.result !== undefined);
  const risky = flow.preview ? previewWarnings(flow.preview.warnings).some(isRisky) : false;

  let body: React.ReactNode;
  let footer: React.ReactNode;
  if (flow.step === 'form') {
    body = (
      <>
        {refused ? (
          <AllocatedRefusalView names={refused} busy={flow.busy} onForce={() => preview(true)} />
        ) : (
          flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_PREVIEW_FAILED')} />
        )}
        <ScaleFormView form={form} setForm={update} errors={errors} namespace={namespace} name={name} current={replicas} />
      </>
    );
    footer = (
      <>
        <Button variant="outline" onClick={close}>
          {t('OKG_CANCEL')}
        </Button>
        <Button color="secondary" data-testid="scale-preview-btn" loading={flow.busy} onClick={() => preview()}>
          {t('OKG_PREVIEW')}
        </Button>
      </>
    );
  } else if (flow.step === 'preview' && flow.preview) {
    body = (
      <>
        {flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_APPLY_FAILED')} />}
        {flow.request?.force && (
          <div style={{ marginBottom: 8 }} data-testid="scale-forced">
            <Alert type="warning">{t('OKG_FORCED')}</Alert>
          </div>
        )}
        <ScalePreviewView preview={flow.preview} />
        {risky && (
          <div style={{ marginTop: 12 }}>
            <Checkbox
              data-testid="scale-confirm"
              label={t('OKG_SCALE_CONFIRM_RISKY')}
              checked={confirmed}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setConfirmed(e.target.checked)}
            />
          </div>
        )}
      </>
    );
    footer = (
      <PreviewFooter
        applyTestId="scale-apply"
        backTestId="scale-back"
        busy={flow.busy}
        risky={risky}
        blocked={risky && !confirmed}
        onBack={flow.back}
        onApply={() => void flow.apply()}
      />
    );
  } else if (flow.result) {
    const ok = scaleOutcome(flow.result).ok;
    body = <ScaleResultView result={flow.result} />;
    footer = (
      <>
        {!ok && (
          <Button variant="outline" data-testid="scale-again" onClick={flow.back}>
            {t('OKG_SCALE_PREVIEW_AGAIN')}
          </Button>
        )}
        <DoneFooter closeTestId="scale-close" onClose={close} />
      </>
    );
  }

  return (
    <Modal
      visible
      width={820}
      title={t('OKG_SCALE_TITLE', { name })}
      description={t('OKG_SCALE_DESC')}
      onCancel={close}
      footer={footer}
      maskClosable={false}
      destroyOnClose
    >
      <div data-testid="scale-dialog" data-step={flow.step} style={{ padding: '12px 20px', maxHeight: '70vh', overflow: 'auto' }}>
        {body}
      </div>
    </Modal>
  );
}

/**
 * Choosing servers to remove makes the untouched current replicas mean "current minus the
 * chosen" (an empty field); going back to "OKG decides" restores the current count.
 */
function replicasForMode(replicas: string, mode: RemoveMode, current: number): string {
  if (mode !== 'none' && replicas.trim() === String(current)) return '';
  if (mode === 'none' && replicas.trim() === '') return String(current);
  return replicas;
}
