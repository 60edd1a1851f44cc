import { Button, Card } from '@kubed/components';
import { Refresh } from '@kubed/icons';
import React, { useMemo, useState } from 'react';
import styled from 'styled-components';
import type { GameServerSetView } from '../../api/types';
import { useCanManage, useEnv } from '../../app/env';
import { gameServerSetColumns } from '../../columns/gameServerSetColumns';
import { DataTable } from '../../components/DataTable';
import { Page, Toolbar } from '../../components/Layout';
import { LiveIndicator } from '../../components/LiveIndicator';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { useListState } from '../../hooks/useListState';
import { useSelection } from '../../hooks/useSelection';
import { useT } from '../../i18n';
import type { InCluster, RolloutTarget } from './api';
import { ClusterFilter } from './ClusterFilter';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { clusterColumn, perClusterColumns } from './columns';
import { useClusters, useMergedGameServerSets } from './hooks';
import { MC_GAME_SERVER_SET_LIST, toMultiQuery, type McGameServerSetSortKey } from './listState';
import { McHeader } from './McLayout';
import { clustersOf, multiKey, rolloutTargets } from './merge';
import { MultiRolloutDialog } from './MultiRolloutDialog';
import { TextFilter } from './MultiGameServersPage';

const BulkBar = styled.div`
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 8px 20px;
  background: #eff4f9;
  font-size: 12px;
`;

type Row = InCluster<GameServerSetView>;

/** The chosen sets' containers and current images, known from the rows the user saw. */
export function rolloutContext(targets: readonly RolloutTarget[], rows: readonly Row[]): { containers: string[]; current: Map<string, Record<string, string>> } {
  const current = new Map<string, Record<string, string>>();
  for (const s of rows) current.set(multiKey(s), Object.fromEntries(s.images.map((im) => [im.container, im.image])));
  const names = new Set<string>();
  for (const tg of targets) for (const c of Object.keys(current.get(multiKey(tg)) ?? {})) names.add(c);
  return { containers: [...names].sort(), current };
}

/** The button and dialog of a cross-cluster rollout over selected set keys. */
export function RolloutAction({ keys, rows, onDone }: { keys: string[]; rows: readonly Row[]; onDone: () => void }): React.ReactElement | null {
  const t = useT();
  const [open, setOpen] = useState<{ targets: RolloutTarget[]; containers: string[]; current: Map<string, Record<string, string>> } | null>(null);
  if (!useCanManage()) return null;
  return (
    <>
      <Button
        size="xs"
        variant="outline"
        data-action="mc-rollout"
        disabled={keys.length === 0}
        onClick={() => {
          const targets = rolloutTargets(keys);
          setOpen({ targets, ...rolloutContext(targets, rows) });
        }}
      >
        {t('OKG_MC_ROLLOUT_ACTION')}
      </Button>
      {open && (
        <MultiRolloutDialog
          targets={open.targets}
          containers={open.containers}
          current={open.current}
          onClose={(applied) => {
            setOpen(null);
            if (applied) onDone();
          }}
        />
      )}
    </>
  );
}

/** Every cluster's GameServerSets in one list, with a rollout across the chosen sets. */
export function MultiGameServerSetsPage(): React.ReactElement {
  const t = useT();
  const env = useEnv();
  const clusters = useClusters();
  const list = useListState(MC_GAME_SERVER_SET_LIST);
  const q = useMemo(() => toMultiQuery(list.state), [list.state]);
  const query = useMergedGameServerSets(q);
  const selection = useSelection();
  const local = useMemo(() => new Set((clusters.data?.items ?? []).filter((c) => c.local).map((c) => c.name)), [clusters.data]);
  const columns = useMemo(() => {
    const pathsOf = (c: string) => env.clusterPaths(c, local.has(c));
    return [clusterColumn<Row, McGameServerSetSortKey>(pathsOf), ...perClusterColumns<Row, McGameServerSetSortKey>((p) => gameServerSetColumns(p, t), pathsOf)];
  }, [env, local, t]);
  const data = query.data;
  const spanned = clustersOf(rolloutTargets(selection.keys));

  return (
    <Page data-testid="page-mc-gameserversets">
      <McHeader description={t('OKG_MC_GAME_SERVER_SETS_DESC')} />
      <Card padding={0}>
        <Toolbar>
          <ClusterFilter value={list.state.filters.clusters} onChange={(clusters) => list.setFilters({ clusters })} />
          <TextFilter label={t('OKG_MC_FILTER_PROJECT')} testId="project" value={list.state.filters.project ?? ''} onChange={(project) => list.setFilters({ project })} />
          <TextFilter label={t('OKG_FILTER_NAMESPACE')} testId="namespace" value={list.state.filters.namespace ?? ''} onChange={(namespace) => list.setFilters({ namespace })} />
          <LiveIndicator state={query.live} />
          <Button variant="text" aria-label={t('OKG_REFRESH')} onClick={() => void query.refetch()} loading={query.isFetching}>
            <Refresh size={16} />
          </Button>
        </Toolbar>
        <ClusterStatusStrip answers={data?.clusters ?? []} streams={query.streams} noun={'OKG_MC_SETS_COUNT'} />
        {selection.keys.length > 0 && (
          <BulkBar data-testid="bulk-bar">
            <span>{t('OKG_MC_SELECTED_COUNT', { count: selection.keys.length, clusters: spanned.length })}</span>
            <RolloutAction keys={selection.keys} rows={data?.items ?? []} onDone={selection.clear} />
            <Button size="xs" variant="text" onClick={selection.clear}>
              {t('OKG_CLEAR_SELECTION')}
            </Button>
          </BulkBar>
        )}
        {query.error && !data ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : !data ? (
          <LoadingState />
        ) : (
          <>
            <DataTable
              testId="gameserversets"
              columns={columns}
              rows={data.items}
              rowKey={multiKey}
              sort={{ sortBy: list.state.sortBy, ascending: list.state.ascending }}
              onSort={list.setSort}
              selection={selection}
              busy={query.isFetching && query.isPreviousData}
              empty={<EmptyState title={t('OKG_NO_GAME_SERVER_SETS')} />}
            />
            <Pagination page={list.state.page} limit={list.state.limit} total={data.totalItems} onChange={(page, limit) => list.setPage(page, limit)} />
          </>
        )}
      </Card>
    </Page>
  );
}
