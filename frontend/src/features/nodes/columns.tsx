import React from 'react';
import { Link } from 'react-router-dom';
import type { NodeSortKey, NodeView } from '../../api/types';
import type { Paths } from '../../app/paths';
import { Age } from '../../components/Age';
import type { Column } from '../../components/DataTable';
import { Muted } from '../../components/Layout';
import { EnumTag, StateTag } from '../../components/StateTag';
import type { Translate } from '../../i18n';
import { formatBytes, formatCores, percentOf } from '../usage/format';

/** "3 Allocated · 2 None" from a count map, most first. */
export function countsText(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function Counts({ kind, counts }: { kind: 'state' | 'opsState'; counts: Record<string, number> }): React.ReactElement {
  const rows = countsText(counts);
  if (rows.length === 0) return <Muted>-</Muted>;
  return (
    <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap' }} data-testid={`node-${kind}-counts`}>
      {rows.map(([k, n]) => (
        <span key={k} style={{ whiteSpace: 'nowrap' }}>
          <EnumTag kind={kind} value={k} /> {n}
        </span>
      ))}
    </span>
  );
}

function used(v: NodeView, memory: boolean): React.ReactNode {
  if (!v.usage) return <Muted>-</Muted>;
  const n = memory ? v.usage.memoryBytes : v.usage.cpuMillicores;
  const of = memory ? v.allocatable.memoryBytes : v.allocatable.cpuMillicores;
  const pct = percentOf(n, of);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {memory ? formatBytes(n) : formatCores(n)}
      {pct !== undefined && <Muted> · {pct}%</Muted>}
    </span>
  );
}

export function nodeReady(t: Translate, v: NodeView): React.ReactElement {
  return (
    <span style={{ display: 'inline-flex', gap: 6 }}>
      <StateTag label={v.ready ? t('OKG_NODE_READY') : t('OKG_NODE_NOT_READY')} tone={v.ready ? 'success' : 'error'} />
      {v.unschedulable && <StateTag label={t('OKG_NODE_CORDONED')} tone="warning" />}
      {v.pressure.map((p) => (
        <StateTag key={p} label={p} tone="warning" />
      ))}
    </span>
  );
}

/** The node table's columns. */
export function nodeColumns(paths: Paths, t: Translate): Column<NodeView, NodeSortKey>[] {
  return [
    {
      key: 'name',
      title: 'OKG_COL_NAME',
      sortKey: 'name',
      render: (v) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <Link to={paths.node(v.name)}>{v.name}</Link>
          <div>
            <Muted>{v.internalIP}</Muted>
          </div>
        </div>
      ),
    },
    { key: 'status', title: 'OKG_COL_STATUS', render: (v) => nodeReady(t, v) },
    { key: 'gameServers', title: 'OKG_COL_GAME_SERVERS', sortKey: 'gameServers', align: 'right', render: (v) => v.gameServers.gameServers },
    { key: 'byState', title: 'OKG_COL_BY_STATE', render: (v) => <Counts kind="state" counts={v.gameServers.byState} /> },
    { key: 'byOpsState', title: 'OKG_COL_BY_OPS_STATE', render: (v) => <Counts kind="opsState" counts={v.gameServers.byOpsState} /> },
    { key: 'cpuUsage', title: 'OKG_COL_CPU_USAGE', sortKey: 'cpuUsage', align: 'right', render: (v) => used(v, false) },
    { key: 'memoryUsage', title: 'OKG_COL_MEMORY_USAGE', sortKey: 'memoryUsage', align: 'right', render: (v) => used(v, true) },
    {
      key: 'allocatable',
      title: 'OKG_COL_ALLOCATABLE',
      render: (v) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatCores(v.allocatable.cpuMillicores)} {t('OKG_USAGE_CORES')} · {formatBytes(v.allocatable.memoryBytes)} · {v.allocatable.pods}{' '}
          {t('OKG_NODE_PODS')}
        </span>
      ),
    },
    { key: 'age', title: 'OKG_COL_AGE', sortKey: 'age', render: (v) => <Age timestamp={v.createdAt} /> },
  ];
}
