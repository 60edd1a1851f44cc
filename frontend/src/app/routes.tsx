import React from 'react';
import { Navigate, type RouteObject } from 'react-router-dom';
import { DeployUnitsPage } from '../features/clusters/DeployUnitsPage';
import { MultiGameServerSetsPage } from '../features/clusters/MultiGameServerSetsPage';
import { MultiGameServersPage } from '../features/clusters/MultiGameServersPage';
import { ProjectsPage } from '../features/clusters/ProjectsPage';
import { NodeDetailPage } from '../features/nodes/NodeDetailPage';
import { NodesPage } from '../features/nodes/NodesPage';
import { GameServerDetailPage } from '../pages/GameServerDetail';
import { GameServerSetDetailPage } from '../pages/GameServerSetDetail';
import { GameServerSetsPage } from '../pages/GameServerSets';
import { GameServersPage } from '../pages/GameServers';
import { NotFoundPage } from '../pages/NotFound';
import { OverviewPage } from '../pages/Overview';
import { RecentChangesPage } from '../pages/RecentChanges';
import { MC_SUBPAGES, STANDALONE_PAGES, type PageNames } from './paths';
import { StandaloneClusterRoot } from './Roots';

/** How a mount's routes are shaped (the route-pattern side of paths.PageLayout). */
export interface RouteLayout {
  names: PageNames;
  /** route pattern after each page segment, e.g. ':okgCluster/:namespace' (workspace entry) */
  scope?: string;
  /** the host route fixes :namespace (a project): detail routes take only :name */
  fixedNamespace?: boolean;
  /** offer the all-clusters pages (cluster-wide mounts that are not one cluster's only) */
  multicluster?: boolean;
}

/** The all-clusters pages below their segment: merged game servers, sets, projects and one project's DeployUnits. */
function multiClusterRoutes(segment: string): RouteObject[] {
  return [
    { path: segment, element: <MultiGameServersPage /> },
    { path: `${segment}/${MC_SUBPAGES.gameServerSets}`, element: <MultiGameServerSetsPage /> },
    { path: `${segment}/${MC_SUBPAGES.projects}`, element: <ProjectsPage /> },
    { path: `${segment}/${MC_SUBPAGES.projects}/:project`, element: <DeployUnitsPage /> },
  ];
}

/**
 * The console's pages, relative to wherever a host mounts them. Detail pages read
 * :namespace and :name; under a project the host's own :namespace is the namespace.
 * No index or catch-all route: below a host route they would claim the host's URLs.
 */
export function mountedPageRoutes(layout: RouteLayout): RouteObject[] {
  const { names } = layout;
  const list = (page: string) => (layout.scope ? `${page}/${layout.scope}` : page);
  const detail = (page: string) => `${list(page)}/${layout.fixedNamespace ? ':name' : ':namespace/:name'}`;
  return [
    { path: list(names.overview), element: <OverviewPage /> },
    { path: list(names.gameServerSets), element: <GameServerSetsPage /> },
    { path: detail(names.gameServerSets), element: <GameServerSetDetailPage /> },
    { path: list(names.gameServers), element: <GameServersPage /> },
    { path: detail(names.gameServers), element: <GameServerDetailPage /> },
    { path: list(names.history), element: <RecentChangesPage /> },
    // nodes are cluster-scoped: one name, no namespace
    { path: list(names.nodes), element: <NodesPage /> },
    { path: `${list(names.nodes)}/:name`, element: <NodeDetailPage /> },
    ...(layout.multicluster ? multiClusterRoutes(names.multicluster) : []),
  ];
}

/**
 * Standalone: the local cluster's pages and the all-clusters pages at the root, "/" opening the
 * overview, any other cluster's pages below clusters/{cluster} (its API at /clusters/{cluster}/kapis),
 * anything else not found.
 */
export function pageRoutes(): RouteObject[] {
  return [
    { index: true, element: <Navigate to="overview" replace /> },
    ...mountedPageRoutes({ names: STANDALONE_PAGES, multicluster: true }),
    {
      path: 'clusters/:cluster',
      element: <StandaloneClusterRoot />,
      children: [{ index: true, element: <Navigate to={STANDALONE_PAGES.overview} replace /> }, ...mountedPageRoutes({ names: STANDALONE_PAGES })],
    },
    { path: '*', element: <NotFoundPage /> },
  ];
}
