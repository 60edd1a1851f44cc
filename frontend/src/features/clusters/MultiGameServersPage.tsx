import { Button, Card, Input } from '@kubed/components';
import { Refresh } from '@kubed/icons';
import React, { useEffect, useMemo, useState } from 'react';
import styled from 'styled-components';
import type { GameServerView } from '../../api/types';
import { useEnv, useMultiClusterApi } from '../../app/env';
import { gameServerColumns } from '../../columns/gameServerColumns';
import { DataTable } from '../../components/DataTable';
import { GameServerFilters } from '../../components/GameServerFilters';
import { Page, Toolbar } from '../../components/Layout';
import { LiveIndicator } from '../../components/LiveIndicator';
import { OperationActions } from '../../components/OperationActions';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { useListState } from '../../hooks/useListState';
import { useSelection } from '../../hooks/useSelection';
import { useT } from '../../i18n';
import { validateGameServerFilters } from '../../utils/listState';
import type { InCluster } from './api';
import { ClusterFilter } from './ClusterFilter';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { clusterColumn, perClusterColumns } from './columns';
import { useClusters, useMergedGameServers } from './hooks';
import { MC_GAME_SERVER_LIST, MC_GAME_SERVER_MULTI, toMultiQuery, type McGameServerSortKey } from './listState';
import { McHeader } from './McLayout';
import { clustersOf, groupByCluster, multiKey, parseMultiKey } from './merge';
import { multiClusterRunner } from './operations';

const BulkBar = styled.div`
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 8px 20px;
  background: #eff4f9;
  font-size: 12px;
`;

const Field = styled.label`
  display: flex;
  flex-direction: column;
  gap: 4px;
  font-size: 12px;
  color: #79879c;
`;

type Row = InCluster<GameServerView>;

/** Container names of the selected rows on this page (offered for image updates). */
function containersOfSelection(keys: readonly string[], rows: readonly Row[]): string[] {
  const chosen = new Set(keys);
  const names = new Set<string>();
  for (const gs of rows) if (chosen.has(multiKey(gs))) for (const im of gs.images) names.add(im.container);
  return [...names].sort();
}

/** A text filter applied on Enter or blur (the project of the merged lists). */
export function TextFilter({
  label,
  value,
  testId,
  onChange,
}: {
  label: string;
  value: string;
  testId: string;
  onChange: (value: string) => void;
}): React.ReactElement {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onChange(draft.trim());
  };
  return (
    <Field data-filter={testId}>
      {label}
      <Input
        value={draft}
        width={160}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </Field>
  );
}

/** Every cluster's game servers in one list: the true page of the merged, sorted union. */
export function MultiGameServersPage(): React.ReactElement {
  const t = useT();
  const env = useEnv();
  const mc = useMultiClusterApi();
  const clusters = useClusters();
  const list = useListState(MC_GAME_SERVER_LIST);
  const filterErrors = validateGameServerFilters(list.state.filters);
  const valid = Object.keys(filterErrors).length === 0;
  const q = useMemo(() => toMultiQuery(list.state, MC_GAME_SERVER_MULTI), [list.state]);
  const query = useMergedGameServers(q, valid);
  const selection = useSelection();
  const local = useMemo(() => new Set((clusters.data?.items ?? []).filter((c) => c.local).map((c) => c.name)), [clusters.data]);
  const columns = useMemo(() => {
    const pathsOf = (c: string) => env.clusterPaths(c, local.has(c));
    return [clusterColumn<Row, McGameServerSortKey>(pathsOf), ...perClusterColumns<Row, McGameServerSortKey>((p) => gameServerColumns(p), pathsOf)];
  }, [env, local]);
  const data = query.data;
  const targets = useMemo(() => groupByCluster(selection.keys), [selection.keys]);
  const runner = useMemo(() => multiClusterRunner(mc, targets), [mc, targets]);
  const spanned = clustersOf(selection.keys.map(parseMultiKey).filter((k): k is NonNullable<typeof k> => Boolean(k)));

  return (
    <Page data-testid="page-mc-gameservers">
      <McHeader description={t('OKG_MC_GAME_SERVERS_DESC')} />
      <Card padding={0} data-testid="gameservers-table">
        <Toolbar>
          <ClusterFilter value={list.state.filters.clusters} onChange={(clusters) => list.setFilters({ clusters })} />
          <TextFilter
            label={t('OKG_MC_FILTER_PROJECT')}
            testId="project"
            value={list.state.filters.project ?? ''}
            onChange={(project) => list.setFilters({ project })}
          />
          <GameServerFilters filters={list.state.filters} errors={filterErrors} onChange={list.setFilters} onClear={list.clearFilters} />
          <LiveIndicator state={query.live} />
          <Button variant="text" aria-label={t('OKG_REFRESH')} onClick={() => void query.refetch()} loading={query.isFetching}>
            <Refresh size={16} />
          </Button>
        </Toolbar>
        <ClusterStatusStrip answers={data?.clusters ?? []} streams={query.streams} noun={'OKG_MC_GAME_SERVERS_COUNT'} />
        {selection.keys.length > 0 && (
          <BulkBar data-testid="bulk-bar">
            <span>{t('OKG_MC_SELECTED_COUNT', { count: selection.keys.length, clusters: spanned.length })}</span>
            <OperationActions
              groups={[]}
              containers={containersOfSelection(selection.keys, data?.items ?? [])}
              across={{ runner, count: selection.keys.length, clusters: spanned.length }}
              onDone={selection.clear}
            />
            <Button size="xs" variant="text" onClick={selection.clear}>
              {t('OKG_CLEAR_SELECTION')}
            </Button>
          </BulkBar>
        )}
        {query.error && !data ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : !data && valid ? (
          <LoadingState />
        ) : (
          <>
            <DataTable
              testId="gameservers"
              columns={columns}
              rows={data?.items ?? []}
              rowKey={multiKey}
              sort={{ sortBy: list.state.sortBy, ascending: list.state.ascending }}
              onSort={list.setSort}
              selection={selection}
              busy={query.isFetching && query.isPreviousData}
              empty={<EmptyState title={t('OKG_NO_GAME_SERVERS')} />}
            />
            <Pagination
              page={list.state.page}
              limit={list.state.limit}
              total={data?.totalItems ?? 0}
              onChange={(page, limit) => list.setPage(page, limit)}
            />
          </>
        )}
      </Card>
    </Page>
  );
}
