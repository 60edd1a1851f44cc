// A history with everything around it: filters, CSV export, crash summary, the timeline and
// pagination (the list contract). Used by the detail pages and the Recent changes page.
import { Alert, Button } from '@kubed/components';
import React, { useState } from 'react';
import styled from 'styled-components';
import type { HistoryTarget } from '../../api/client';
import { Toolbar } from '../../components/Layout';
import { LiveIndicator } from '../../components/LiveIndicator';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { useT } from '../../i18n';
import { errorMessage } from '../../api/errors';
import { CrashStrip } from './CrashStrip';
import { HistoryFilterBar } from './HistoryFilters';
import { isHistoryDisabled, useCrashSummary, useCsvExport, useHistoryPage } from './hooks';
import { hasFilters, initialHistoryState, type HistoryFilters, type HistoryState } from './query';
import { Timeline } from './Timeline';

const Box = styled.div`
  display: flex;
  flex-direction: column;
  gap: 8px;
`;

const Bar = styled(Toolbar)`
  padding: 0;
`;

function Summary({ target }: { target: HistoryTarget }): React.ReactElement | null {
  const summary = useCrashSummary(target);
  return summary.data ? <CrashStrip summary={summary.data} single={!!target.gameServer} /> : null;
}

export function HistoryPanel({
  target,
  feed = false,
  summary = false,
  showObject = feed,
  testId = 'history',
}: {
  target: HistoryTarget;
  /** many objects (Recent changes): the kind, set and name filters too */
  feed?: boolean;
  /** the crash summary strip above the timeline */
  summary?: boolean;
  /** name each entry's object (feeds, a set's timeline) */
  showObject?: boolean;
  testId?: string;
}): React.ReactElement {
  const t = useT();
  const [state, setState] = useState<HistoryState>(() => initialHistoryState());
  const page = useHistoryPage(target, state);
  const csv = useCsvExport(target, state);
  const setFilters = (patch: Partial<HistoryFilters>) => setState((s) => ({ ...s, page: 1, filters: { ...s.filters, ...patch } }));
  const disabled = isHistoryDisabled(page.error);

  if (disabled) {
    // nothing to filter, export or follow
    return (
      <Box data-testid={testId}>
        <Alert type="info" data-testid="history-disabled">
          {t('OKG_HISTORY_DISABLED')}
        </Alert>
      </Box>
    );
  }

  return (
    <Box data-testid={testId}>
      <Bar>
        <HistoryFilterBar filters={state.filters} feed={feed} onChange={setFilters} onClear={() => setState((s) => ({ ...s, page: 1, filters: {} }))} />
        <Button variant="outline" size="sm" onClick={csv.run} loading={csv.busy} data-testid="history-export" style={{ alignSelf: 'center', marginTop: 16 }}>
          {t('OKG_HISTORY_EXPORT_CSV')}
        </Button>
        <LiveIndicator state={page.live} testId="history-live-state" />
      </Bar>
      {csv.error !== undefined && (
        <Alert type="error" title={t('OKG_HISTORY_EXPORT_FAILED')}>
          <span data-raw="true">{errorMessage(csv.error)}</span>
        </Alert>
      )}
      {summary && <Summary target={target} />}
      {page.error && !page.data ? (
        <ErrorState error={page.error} onRetry={() => void page.refetch()} />
      ) : !page.data ? (
        <LoadingState />
      ) : page.data.items.length === 0 ? (
        <EmptyState title={t(hasFilters(state.filters) ? 'OKG_HISTORY_EMPTY_FILTERED' : 'OKG_HISTORY_EMPTY')} />
      ) : (
        <div style={{ opacity: page.isPreviousData ? 0.55 : 1 }}>
          <Timeline entries={page.data.items} showObject={showObject} />
        </div>
      )}
      {page.data && page.data.totalItems > 0 && (
        <Pagination page={state.page} limit={state.limit} total={page.data.totalItems} onChange={(p, limit) => setState((s) => ({ ...s, page: p, limit }))} />
      )}
    </Box>
  );
}
