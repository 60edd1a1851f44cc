import React from 'react';
import type { QualityAction, QualityDefinition } from '../api/types';
import { useT } from '../i18n';
import { Column, DataTable } from './DataTable';

/** What OKG does when a probe reports: "true → opsState WaitToBeDeleted". */
function actionText(a: QualityAction): string {
  const changes = [
    a.opsState && `opsState ${a.opsState}`,
    a.updatePriority && `updatePriority ${a.updatePriority}`,
    a.deletionPriority && `deletionPriority ${a.deletionPriority}`,
    a.networkDisabled !== undefined && `networkDisabled ${a.networkDisabled}`,
  ].filter(Boolean);
  return `${a.state}${a.result ? ` (${a.result})` : ''} → ${changes.join(', ') || '-'}`;
}

/** The GameServerSet's service-quality probes and the action each result triggers. */
export function QualityDefinitions({ definitions }: { definitions: QualityDefinition[] }): React.ReactElement {
  const t = useT();
  const columns: Column<QualityDefinition>[] = [
    { key: 'name', title: 'OKG_COL_NAME', render: (d) => d.name },
    { key: 'container', title: 'OKG_QUALITY_CONTAINER', render: (d) => d.containerName || '-' },
    { key: 'probe', title: 'OKG_QUALITY_PROBE', render: (d) => <code>{d.probe || '-'}</code> },
    { key: 'permanent', title: 'OKG_QUALITY_PERMANENT', render: (d) => t(d.permanent ? 'OKG_QUALITY_YES' : 'OKG_QUALITY_NO') },
    {
      key: 'actions',
      title: 'OKG_QUALITY_ACTIONS',
      render: (d) =>
        d.actions.map((a, i) => (
          <div key={i}>
            <code>{actionText(a)}</code>
          </div>
        )),
    },
  ];
  return <DataTable columns={columns} rows={definitions} rowKey={(d) => d.name} />;
}
