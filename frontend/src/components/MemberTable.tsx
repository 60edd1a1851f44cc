import { Tag } from '@kubed/components';
import React, { useMemo } from 'react';
import type { Member } from '../api/scaling';
import { useT, type Translate } from '../i18n';
import type { RemovedRow } from '../utils/scaling';
import { DataTable, type Column } from './DataTable';
import { EnumTag } from './StateTag';

type Row = Member & Partial<Pick<RemovedRow, 'order' | 'chosen' | 'risky'>>;

function columns(t: Translate, ordered: boolean): Column<Row>[] {
  const cols: Column<Row>[] = [
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      render: (m) => (
        <span style={{ whiteSpace: 'nowrap', color: m.risky ? '#ca2621' : undefined }} data-risky={m.risky ? 'true' : undefined}>
          {m.name}
          {m.chosen && (
            <Tag color="secondary" style={{ marginLeft: 6 }}>
              {t('OKG_SCALE_CHOSEN')}
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'id', title: 'OKG_COL_ID', render: (m) => m.id },
    { key: 'state', title: 'OKG_COL_STATE', render: (m) => <EnumTag kind="state" value={m.state} /> },
    {
      key: 'opsState',
      title: 'OKG_COL_OPS_STATE',
      render: (m) => <EnumTag kind="opsState" value={m.opsState} />,
    },
    { key: 'deletionPriority', title: 'OKG_COL_DELETION_PRIORITY', render: (m) => m.deletionPriority },
  ];
  if (ordered) cols.unshift({ key: 'order', title: 'OKG_SCALE_ORDER', width: 60, render: (m) => m.order ?? '' });
  return cols;
}

/** Game servers a preview names (removed in OKG's order, or affected by reserved ids). */
export function MemberTable({ rows, testId, ordered = false }: { rows: Row[]; testId: string; ordered?: boolean }): React.ReactElement {
  const t = useT();
  const cols = useMemo(() => columns(t, ordered), [t, ordered]);
  return <DataTable testId={testId} columns={cols} rows={rows} rowKey={(m) => m.name} />;
}
