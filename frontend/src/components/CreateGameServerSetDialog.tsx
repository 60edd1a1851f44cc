import { Alert, Button, Modal, Textarea } from '@kubed/components';
import React, { useState } from 'react';
import type { GameServerSetForm } from '../api/scaling';
import type { KubeObject } from '../api/types';
import { usePaths } from '../app/env';
import { usePreviewApply, useScalingApi } from '../hooks/useScaling';
import { useT } from '../i18n';
import { createdSummary, createSetCauses, emptyCreateSet, toGameServerSetForm, validateCreateSet, type CreateSetState } from '../utils/createSet';
import { enumOptions, enumText } from '../utils/enums';
import { POD_UPDATE_POLICIES } from '../utils/scaling';
import { Link } from 'react-router-dom';
import { Choice, FormField, Hint, Row, Strong, TextInput } from './FormParts';
import { StatusError } from './StatusError';

type Body = GameServerSetForm | { yaml: string };
type Mode = 'form' | 'yaml';

/** Create a GameServerSet from a form or pasted YAML: the server's dry run first, then create. */
export function CreateGameServerSetDialog({ namespace = '', onClose }: { namespace?: string; onClose: () => void }): React.ReactElement {
  const t = useT();
  const api = useScalingApi();
  const paths = usePaths();
  const [mode, setMode] = useState<Mode>('form');
  const [s, setS] = useState<CreateSetState>(() => emptyCreateSet(namespace));
  const [yaml, setYaml] = useState('');
  const [touched, setTouched] = useState(false);
  const flow = usePreviewApply<{ ns: string; body: Body }, KubeObject>((req, dryRun) => api.createGameServerSet(req.ns, req.body, dryRun));
  const clientErrors = validateCreateSet(s);
  const server = createSetCauses(flow.error);
  const err = (f: string) => (touched && clientErrors[f] ? t(clientErrors[f]) : undefined) ?? server.fields[f];
  const set = (patch: Partial<CreateSetState>) => {
    setS({ ...s, ...patch });
    flow.clearError();
  };
  const preview = () => {
    setTouched(true);
    if (mode === 'form') {
      if (Object.keys(clientErrors).length === 0) void flow.runPreview({ ns: s.namespace.trim(), body: toGameServerSetForm(s) });
    } else if (s.namespace.trim() && yaml.trim()) {
      void flow.runPreview({ ns: s.namespace.trim(), body: { yaml } });
    }
  };

  let body: React.ReactNode;
  let footer: React.ReactNode;
  if (flow.step === 'form') {
    body = (
      <>
        {flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_PREVIEW_FAILED')} />}
        <Choice
          testId="create-mode"
          value={mode}
          options={[
            { value: 'form' as const, label: t('OKG_CREATE_FROM_FORM') },
            { value: 'yaml' as const, label: t('OKG_CREATE_FROM_YAML') },
          ]}
          onChange={(m) => {
            setMode(m);
            flow.clearError();
          }}
        />
        <div style={{ height: 12 }} />
        <FormField label={t('OKG_COL_NAMESPACE')} error={err('namespace')} testId="create-namespace">
          <TextInput testId="create-namespace-input" width={240} value={s.namespace} onChange={(v) => set({ namespace: v })} />
        </FormField>
        {mode === 'form' ? (
          <>
            <Row>
              <FormField label={t('OKG_COL_NAME')} error={err('name')} testId="create-name">
                <TextInput testId="create-name-input" width={240} value={s.name} onChange={(v) => set({ name: v })} />
              </FormField>
              <FormField label={t('OKG_SCALE_REPLICAS')} error={err('replicas')} testId="create-replicas">
                <TextInput testId="create-replicas-input" width={120} value={s.replicas} onChange={(v) => set({ replicas: v })} />
              </FormField>
            </Row>
            <Row>
              <FormField label={t('OKG_COL_IMAGE')} error={err('image')} testId="create-image">
                <TextInput testId="create-image-input" width={360} placeholder="registry/game:1.2.3" value={s.image} onChange={(v) => set({ image: v })} />
              </FormField>
              <FormField label={t('OKG_CONTAINER')} error={err('containerName')} testId="create-container">
                <TextInput testId="create-container-input" width={160} value={s.containerName} onChange={(v) => set({ containerName: v })} />
              </FormField>
            </Row>
            <Row>
              <FormField label={t('OKG_NETWORK_TYPE')} error={err('network.type')} hint={enumText(t, 'networkType', 'Kubernetes-HostPort')} testId="create-network-type">
                <TextInput testId="create-network-type-input" width={240} value={s.networkType} onChange={(v) => set({ networkType: v })} />
              </FormField>
              <FormField label={t('OKG_CREATE_NETWORK_CONF')} error={err('network.conf')} hint={t('OKG_CREATE_NETWORK_CONF_HINT')} testId="create-network-conf">
                <Textarea data-testid="create-network-conf-input" minRows={2} value={s.networkConf} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set({ networkConf: e.target.value })} />
              </FormField>
            </Row>
            <Row>
              <FormField label={t('OKG_PARTITION')} error={err('updateStrategy.partition')} testId="create-partition">
                <TextInput testId="create-partition-input" width={120} value={s.partition} onChange={(v) => set({ partition: v })} />
              </FormField>
              <FormField label={t('OKG_MAX_UNAVAILABLE')} error={err('updateStrategy.maxUnavailable')} testId="create-max-unavailable">
                <TextInput testId="create-max-unavailable-input" width={120} value={s.maxUnavailable} onChange={(v) => set({ maxUnavailable: v })} />
              </FormField>
              <FormField as="div" label={t('OKG_POD_UPDATE_POLICY')} error={err('updateStrategy.podUpdatePolicy')}>
                <Choice
                  testId="create-policy"
                  value={s.podUpdatePolicy}
                  options={[{ value: '' as const, label: t('OKG_AS_DEFAULT') }, ...enumOptions(t, 'podUpdatePolicy', POD_UPDATE_POLICIES)]}
                  onChange={(v) => set({ podUpdatePolicy: v })}
                />
              </FormField>
            </Row>
          </>
        ) : (
          <FormField label={t('OKG_CREATE_YAML')} error={touched && !yaml.trim() ? t('OKG_FORM_ERROR_REQUIRED') : server.fields.yaml} testId="create-yaml">
            <Textarea
              data-testid="create-yaml-input"
              spellCheck={false}
              minRows={18}
              value={yaml}
              style={{ fontFamily: 'Monaco, Menlo, monospace', fontSize: 12 }}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                setYaml(e.target.value);
                flow.clearError();
              }}
            />
          </FormField>
        )}
      </>
    );
    footer = (
      <>
        <Button variant="outline" onClick={onClose}>
          {t('OKG_CANCEL')}
        </Button>
        <Button color="secondary" data-testid="create-preview-btn" loading={flow.busy} onClick={preview}>
          {t('OKG_YAML_CHECK')}
        </Button>
      </>
    );
  } else if (flow.step === 'preview' && flow.preview) {
    const sum = createdSummary(flow.preview);
    body = (
      <div data-testid="create-preview">
        {flow.error !== undefined && <StatusError error={flow.error} title={t('OKG_APPLY_FAILED')} />}
        <Strong>{t('OKG_CREATE_VALID', { name: sum.name, namespace: sum.namespace, replicas: sum.replicas })}</Strong>
      </div>
    );
    footer = (
      <>
        <Button variant="outline" onClick={flow.back}>
          {t('OKG_BACK')}
        </Button>
        <Button color="secondary" data-testid="create-apply" loading={flow.busy} onClick={() => void flow.apply()}>
          {t('OKG_CREATE')}
        </Button>
      </>
    );
  } else {
    const sum = createdSummary(flow.result ?? {});
    body = (
      <Alert type="info">
        {t('OKG_CREATE_DONE')} <Link to={paths.gameServerSet(sum.namespace, sum.name)}>{sum.name}</Link>
      </Alert>
    );
    footer = (
      <Button color="secondary" onClick={onClose}>
        {t('OKG_CLOSE')}
      </Button>
    );
  }
  return (
    <Modal visible width={820} title={t('OKG_CREATE_TITLE')} onCancel={onClose} footer={footer} maskClosable={false} destroyOnClose>
      <div data-testid="create-dialog" data-step={flow.step} style={{ padding: '12px 20px', maxHeight: '70vh', overflow: 'auto' }}>
        {body}
        {flow.step === 'form' && <Hint>{t('OKG_CREATE_HINT')}</Hint>}
      </div>
    </Modal>
  );
}
