// KubeSphere entry (4.1 and 4.2): ks-console loads /dist/okg-console/index.js through SystemJS
// and reads this module's default export { routes, menus, locales }.
import React from 'react';
import { Navigate, useParams, type RouteObject } from 'react-router-dom';
import { KubeSphereRoot } from '../app/Roots';
import { WorkspaceProjects } from '../app/WorkspaceProjects';
import { KS_CLUSTER_ROUTE, KS_PAGES, ksClusterBase, KS_PROJECT_ROUTE, KS_WORKSPACE_ROUTE, type PageNames } from '../app/paths';
import { mountedPageRoutes } from '../app/routes';
import { locales, setLanguage } from '../i18n';
import { hostLanguage } from '../i18n/detect';
import { menusForHost, type ExtensionMenu } from './menus';
import { fetchStreamTicket } from '../api/streamTicket';
import { setStreamTicketSource } from '../hooks/useLive';

export type { ExtensionMenu } from './menus';

/** A route object as ks-console takes it: parentRoute names the host route to nest under. */
export type ExtensionRoute = RouteObject & { parentRoute?: string };

setLanguage(hostLanguage());
// Behind ks-apiserver the backend recognises the console's own websockets by a ticket.
setStreamTicketSource(fetchStreamTicket);

/** The pages lived below /clusters/{c}/okg-console/ before: send saved links to the overview. */
function LegacyRedirect(): React.ReactElement {
  const { cluster = '' } = useParams();
  return <Navigate to={`${ksClusterBase(cluster)}/${KS_PAGES.overview}`} replace />;
}

const pickers: RouteObject[] = (Object.keys(KS_PAGES) as (keyof PageNames)[]).map((page) => ({
  path: KS_PAGES[page],
  element: <WorkspaceProjects page={page} />,
}));

/**
 * One layout route per mount, without a path of its own: the pages sit directly below the
 * host's route ({prefix}/okg-overview ...), where the host's menu links point.
 */
export const routes: ExtensionRoute[] = [
  {
    parentRoute: KS_CLUSTER_ROUTE,
    element: <KubeSphereRoot kind="cluster" />,
    children: [
      ...mountedPageRoutes({ names: KS_PAGES, multicluster: true }),
      // links saved before the pages moved to one segment each
      { path: 'okg-console/*', element: <LegacyRedirect /> },
    ],
  },
  {
    parentRoute: KS_PROJECT_ROUTE,
    element: <KubeSphereRoot kind="project" />,
    children: mountedPageRoutes({ names: KS_PAGES, fixedNamespace: true }),
  },
  {
    parentRoute: KS_WORKSPACE_ROUTE,
    children: [
      ...pickers,
      {
        element: <KubeSphereRoot kind="workspace" />,
        children: mountedPageRoutes({ names: KS_PAGES, scope: ':okgCluster/:namespace', fixedNamespace: true }),
      },
    ],
  },
];

function hostConfig(): Record<string, unknown> | undefined {
  if (typeof window === 'undefined') return undefined;
  return (window as unknown as { globals?: { config?: Record<string, unknown> } }).globals?.config;
}

export const menus: ExtensionMenu[] = menusForHost(hostConfig());

const extensionConfig = { routes, menus, locales };

export default extensionConfig;
