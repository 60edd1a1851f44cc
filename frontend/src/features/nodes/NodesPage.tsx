import { Button, Card, Input } from '@kubed/components';
import { Refresh } from '@kubed/icons';
import React, { useMemo, useState } from 'react';
import type { NodeSortKey, NodeView } from '../../api/types';
import { usePaths } from '../../app/env';
import { OperationDialog } from '../../components/OperationDialog';
import { DataTable } from '../../components/DataTable';
import { Page, PageHeader, Toolbar } from '../../components/Layout';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { useT } from '../../i18n';
import { UsageStatusNote } from '../usage/UsageStatusNote';
import { nodeColumns } from './columns';
import { useNodeList } from './hooks';

/** Nodes with their game servers by state and opsState, conditions, allocatable and usage. */
export function NodesPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const [q, setQ] = useState<{ page: number; limit: number; sortBy: NodeSortKey; ascending: boolean; name: string }>({
    page: 1,
    limit: 20,
    sortBy: 'name',
    ascending: true,
    name: '',
  });
  const [name, setName] = useState('');
  const [draining, setDraining] = useState<string>();
  const query = useNodeList(q);
  const columns = useMemo(
    () => [
      ...nodeColumns(paths, t),
      {
        key: 'actions',
        title: 'OKG_COL_ACTIONS' as const,
        render: (v: NodeView) => (
          <Button size="xs" variant="outline" data-testid={`drain-${v.name}`} disabled={v.gameServers.gameServers === 0} onClick={() => setDraining(v.name)}>
            {t('OKG_DRAIN_ACTION')}
          </Button>
        ),
      },
    ],
    [paths, t],
  );
  const data = query.data;
  return (
    <Page data-testid="page-nodes">
      <PageHeader title={t('OKG_NAV_NODES')} description={t('OKG_NODES_DESC')} />
      <Card padding={0}>
        <Toolbar>
          <Input
            value={name}
            width={200}
            placeholder={t('OKG_FILTER_NAME')}
            aria-label={t('OKG_FILTER_NAME')}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)}
            onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
              if (e.key === 'Enter') setQ({ ...q, page: 1, name });
            }}
            onBlur={() => setQ({ ...q, page: 1, name })}
          />
          <Button variant="text" aria-label={t('OKG_REFRESH')} onClick={() => void query.refetch()} loading={query.isFetching}>
            <Refresh size={16} />
          </Button>
        </Toolbar>
        <UsageStatusNote />
        {query.error && !data ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : !data ? (
          <LoadingState />
        ) : (
          <>
            <DataTable
              testId="nodes"
              columns={columns}
              rows={data.items}
              rowKey={(v) => v.name}
              sort={{ sortBy: q.sortBy, ascending: q.ascending }}
              onSort={(s) => setQ({ ...q, page: 1, sortBy: s.sortBy ?? 'name', ascending: s.ascending })}
              busy={query.isFetching && query.isPreviousData}
              empty={<EmptyState title={t('OKG_NO_NODES')} />}
            />
            <Pagination page={q.page} limit={q.limit} total={data.totalItems} onChange={(page, limit) => setQ({ ...q, page, limit })} />
          </>
        )}
      </Card>
      {draining && <OperationDialog action="drain" node={draining} onClose={() => setDraining(undefined)} />}
    </Page>
  );
}
