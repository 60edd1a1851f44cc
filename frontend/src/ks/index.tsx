// KubeSphere 4.1 entry: ks-console loads /dist/okg-console/index.js through SystemJS and reads
// this module's default export { routes, menus, locales }.
import React from 'react';
import type { RouteObject } from 'react-router-dom';
import { KubeSphereRoot } from '../app/Roots';
import { KS_CLUSTER_ROUTE, KS_MOUNT } from '../app/paths';
import { createQueryClient } from '../app/queryClient';
import { pageRoutes } from '../app/routes';
import { locales, setLanguage } from '../i18n';
import { hostLanguage } from '../i18n/detect';

/** A route object as ks-console takes it: parentRoute names the host route to nest under. */
export type ExtensionRoute = RouteObject & { parentRoute?: string };

export interface ExtensionMenu {
  parent: string;
  name: string;
  title: string;
  icon?: string;
  order?: number;
  skipAuth?: boolean;
  children?: Omit<ExtensionMenu, 'parent'>[];
}

const queryClient = createQueryClient();
setLanguage(hostLanguage());

export const routes: ExtensionRoute[] = [
  {
    parentRoute: KS_CLUSTER_ROUTE,
    path: KS_MOUNT,
    element: <KubeSphereRoot client={queryClient} />,
    children: pageRoutes(),
  },
];

/** A group in the cluster's left navigation; ks-console links each child to /clusters/{cluster}/{name}. */
export const menus: ExtensionMenu[] = [
  {
    parent: 'cluster',
    name: 'okg-console',
    title: 'OKG_MENU_TITLE',
    icon: 'gamepad',
    order: 90,
    skipAuth: true,
    children: [
      { name: 'okg-console/overview', title: 'OKG_NAV_OVERVIEW', icon: 'dashboard', skipAuth: true },
      { name: 'okg-console/gameserversets', title: 'OKG_NAV_GAME_SERVER_SETS', icon: 'cluster', skipAuth: true },
      { name: 'okg-console/gameservers', title: 'OKG_NAV_GAME_SERVERS', icon: 'pod', skipAuth: true },
    ],
  },
];

const extensionConfig = { routes, menus, locales };

export default extensionConfig;
