import { Card } from '@kubed/components';
import React, { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { usePaths } from '../../app/env';
import { DataTable, type Column } from '../../components/DataTable';
import { Muted, Page } from '../../components/Layout';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryState';
import { StateBar } from '../../components/StateBar';
import { useT } from '../../i18n';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { overviewAnswers, projectsAcross, type ProjectRow } from './deployUnits';
import { useMultiOverview } from './hooks';
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
  const data = query.data;
  return (
    <Page data-testid="page-mc-projects">
      <McHeader description={t('OKG_MC_PROJECTS_DESC')} />
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
