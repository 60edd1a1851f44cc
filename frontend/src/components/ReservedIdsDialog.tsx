import { Alert, Modal } from '@kubed/components';
import React, { useState } from 'react';
import type { ReservePreview, ReserveRequest } from '../api/scaling';
import { usePreviewApply, useScalingApi } from '../hooks/useScaling';
import { useT } from '../i18n';
import { enumOptions } from '../utils/enums';
import { placeCauses } from '../utils/fieldErrors';
import { previewWarnings, toReserveRequest, validateReserveForm, warningText, type ReserveForm, type ScaleDownStrategy } from '../utils/scaling';
import { DoneFooter, FormFooter, PreviewFooter } from './FlowFooter';
import { Choice, FormField, Hint, Strong, TextInput } from './FormParts';
import { Mono } from './Layout';
import { MemberTable } from './MemberTable';
import { StatusError } from './StatusError';

const STRATEGIES: readonly ScaleDownStrategy[] = ['General', 'ReserveIds'];

/** Edit reserveGameServerIds: the dry run names the running servers OKG would delete, then apply. */
export function ReservedIdsDialog({
  namespace,
  name,
  ids,
  strategy,
  onClose,
}: {
  namespace: string;
  name: string;
  ids: string;
  strategy: string;
  onClose: () => void;
}): React.ReactElement {
  const t = useT();
  const api = useScalingApi();
  const flow = usePreviewApply<ReserveRequest, ReservePreview>((req, dryRun) => api.setReservedIds(namespace, name, req, dryRun));
  const [form, setForm] = useState<ReserveForm>({ ids, strategy: strategy === 'ReserveIds' ? 'ReserveIds' : 'General' });
  const [touched, setTouched] = useState(false);
  const clientErrors = validateReserveForm(form);
  const server = placeCauses(flow.error, (f) => (f === 'ids' || f === 'scaleDownStrategyType' ? f : undefined));
  const idsError = (touched && clientErrors.ids ? t(clientErrors.ids) : undefined) ?? server.fields.ids;
  const update = (f: ReserveForm) => {
    setForm(f);
    flow.clearError();
  };
  const p = flow.preview;

  let body: React.ReactNode;
  let footer: React.ReactNode;
  if (flow.step === 'form') {
    body = (
      <>
        {flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_PREVIEW_FAILED')} />}
        <FormField label={t('OKG_RESERVED_IDS')} error={idsError} hint={t('OKG_RESERVE_IDS_HINT')} testId="reserve-ids">
          <TextInput testId="reserve-ids-input" value={form.ids} placeholder="1,3,7-9" onChange={(v) => update({ ...form, ids: v })} />
        </FormField>
        <FormField as="div" label={t('OKG_SCALE_DOWN_STRATEGY')} error={server.fields.scaleDownStrategyType}>
          <Choice
            testId="reserve-strategy"
            value={form.strategy}
            options={enumOptions(t, 'scaleDownStrategy', STRATEGIES)}
            onChange={(s) => update({ ...form, strategy: s })}
          />
          <Hint>{t(form.strategy === 'ReserveIds' ? 'OKG_RESERVE_STRATEGY_RESERVE_DESC' : 'OKG_RESERVE_STRATEGY_GENERAL_DESC')}</Hint>
        </FormField>
      </>
    );
    footer = (
      <FormFooter
        previewTestId="reserve-preview-btn"
        busy={flow.busy}
        onCancel={onClose}
        onPreview={() => {
          setTouched(true);
          if (!clientErrors.ids) void flow.runPreview(toReserveRequest(form));
        }}
      />
    );
  } else if (flow.step === 'preview' && p) {
    body = (
      <div data-testid="reserve-preview">
        {flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_APPLY_FAILED')} />}
        <Strong>
          {t('OKG_RESERVE_CHANGE')} <Mono>{p.before || t('OKG_NONE')}</Mono> → <Mono data-testid="reserve-after">{p.after || t('OKG_NONE')}</Mono>
          {' · '}
          {p.scaleDownStrategyType}
        </Strong>
        {previewWarnings(p.warnings).map((w, i) => (
          <div key={i} style={{ marginBottom: 8 }}>
            <Alert type="error">{warningText(t, w)}</Alert>
          </div>
        ))}
        <Strong>{t('OKG_RESERVE_AFFECTED', { count: p.affected.length })}</Strong>
        {p.affected.length > 0 ? <MemberTable testId="reserve-affected" rows={p.affected} /> : <Hint>{t('OKG_RESERVE_NONE_AFFECTED')}</Hint>}
      </div>
    );
    footer = (
      <PreviewFooter
        applyTestId="reserve-apply"
        busy={flow.busy}
        risky={p.affected.length > 0}
        onBack={flow.back}
        onApply={() => void flow.apply()}
      />
    );
  } else {
    body = <Alert type="info">{t('OKG_RESERVE_DONE', { ids: flow.result?.after || t('OKG_NONE') })}</Alert>;
    footer = <DoneFooter onClose={onClose} />;
  }
  return (
    <Modal visible width={720} title={t('OKG_RESERVE_TITLE', { name })} onCancel={onClose} footer={footer} maskClosable={false} destroyOnClose>
      <div data-testid="reserve-dialog" data-step={flow.step} style={{ padding: '12px 20px' }}>
        {body}
      </div>
    </Modal>
  );
}
