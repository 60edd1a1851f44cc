import { Button, Card } from '@kubed/components';
import React, { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import styled from 'styled-components';
import type { GameServerSetView } from '../../api/types';
import { useEnv, usePaths } from '../../app/env';
import { gameServerSetColumns } from '../../columns/gameServerSetColumns';
import { DataTable } from '../../components/DataTable';
import { Muted, Page, PageHeader } from '../../components/Layout';
import { LiveIndicator } from '../../components/LiveIndicator';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { StateBar } from '../../components/StateBar';
import { StateTag } from '../../components/StateTag';
import { useSelection } from '../../hooks/useSelection';
import { useT } from '../../i18n';
import type { InCluster, MultiQuery } from './api';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { deployUnits, overviewAnswers, unitTotals, type DeployUnit } from './deployUnits';
import { STREAM_MAX_LIMIT, useClusters, useMergedGameServerSets, useMultiOverview } from './hooks';
import { clusterHealth, clustersOf, HEALTH_LABELS, HEALTH_TONES, multiKey, rolloutTargets } from './merge';
import { RolloutAction } from './MultiGameServerSetsPage';

type SetRow = InCluster<GameServerSetView>;

const Stats = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
  gap: 12px;
`;

const Stat = styled.div<{ alert?: boolean }>`
  font-size: 12px;
  color: #79879c;
  strong {
    display: block;
    font-size: 24px;
    line-height: 32px;
    color: ${({ alert }) => (alert ? '#ca2621' : '#242e42')};
  }
`;

const UnitHead = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 8px 16px;
  padding: 12px 20px;
  border-bottom: 1px solid #e3e9ef;
  h2 {
    margin: 0;
    font-size: 14px;
    font-weight: 600;
    color: #242e42;
  }
`;

const Rollups = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: 16px;
  align-items: center;
  margin-left: auto;
  font-size: 12px;
  color: #79879c;
  > div {
    min-width: 200px;
  }
`;

const BulkBar = styled.div`
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 8px 20px;
  background: #eff4f9;
  font-size: 12px;
`;

function Unit({ unit, selection }: { unit: DeployUnit<GameServerSetView>; selection: ReturnType<typeof useSelection> }): React.ReactElement {
  const t = useT();
  const env = useEnv();
  const clusters = useClusters();
  const local = clusters.data?.items.find((c) => c.name === unit.cluster)?.local ?? false;
  const paths = env.clusterPaths(unit.cluster, local);
  const columns = useMemo(() => gameServerSetColumns(paths, t), [paths, t]);
  const health = clusterHealth(unit.answer);
  return (
    <Card padding={0} data-testid="deploy-unit" data-cluster={unit.cluster} data-health={health}>
      <UnitHead>
        <h2>{unit.cluster}</h2>
        <StateTag label={t(HEALTH_LABELS[health])} tone={HEALTH_TONES[health]} />
        {unit.answer.ok && unit.totals && (
          <Rollups data-testid="unit-rollup">
            <span>
              {t('OKG_MC_UNIT_ROLLUP', { sets: unit.sets.length, gameServers: unit.totals.gameServers, problems: unit.totals.problems })}
            </span>
            <div>
              <StateBar counts={unit.totals.byState} kind="state" />
            </div>
            <div>
              <StateBar counts={unit.totals.byOpsState} kind="opsState" />
            </div>
          </Rollups>
        )}
      </UnitHead>
      {!unit.answer.ok ? (
        <div style={{ padding: '12px 20px', color: '#ca2621' }} data-raw="true" data-testid="unit-error">
          {unit.answer.code ? `${unit.answer.code}: ` : ''}
          {unit.answer.error || t(HEALTH_LABELS[health])}
        </div>
      ) : (
        <DataTable
          testId="unit-sets"
          columns={columns}
          rows={unit.sets}
          rowKey={multiKey}
          selection={selection}
          empty={<EmptyState title={t('OKG_MC_UNIT_EMPTY')} />}
        />
      )}
    </Card>
  );
}

/** One project across clusters: per cluster (DeployUnit) its sets and rollups; a rollout over sets of several clusters. */
export function DeployUnitsPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const { project = '' } = useParams();
  const overview = useMultiOverview(project);
  const q = useMemo<MultiQuery>(() => ({ page: 1, limit: STREAM_MAX_LIMIT, sortBy: 'name', ascending: true, filters: { project } }), [project]);
  const sets = useMergedGameServerSets(q, project !== '');
  const selection = useSelection();
  const units = useMemo(
    () => deployUnits<GameServerSetView>(overview.data, (sets.data?.items ?? []) as SetRow[], sets.data?.clusters),
    [overview.data, sets.data],
  );
  const totals = unitTotals(units);
  const rows = sets.data?.items ?? [];
  const spanned = clustersOf(rolloutTargets(selection.keys));
  const error = overview.error ?? sets.error;
  const loaded = overview.data && sets.data;

  return (
    <Page data-testid="page-mc-project">
      <PageHeader
        title={t('OKG_MC_PROJECT_TITLE', { project })}
        description={t('OKG_MC_PROJECT_DESC')}
        back={{ to: paths.mcProjects, label: t('OKG_MC_PROJECTS') }}
        extra={<LiveIndicator state={sets.live} />}
      />
      {error && !loaded ? (
        <ErrorState error={error} onRetry={() => void Promise.all([overview.refetch(), sets.refetch()])} />
      ) : !loaded ? (
        <LoadingState />
      ) : (
        <>
          <Card>
            <Stats data-testid="project-totals">
              <Stat>
                {t('OKG_MC_DEPLOY_UNITS')}
                <strong data-testid="total-units">{totals.clusters}</strong>
              </Stat>
              <Stat>
                {t('OKG_TOTAL_GAME_SERVER_SETS')}
                <strong data-testid="total-sets">{totals.sets}</strong>
              </Stat>
              <Stat>
                {t('OKG_TOTAL_GAME_SERVERS')}
                <strong data-testid="total-gameservers">{totals.gameServers}</strong>
              </Stat>
              <Stat alert={totals.problems > 0}>
                {t('OKG_TOTAL_PROBLEMS')}
                <strong data-testid="total-problems">{totals.problems}</strong>
              </Stat>
            </Stats>
            {sets.data && sets.data.totalItems > rows.length && <Muted>{t('OKG_MC_PROJECT_TRUNCATED', { shown: rows.length, total: sets.data.totalItems })}</Muted>}
          </Card>
          <Card padding={0}>
            <ClusterStatusStrip answers={overviewAnswers(overview.data)} streams={sets.streams} noun={'OKG_MC_GAME_SERVERS_COUNT'} />
            {selection.keys.length > 0 && (
              <BulkBar data-testid="bulk-bar">
                <span>{t('OKG_MC_SELECTED_COUNT', { count: selection.keys.length, clusters: spanned.length })}</span>
                <RolloutAction keys={selection.keys} rows={rows} onDone={selection.clear} />
                <Button size="xs" variant="text" onClick={selection.clear}>
                  {t('OKG_CLEAR_SELECTION')}
                </Button>
              </BulkBar>
            )}
          </Card>
          {units.map((u) => (
            <Unit key={u.cluster} unit={u} selection={selection} />
          ))}
        </>
      )}
    </Page>
  );
}
