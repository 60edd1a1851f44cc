import { Button, Card, Input } from '@kubed/components';
import { Refresh } from '@kubed/icons';
import React, { useEffect, useMemo, useState } from 'react';
import type { GameServerSetView } from '../api/types';
import { useCanManage, useFixedNamespace, usePaths } from '../app/env';
import { gameServerSetColumns, gameServerSetKey } from '../columns/gameServerSetColumns';
import { CreateGameServerSetDialog } from '../components/CreateGameServerSetDialog';
import { DataTable } from '../components/DataTable';
import { Page, PageHeader, Toolbar } from '../components/Layout';
import { LiveIndicator } from '../components/LiveIndicator';
import { Pagination } from '../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../components/QueryState';
import { SetActions } from '../components/SetActions';
import { useGameServerSetList } from '../hooks/queries';
import { useListState } from '../hooks/useListState';
import { useT } from '../i18n';
import { GAME_SERVER_SET_LIST } from '../utils/listState';

export function GameServerSetsPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const list = useListState(GAME_SERVER_SET_LIST);
  const query = useGameServerSetList(list.state);
  const columns = useMemo(
    () => [
      ...gameServerSetColumns(paths, t),
      { key: 'actions', title: 'OKG_COL_ACTIONS' as const, render: (s: GameServerSetView) => <SetActions set={s} size="xs" /> },
    ],
    [paths, t],
  );
  const [namespace, setNamespace] = useState(list.state.filters.namespace ?? '');
  useEffect(() => setNamespace(list.state.filters.namespace ?? ''), [list.state.filters.namespace]);
  const data = query.data;
  const [creating, setCreating] = useState(false);
  // inside a KubeSphere project: its namespace only; view-only users create nothing
  const fixedNamespace = useFixedNamespace();
  const canManage = useCanManage();

  return (
    <Page data-testid="page-gameserversets">
      <PageHeader title={t('OKG_NAV_GAME_SERVER_SETS')} description={t('OKG_GAME_SERVER_SETS_DESC')} />
      <Card padding={0}>
        <Toolbar>
          {!fixedNamespace && (
            <Input
              value={namespace}
              width={200}
              placeholder={t('OKG_FILTER_NAMESPACE')}
              aria-label={t('OKG_FILTER_NAMESPACE')}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNamespace(e.target.value)}
              onBlur={() => list.setFilters({ namespace })}
              onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
                if (e.key === 'Enter') list.setFilters({ namespace });
              }}
            />
          )}
          {canManage && (
            <Button color="secondary" data-testid="create-set" onClick={() => setCreating(true)}>
              {t('OKG_CREATE_TITLE')}
            </Button>
          )}
          <LiveIndicator state={query.live} />
          <Button variant="text" aria-label={t('OKG_REFRESH')} onClick={() => void query.refetch()} loading={query.isFetching}>
            <Refresh size={16} />
          </Button>
        </Toolbar>
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
              rowKey={gameServerSetKey}
              sort={{ sortBy: list.state.sortBy, ascending: list.state.ascending }}
              onSort={list.setSort}
              busy={query.isFetching && query.isPreviousData}
              empty={<EmptyState title={t('OKG_NO_GAME_SERVER_SETS')} />}
            />
            <Pagination
              page={list.state.page}
              limit={list.state.limit}
              total={data.totalItems}
              onChange={(page, limit) => list.setPage(page, limit)}
            />
          </>
        )}
      </Card>
      {creating && <CreateGameServerSetDialog namespace={fixedNamespace ?? list.state.filters.namespace ?? ''} onClose={() => setCreating(false)} />}
    </Page>
  );
}
