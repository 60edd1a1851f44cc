// The scale dialog's answers: the dry-run preview, the 409 for chosen Allocated servers (with
// the force that overrides it) and the per-object results of an apply.
import { Alert, Button, Checkbox } from '@kubed/components';
import React, { useState } from 'react';
import type { ScalePreview } from '../api/scaling';
import { useT } from '../i18n';
import { isRisky, listedWarnings, removedRows, replicasDelta, scaleOutcome, warningText } from '../utils/scaling';
import { Hint, Strong } from './FormParts';
import { Mono } from './Layout';
import { MemberTable } from './MemberTable';

const block = { marginBottom: 8 } as const;

/** What OKG does at the previewed replicas: the removal order, chosen servers it keeps, ids, warnings. */
export function ScalePreviewView({ preview }: { preview: ScalePreview }): React.ReactElement {
  const t = useT();
  const warnings = listedWarnings(preview);
  const rows = removedRows(preview);
  return (
    <div data-testid="scale-preview">
      <Strong data-testid="scale-replicas-change">
        {t('OKG_SCALE_PREVIEW_REPLICAS', {
          before: preview.replicasBefore,
          after: preview.replicasAfter,
          delta: replicasDelta(preview),
        })}
      </Strong>
      {warnings.length > 0 && (
        <div data-testid="scale-warnings">
          {warnings.map((w, i) => (
            <div key={i} style={block} data-code={w.code}>
              <Alert type={isRisky(w) ? 'error' : 'warning'}>{warningText(t, w)}</Alert>
            </div>
          ))}
        </div>
      )}
      {preview.stays.length > 0 && (
        <div style={block} data-testid="scale-stays">
          <Alert type="warning" title={t('OKG_SCALE_STAYS_TITLE', { count: preview.stays.length })}>
            <ul style={{ margin: '0 0 4px', paddingLeft: 18 }}>
              {preview.stays.map((name) => (
                <li key={name} data-name={name}>
                  <Mono>{name}</Mono> — {t('OKG_SCALE_STAYS')}
                </li>
              ))}
            </ul>
            <Hint>{t('OKG_SCALE_STAYS_WHY')}</Hint>
          </Alert>
        </div>
      )}
      <Strong>{t('OKG_SCALE_REMOVED', { count: rows.length })}</Strong>
      {rows.length > 0 ? (
        <MemberTable testId="scale-removed" rows={rows} ordered />
      ) : (
        <Hint data-testid="scale-removed-none">{t('OKG_SCALE_NOTHING_REMOVED')}</Hint>
      )}
      <dl style={{ margin: '12px 0 0' }}>
        <dt>
          <Hint>{t('OKG_SCALE_KEPT_IDS')}</Hint>
        </dt>
        <dd style={{ margin: '2px 0 8px' }} data-testid="scale-kept-ids">
          <Mono>{preview.keptIds || t('OKG_NONE')}</Mono>
        </dd>
        <dt>
          <Hint>{t('OKG_SCALE_RESERVED_AFTER')}</Hint>
        </dt>
        <dd style={{ margin: '2px 0 0' }} data-testid="scale-reserved-ids">
          <Mono>{preview.reserveGameServerIds || t('OKG_NONE')}</Mono>
        </dd>
      </dl>
    </div>
  );
}

/**
 * The dry run refused chosen servers that are Allocated: names them, and offers force — a
 * checkbox, then a confirmation that says the players are disconnected, then a new preview.
 */
export function AllocatedRefusalView({
  names,
  busy,
  onForce,
}: {
  names: string[];
  busy: boolean;
  onForce: () => void;
}): React.ReactElement {
  const t = useT();
  const [force, setForce] = useState(false);
  return (
    <div style={block} data-testid="scale-allocated">
      <Alert type="error" title={t('OKG_SCALE_ALLOCATED_REFUSED', { count: names.length })}>
        <div data-testid="scale-allocated-names">
          <Mono>{names.join(', ')}</Mono>
        </div>
        <div style={{ marginTop: 8 }}>
          <Checkbox
            data-testid="scale-force"
            label={t('OKG_SCALE_FORCE')}
            checked={force}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForce(e.target.checked)}
          />
        </div>
        {force && (
          <div style={{ marginTop: 8 }} data-testid="scale-force-confirm">
            <div>{t('OKG_SCALE_FORCE_CONFIRM', { names: names.join(', ') })}</div>
            <Button size="xs" color="error" style={{ marginTop: 8 }} data-testid="scale-force-preview" loading={busy} onClick={onForce}>
              {t('OKG_SCALE_FORCE_PREVIEW')}
            </Button>
          </div>
        )}
      </Alert>
    </div>
  );
}

/**
 * What apply did, object by object: the counts, each failure with its error and, when the set
 * was not written, that the replicas did not change and which marks were undone.
 */
export function ScaleResultView({ result }: { result: ScalePreview }): React.ReactElement {
  const t = useT();
  const o = scaleOutcome(result);
  const counts = (
    <div data-testid="scale-result-counts">
      {t('OKG_SCALE_RESULT_COUNTS', { total: result.total, changed: result.changed, unchanged: result.unchanged, failed: result.failed })}
    </div>
  );
  if (o.ok) {
    return (
      <div data-testid="scale-done" data-outcome="ok">
        <Alert type="info" title={t('OKG_SCALE_DONE', { before: result.replicasBefore, after: result.replicasAfter })}>
          {counts}
        </Alert>
      </div>
    );
  }
  const title = o.setWritten
    ? t('OKG_SCALE_DONE', { before: result.replicasBefore, after: result.replicasAfter })
    : t('OKG_SCALE_NOT_SCALED', { before: result.replicasBefore });
  return (
    <div data-testid="scale-failed" data-outcome={o.setWritten ? 'partial' : 'not-scaled'}>
      <Alert type="error" title={title}>
        {counts}
        {o.undone.length > 0 && (
          <div style={{ marginTop: 4 }} data-testid="scale-undone">
            {t('OKG_SCALE_MARKS_UNDONE', { names: o.undone.join(', ') })}
          </div>
        )}
        {o.stillMarked.length > 0 && (
          <div style={{ marginTop: 4 }} data-testid="scale-still-marked">
            {t('OKG_SCALE_MARKS_NOT_UNDONE', { names: o.stillMarked.join(', ') })}
          </div>
        )}
      </Alert>
      <div style={{ marginTop: 12 }}>
        <Strong>{t('OKG_SCALE_FAILED_OBJECTS', { count: o.failed.length })}</Strong>
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }} data-testid="scale-failed-objects">
          {o.failed.map((r, i) => (
            <li key={i} data-kind={r.kind} data-name={r.name}>
              <Mono>
                {r.kind} {r.name}
              </Mono>
              : {r.error ?? ''}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
