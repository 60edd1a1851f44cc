import { Card } from '@kubed/components';
import React, { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { usePaths } from '../../app/env';
import { DataTable, type Column } from '../../components/DataTable';
import { Muted, Page, Section } from '../../components/Layout';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { StateBar } from '../../components/StateBar';
import { useT } from '../../i18n';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { clusterRollups, overviewAnswers, projectsAcross, type ClusterRollupRow, type ProjectRow } from './deployUnits';
import { useClusters, useMultiOverview } from './hooks';
import { clusterHealth, HEALTH_LABELS, HEALTH_TONES } from './merge';
import { StateTag } from '../../components/StateTag';
import { useEnv } from '../../app/env';
import { McHeader } from './McLayout';

/** Every project (game) of every cluster, with the clusters it runs in; each opens its DeployUnits. */
export function ProjectsPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const query = useMultiOverview();
  const rows = useMemo(() => projectsAcross(query.data), [query.data]);
  const columns = useMemo<Column<ProjectRow>[]>(
    () => [
      { key: 'project', title: 'OKG_COL_PROJECT', render: (r) => <Link to={paths.mcProject(r.project)}>{r.project}</Link> },
      {
        key: 'clusters',
        title: 'OKG_MC_COL_DEPLOY_UNITS',
        render: (r) => (
          <div data-testid="project-clusters">
            {r.clusters.map((c) => (
              <div key={c.cluster} data-cluster={c.cluster} style={{ whiteSpace: 'nowrap' }}>
                <strong>{c.cluster}</strong> <Muted>{t('OKG_MC_GAME_SERVERS_COUNT', { count: c.gameServers })}</Muted>
              </div>
            ))}
          </div>
        ),
      },
      { key: 'gameServers', title: 'OKG_COL_GAME_SERVERS', align: 'right', render: (r) => r.gameServers },
      {
        key: 'problems',
        title: 'OKG_COL_PROBLEMS',
        align: 'right',
        render: (r) => (r.problems > 0 ? <strong style={{ color: '#ca2621' }}>{r.problems}</strong> : 0),
      },
      { key: 'byState', title: 'OKG_COL_STATES', width: 240, render: (r) => <StateBar counts={r.byState} kind="state" /> },
    ],
    [paths, t],
  );
  const env = useEnv();
  const known = useClusters();
  const clusterCols = useMemo<Column<ClusterRollupRow>[]>(
    () => [
      {
        key: 'cluster',
        title: 'OKG_COL_CLUSTER',
        render: (r) => {
          const local = known.data?.items.find((c) => c.name === r.cluster)?.local ?? false;
          return (
            <Link to={env.clusterPaths(r.cluster, local).overview} data-testid="cluster-link">
              {r.cluster}
            </Link>
          );
        },
      },
      {
        key: 'health',
        title: 'OKG_COL_STATE',
        render: (r) => {
          const h = clusterHealth(r.answer);
          return <StateTag label={t(HEALTH_LABELS[h])} tone={HEALTH_TONES[h]} />;
        },
      },
      { key: 'sets', title: 'OKG_TOTAL_GAME_SERVER_SETS', align: 'right', render: (r) => r.totals?.gameServerSets ?? '-' },
      { key: 'gameServers', title: 'OKG_COL_GAME_SERVERS', align: 'right', render: (r) => r.totals?.gameServers ?? '-' },
      {
        key: 'problems',
        title: 'OKG_COL_PROBLEMS',
        align: 'right',
        render: (r) => (!r.totals ? '-' : r.totals.problems > 0 ? <strong style={{ color: '#ca2621' }}>{r.totals.problems}</strong> : 0),
      },
      { key: 'byState', title: 'OKG_COL_STATES', width: 240, render: (r) => (r.totals ? <StateBar counts={r.totals.byState} kind="state" /> : null) },
    ],
    [env, known.data, t],
  );
  const data = query.data;
  const perCluster = useMemo(() => clusterRollups(data), [data]);
  return (
    <Page data-testid="page-mc-projects">
      <McHeader description={t('OKG_MC_PROJECTS_DESC')} />
      {data && (
        <Section title={t('OKG_MC_PER_CLUSTER')} testId="mc-clusters">
          <DataTable testId="mc-cluster-rollups" columns={clusterCols} rows={perCluster} rowKey={(r) => r.cluster} />
        </Section>
      )}
      <Card padding={0}>
        <ClusterStatusStrip answers={overviewAnswers(data)} noun={'OKG_MC_GAME_SERVERS_COUNT'} />
        {query.error && !data ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : !data ? (
          <LoadingState />
        ) : (
          <DataTable testId="mc-projects" columns={columns} rows={rows} rowKey={(r) => r.project} empty={<EmptyState title={t('OKG_MC_NO_PROJECTS')} />} />
        )}
      </Card>
    </Page>
  );
}
