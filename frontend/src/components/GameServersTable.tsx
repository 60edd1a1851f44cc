import { Button, Card } from '@kubed/components';
import { Refresh } from '@kubed/icons';
import React, { useMemo } from 'react';
import styled from 'styled-components';
import type { GameServerView } from '../api/types';
import { usePaths } from '../app/env';
import { gameServerColumns, gameServerKey } from '../columns/gameServerColumns';
import { useGameServerList } from '../hooks/queries';
import { useListState } from '../hooks/useListState';
import { useSelection } from '../hooks/useSelection';
import { useT } from '../i18n';
import { GAME_SERVER_LIST, type GameServerFilterKey } from '../utils/listState';
import { UsageStatusNote } from '../features/usage/UsageStatusNote';
import { DataTable } from './DataTable';
import { GameServerFilters } from './GameServerFilters';
import { LiveIndicator } from './LiveIndicator';
import { Toolbar } from './Layout';
import { Pagination } from './Pagination';
import { EmptyState, ErrorState, LoadingState } from './QueryState';

const BulkBar = styled.div`
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 8px 20px;
  background: #eff4f9;
  font-size: 12px;
`;

/**
 * The game server list: filters, sortable columns, server-side paging and row selection.
 * `fixed` pins filters (a set's page pins namespace and set) and hides their inputs.
 * `bulkActions` renders the actions for the selected keys (namespace/name) and the page's rows.
 */
export function GameServersTable({
  fixed = {},
  bulkActions,
}: {
  fixed?: Partial<Record<GameServerFilterKey, string>>;
  bulkActions?: (selected: string[], clear: () => void, rows: GameServerView[]) => React.ReactNode;
}): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const list = useListState(GAME_SERVER_LIST);
  const state = useMemo(
    () => ({ ...list.state, filters: { ...list.state.filters, ...fixed } }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fixed` is compared by value
    [list.state, JSON.stringify(fixed)],
  );
  const query = useGameServerList(state);
  const selection = useSelection();
  const hidden = Object.keys(fixed) as GameServerFilterKey[];
  const columns = useMemo(() => gameServerColumns(paths, fixed.gameServerSet ? ['gameServerSet'] : []), [paths, fixed.gameServerSet]);
  const data = query.data;

  return (
    <Card padding={0} data-testid="gameservers-table">
      <Toolbar>
        <GameServerFilters
          filters={list.state.filters}
          errors={query.filterErrors}
          hidden={hidden}
          onChange={list.setFilters}
          onClear={list.clearFilters}
        />
        <LiveIndicator state={query.live} />
        <Button variant="text" aria-label={t('OKG_REFRESH')} onClick={() => void query.refetch()} loading={query.isFetching}>
          <Refresh size={16} />
        </Button>
      </Toolbar>
      <UsageStatusNote namespace={state.filters.namespace || undefined} />
      {selection.keys.length > 0 && (
        <BulkBar data-testid="bulk-bar">
          <span>{t('OKG_SELECTED_COUNT', { count: selection.keys.length })}</span>
          {bulkActions?.(selection.keys, selection.clear, data?.items ?? [])}
          <Button size="xs" variant="text" onClick={selection.clear}>
            {t('OKG_CLEAR_SELECTION')}
          </Button>
        </BulkBar>
      )}
      {query.error && !data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !data && Object.keys(query.filterErrors).length === 0 ? (
        <LoadingState />
      ) : (
        <>
          {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
          <DataTable
            testId="gameservers"
            columns={columns}
            rows={data?.items ?? []}
            rowKey={gameServerKey}
            sort={{ sortBy: state.sortBy, ascending: state.ascending }}
            onSort={list.setSort}
            selection={selection}
            busy={query.isFetching && query.isPreviousData}
            empty={<EmptyState title={t('OKG_NO_GAME_SERVERS')} />}
          />
          <Pagination
            page={state.page}
            limit={state.limit}
            total={data?.totalItems ?? 0}
            onChange={(page, limit) => list.setPage(page, limit)}
          />
        </>
      )}
    </Card>
  );
}
