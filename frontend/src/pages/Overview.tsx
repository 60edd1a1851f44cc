import { Card } from '@kubed/components';
import React, { useMemo } from 'react';
import { Link } from 'react-router-dom';
import styled from 'styled-components';
import type { Overview } from '../api/types';
import { useFixedNamespace, usePaths } from '../app/env';
import { rollupColumns } from '../columns/rollupColumns';
import { DataTable, type Column } from '../components/DataTable';
import { Muted, Page, PageHeader, Section } from '../components/Layout';
import { LiveIndicator } from '../components/LiveIndicator';
import { EmptyState, QueryState } from '../components/QueryState';
import { StateBar } from '../components/StateBar';
import { useOverview } from '../hooks/queries';
import { useT } from '../i18n';
import { problemsFirst } from '../utils/overview';

const Stats = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
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

type SetRow = Overview['gameServerSets'][number];
type NamespaceRow = Overview['namespaces'][number];
type ProjectRow = Overview['projects'][number];

export function OverviewPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const query = useOverview();
  // inside a KubeSphere project the overview is of its one namespace: no per-namespace table
  const fixedNamespace = useFixedNamespace();

  const setColumns = useMemo<Column<SetRow>[]>(
    () => [
      {
        key: 'name',
        title: 'OKG_COL_GAME_SERVER_SET',
        render: (r) => (
          <div>
            <Link to={paths.gameServerSet(r.namespace, r.name)}>{r.name}</Link>
            <div>
              <Muted>{r.namespace}</Muted>
            </div>
          </div>
        ),
      },
      { key: 'replicas', title: 'OKG_COL_REPLICAS', align: 'right', render: (r) => r.replicas },
      ...rollupColumns<SetRow>(),
    ],
    [paths],
  );
  const nsColumns = useMemo<Column<NamespaceRow>[]>(
    () => [{ key: 'namespace', title: 'OKG_COL_NAMESPACE', render: (r) => r.namespace }, ...rollupColumns<NamespaceRow>()],
    [],
  );
  const projectColumns = useMemo<Column<ProjectRow>[]>(
    () => [
      { key: 'project', title: 'OKG_COL_PROJECT', render: (r) => r.project || t('OKG_NO_PROJECT') },
      ...rollupColumns<ProjectRow>(),
    ],
    [t],
  );

  return (
    <Page data-testid="page-overview">
      <PageHeader title={t('OKG_NAV_OVERVIEW')} description={t('OKG_OVERVIEW_DESC')} extra={<LiveIndicator state={query.live} />} />
      <QueryState query={query}>
        {(o) => (
          <>
            <Card>
              <Stats>
                <Stat>
                  {t('OKG_TOTAL_GAME_SERVER_SETS')}
                  <strong data-testid="total-sets">{o.totals.gameServerSets}</strong>
                </Stat>
                <Stat>
                  {t('OKG_TOTAL_GAME_SERVERS')}
                  <strong data-testid="total-gameservers">{o.totals.gameServers}</strong>
                </Stat>
                <Stat alert={o.totals.problems > 0}>
                  {t('OKG_TOTAL_PROBLEMS')}
                  <strong data-testid="total-problems">{o.totals.problems}</strong>
                </Stat>
              </Stats>
            </Card>
            <Stats>
              <Section title={t('OKG_BY_STATE')}>
                <StateBar counts={o.totals.byState} kind="state" />
              </Section>
              <Section title={t('OKG_BY_OPS_STATE')}>
                <StateBar counts={o.totals.byOpsState} kind="opsState" />
              </Section>
              <Section title={t('OKG_BY_NETWORK_STATE')}>
                <StateBar counts={o.totals.byNetworkState} kind="networkState" />
              </Section>
            </Stats>
            <Section title={t('OKG_PER_GAME_SERVER_SET')} testId="overview-sets">
              <DataTable
                columns={setColumns}
                rows={problemsFirst(o.gameServerSets, (r) => `${r.namespace}/${r.name}`)}
                rowKey={(r) => `${r.namespace}/${r.name}`}
                empty={<EmptyState title={t('OKG_NO_GAME_SERVER_SETS')} />}
              />
            </Section>
            {!fixedNamespace && (
              <Section title={t('OKG_PER_NAMESPACE')}>
                <DataTable
                  columns={nsColumns}
                  rows={problemsFirst(o.namespaces, (r) => r.namespace)}
                  rowKey={(r) => r.namespace}
                  empty={<EmptyState />}
                />
              </Section>
            )}
            <Section title={t('OKG_PER_PROJECT')}>
              <DataTable
                columns={projectColumns}
                rows={problemsFirst(o.projects, (r) => r.project)}
                rowKey={(r) => r.project || '-'}
                empty={<EmptyState />}
              />
            </Section>
          </>
        )}
      </QueryState>
    </Page>
  );
}
