import { Button } from '@kubed/components';
import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { usePaths } from '../../app/env';
import { OperationDialog } from '../../components/OperationDialog';
import { DataTable, type Column } from '../../components/DataTable';
import { GameServersTable } from '../../components/GameServersTable';
import { Fields, Page, PageHeader, Section } from '../../components/Layout';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { useT } from '../../i18n';
import type { NodeCondition } from '../../api/types';
import { formatBytes, formatCores, percentOf } from '../usage/format';
import { UsageStatusNote } from '../usage/UsageStatusNote';
import { countsText, nodeReady } from './columns';
import { useNode } from './hooks';

const conditionColumns: Column<NodeCondition>[] = [
  { key: 'type', title: 'OKG_COL_TYPE', raw: true, render: (c) => c.type },
  { key: 'status', title: 'OKG_COL_STATUS', raw: true, render: (c) => c.status },
  { key: 'reason', title: 'OKG_COL_REASON', raw: true, render: (c) => c.reason || '-' },
  { key: 'message', title: 'OKG_COL_MESSAGE', raw: true, render: (c) => c.message || '-' },
];

/** One node: status, resources, usage, its game servers (the game server table filtered by node) and Drain. */
export function NodeDetailPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const { name = '' } = useParams();
  const node = useNode(name);
  const [draining, setDraining] = useState(false);
  if (node.error && !node.data) return <ErrorState error={node.error} onRetry={() => void node.refetch()} />;
  if (!node.data) return <LoadingState />;
  const v = node.data;
  const pct = (n: number, of: number) => (percentOf(n, of) !== undefined ? ` (${percentOf(n, of)}%)` : '');
  return (
    <Page data-testid="page-node">
      <PageHeader
        title={v.name}
        back={{ to: paths.nodes, label: t('OKG_NAV_NODES') }}
        extra={
          <Button color="secondary" data-testid="node-drain" disabled={v.gameServers.gameServers === 0} onClick={() => setDraining(true)}>
            {t('OKG_DRAIN_ACTION')}
          </Button>
        }
      />
      <UsageStatusNote />
      <Section title={t('OKG_NODE_SUMMARY')} testId="node-summary">
        <Fields
          items={[
            { label: t('OKG_COL_STATUS'), value: nodeReady(t, v) },
            { label: t('OKG_NODE_INTERNAL_IP'), value: v.internalIP || '-' },
            {
              label: t('OKG_COL_ALLOCATABLE'),
              value: `${formatCores(v.allocatable.cpuMillicores)} ${t('OKG_USAGE_CORES')} · ${formatBytes(v.allocatable.memoryBytes)} · ${v.allocatable.pods} ${t('OKG_NODE_PODS')}`,
            },
            {
              label: t('OKG_COL_CPU_USAGE'),
              value: v.usage ? `${formatCores(v.usage.cpuMillicores)} ${t('OKG_USAGE_CORES')}${pct(v.usage.cpuMillicores, v.allocatable.cpuMillicores)}` : '-',
            },
            {
              label: t('OKG_COL_MEMORY_USAGE'),
              value: v.usage ? `${formatBytes(v.usage.memoryBytes)}${pct(v.usage.memoryBytes, v.allocatable.memoryBytes)}` : '-',
            },
            {
              label: t('OKG_COL_GAME_SERVERS'),
              value: `${v.gameServers.gameServers} · ${countsText(v.gameServers.byOpsState)
                .map(([k, n]) => `${k || 'None'} ${n}`)
                .join(' · ')}`,
            },
          ]}
        />
      </Section>
      <Section title={t('OKG_NODE_CONDITIONS')} testId="node-conditions">
        <DataTable testId="node-conditions-table" columns={conditionColumns} rows={v.conditions} rowKey={(c) => c.type} />
      </Section>
      <Section title={t('OKG_NAV_GAME_SERVERS')} testId="node-gameservers">
        <GameServersTable fixed={{ node: v.name }} />
      </Section>
      {draining && <OperationDialog action="drain" node={v.name} onClose={() => setDraining(false)} />}
    </Page>
  );
}
