import { Alert, Button, Checkbox, Input } from '@kubed/components';
import React from 'react';
import { useT, type MessageKey } from '../i18n';
import { emptyResourceRow, RESOURCE_FIELDS, type ActionForm, type ResourceField, type ResourceRow, type validateForm } from '../utils/operations';
import { ErrorText, Field, Row } from './FormParts';

const RESOURCE_LABELS: Record<ResourceField, MessageKey> = {
  requestsCpu: 'OKG_RES_REQUESTS_CPU',
  requestsMemory: 'OKG_RES_REQUESTS_MEMORY',
  limitsCpu: 'OKG_RES_LIMITS_CPU',
  limitsMemory: 'OKG_RES_LIMITS_MEMORY',
};

const RESOURCE_PLACEHOLDERS: Record<ResourceField, string> = {
  requestsCpu: '500m',
  requestsMemory: '256Mi',
  limitsCpu: '1',
  limitsMemory: '512Mi',
};

/** Per container: CPU and memory requests and limits; and whether to recreate the pods now. */
export function ResourcesForm({
  form,
  setForm,
  errors,
}: {
  form: ActionForm;
  setForm: (f: ActionForm) => void;
  errors: ReturnType<typeof validateForm>;
}): React.ReactElement {
  const t = useT();
  const setRow = (i: number, patch: Partial<ResourceRow>) =>
    setForm({ ...form, resources: form.resources.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <div data-testid="op-resources">
      {form.resources.map((row, i) => (
        <fieldset key={i} data-testid={`op-resources-${i}`} style={{ border: '1px solid #e3e9ef', borderRadius: 4, padding: '8px 12px', marginBottom: 12 }}>
          <Field style={{ maxWidth: 240 }}>
            {t('OKG_CONTAINER')}
            <Input
              data-testid={`op-res-${i}-container`}
              value={row.container}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setRow(i, { container: e.target.value })}
            />
            {errors[`resources.${i}.container`] && <ErrorText>{t(errors[`resources.${i}.container`] as MessageKey)}</ErrorText>}
          </Field>
          <Row>
            {RESOURCE_FIELDS.map((f) => {
              const error = errors[`resources.${i}.${f}`];
              return (
                <Field key={f} style={{ width: 150 }}>
                  {t(RESOURCE_LABELS[f])}
                  <Input
                    data-testid={`op-res-${i}-${f}`}
                    value={row[f]}
                    placeholder={RESOURCE_PLACEHOLDERS[f]}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setRow(i, { [f]: e.target.value })}
                  />
                  {error && <ErrorText>{t(error)}</ErrorText>}
                </Field>
              );
            })}
          </Row>
        </fieldset>
      ))}
      <Button
        size="xs"
        variant="outline"
        data-testid="op-res-add"
        style={{ marginBottom: 12 }}
        onClick={() => setForm({ ...form, resources: [...form.resources, emptyResourceRow()] })}
      >
        {t('OKG_RES_ADD_CONTAINER')}
      </Button>
      {errors.resources && (
        <div style={{ marginBottom: 12 }}>
          <ErrorText role="alert">{t(errors.resources)}</ErrorText>
        </div>
      )}
      <Checkbox
        data-testid="op-recreate-pods"
        label={t('OKG_RES_RECREATE_PODS')}
        checked={form.recreatePods}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, recreatePods: e.target.checked })}
      />
      <div style={{ marginTop: 8 }}>
        <Alert type={form.recreatePods ? 'warning' : 'info'}>
          {t(form.recreatePods ? 'OKG_NOTE_RESOURCES_RECREATE' : 'OKG_NOTE_RESOURCES')}
          {form.recreatePods && <div style={{ marginTop: 4 }}>{t('OKG_RES_RECREATE_RESETS')}</div>}
        </Alert>
      </div>
    </div>
  );
}
