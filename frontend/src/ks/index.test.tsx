import fs from 'node:fs';
import path from 'node:path';
import { matchRoutes, type RouteObject } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { KubeSphereRoot } from '../app/Roots';
import { WorkspaceProjects } from '../app/WorkspaceProjects';
import { KS_PAGES, makePaths, ksClusterBase, ksProjectBase, ksWorkspaceBase, workspaceScopeSegments } from '../app/paths';
import { AUTH_KEY } from '../app/permissions';
import en from '../locales/en.json';
import zh from '../locales/zh.json';
import { NodesPage } from '../features/nodes/NodesPage';
import { DeployUnitsPage } from '../features/clusters/DeployUnitsPage';
import { MultiGameServerSetsPage } from '../features/clusters/MultiGameServerSetsPage';
import { MultiGameServersPage } from '../features/clusters/MultiGameServersPage';
import { GameServerDetailPage } from '../pages/GameServerDetail';
import { GameServerSetDetailPage } from '../pages/GameServerSetDetail';
import { GameServerSetsPage } from '../pages/GameServerSets';
import { GameServersPage } from '../pages/GameServers';
import { OverviewPage } from '../pages/Overview';
import { RecentChangesPage } from '../pages/RecentChanges';
import { currentSegments, HOST_NAV_NAMES, isSelected, linkOf, openedGroup, shownTo } from './hostNav';
import extension, { routes, type ExtensionRoute } from './index';
import { allMenus, menusForHost, type ExtensionMenu, type MountPoint } from './menus';

/** The host's route tree around ours: its route, its layout (with the navigation), then ours. */
function hostTree(route: ExtensionRoute): RouteObject[] {
  const { parentRoute, ...ours } = route;
  return [{ path: parentRoute, children: [{ children: [ours as RouteObject] }] }];
}

function routeFor(parent: string): ExtensionRoute {
  const r = routes.find((x) => x.parentRoute === parent);
  if (!r) throw new Error(`no route below ${parent}`);
  return r;
}

/** The element type of the deepest route matching url, and the names of its params. */
function resolve(route: ExtensionRoute, url: string): { page: unknown; params: Record<string, string | undefined>; layouts: unknown[] } {
  const matches = matchRoutes(hostTree(route), url);
  if (!matches) return { page: undefined, params: {}, layouts: [] };
  const last = matches[matches.length - 1];
  const types = matches.map((m) => (m.route.element as { type?: unknown } | undefined)?.type).filter(Boolean);
  return { page: types[types.length - 1], params: last.params, layouts: types.slice(0, -1) };
}

const menuOf = (parent: MountPoint): ExtensionMenu => {
  const m = allMenus.find((x) => x.parent === parent);
  if (!m) throw new Error(`no ${parent} menu`);
  return m;
};

const mounts: { parent: MountPoint; route: string; prefix: string; scope: string; kind: string }[] = [
  { parent: 'cluster', route: '/clusters/:cluster', prefix: ksClusterBase('host'), scope: '', kind: 'cluster' },
  { parent: 'project', route: '/:workspace/clusters/:cluster/projects/:namespace', prefix: ksProjectBase('ws1', 'host', 'game-prod'), scope: '', kind: 'project' },
  { parent: 'workspace', route: '/workspaces/:workspace', prefix: ksWorkspaceBase('ws1'), scope: workspaceScopeSegments('host', 'game-prod'), kind: 'workspace' },
];

const pages = [
  { name: KS_PAGES.overview, element: OverviewPage },
  { name: KS_PAGES.gameServerSets, element: GameServerSetsPage },
  { name: KS_PAGES.gameServers, element: GameServersPage },
  { name: KS_PAGES.history, element: RecentChangesPage },
];

/**
 * Nodes are cluster-scoped (project members get 403 there) and All clusters spans clusters:
 * only the cluster's group has them.
 */
const pagesOf = (parent: MountPoint) =>
  parent === 'cluster'
    ? [...pages, { name: KS_PAGES.nodes, element: NodesPage }, { name: KS_PAGES.multicluster, element: MultiGameServersPage }]
    : pages;

describe('KubeSphere entry', () => {
  it('routes the all-clusters pages below the cluster group item, keeping it lit, and nowhere else', () => {
    const prefix = ksClusterBase('host');
    const paths = makePaths(prefix, { names: KS_PAGES });
    const cluster = routeFor('/clusters/:cluster');
    expect(resolve(cluster, paths.mcGameServers).page).toBe(MultiGameServersPage);
    expect(resolve(cluster, paths.mcGameServerSets).page).toBe(MultiGameServerSetsPage);
    const project = resolve(cluster, paths.mcProject('minecraft'));
    expect(project.page).toBe(DeployUnitsPage);
    expect(project.params.project).toBe('minecraft');
    const menu = menuOf('cluster');
    const item = (menu.children ?? []).find((c) => c.name === KS_PAGES.multicluster);
    expect(item && isSelected(item, currentSegments(paths.mcProject('minecraft'), prefix))).toBe(true);
    // a project's or workspace's navigation has no all-clusters page
    expect(resolve(routeFor('/:workspace/clusters/:cluster/projects/:namespace'), `${ksProjectBase('ws1', 'host', 'game')}/${KS_PAGES.multicluster}`).page).toBeUndefined();
  });

  it('exports routes, menus and locales the way ks-console reads them', () => {
    expect(Object.keys(extension).sort()).toEqual(['locales', 'menus', 'routes']);
    expect(extension.locales).toEqual({ en, zh });
    expect(routes.map((r) => r.parentRoute)).toEqual(mounts.map((m) => m.route));
    // pathless layouts: the pages sit right below the host route, where the menu links point
    for (const r of routes) expect(r.path).toBeUndefined();
  });

  it('mounts one group per mount point, titles that are locale keys, no skipAuth', () => {
    expect(allMenus.map((m) => m.parent)).toEqual(['cluster', 'project', 'workspace']);
    for (const menu of allMenus) {
      expect(menu).not.toHaveProperty('skipAuth');
      for (const item of [menu, ...(menu.children ?? [])]) {
        expect(en).toHaveProperty(item.title);
        expect(zh).toHaveProperty(item.title);
        expect(item).not.toHaveProperty('skipAuth');
      }
    }
  });

  for (const mount of mounts) {
    describe(`${mount.parent} navigation`, () => {
      const menu = menuOf(mount.parent);
      const children = menu.children ?? [];

      it('names each item with one segment that is no host item of that navigation', () => {
        expect(children.map((c) => c.name)).toEqual(pagesOf(mount.parent).map((p) => p.name));
        for (const c of children) {
          expect(c.name).toMatch(/^[a-z0-9-]+$/);
          expect(HOST_NAV_NAMES[mount.parent]).not.toContain(c.name);
        }
        expect(HOST_NAV_NAMES[mount.parent]).not.toContain(menu.name);
      });

      it('links every item to its page, highlights only it and opens the group on a direct load', () => {
        const route = routeFor(mount.route);
        for (const [i, child] of children.entries()) {
          const link = linkOf(mount.prefix, child);
          const direct = mount.scope ? `${link}/${mount.scope}` : link;
          const target = resolve(route, direct);
          expect(target.page, direct).toBe(pagesOf(mount.parent)[i].element);
          expect(target.layouts).toContain(KubeSphereRoot);
          const segments = currentSegments(direct, mount.prefix);
          expect(children.filter((c) => isSelected(c, segments)).map((c) => c.name)).toEqual([child.name]);
          expect(openedGroup([menu], segments)).toBe(menu.name);
          expect(isSelected(menu, segments)).toBe(true);
          // the host's own items stay unlit on our pages
          for (const host of HOST_NAV_NAMES[mount.parent]) expect(segments).not.toContain(host);
        }
      });

      it('keeps the list item lit on detail pages and routes them with namespace and name', () => {
        const route = routeFor(mount.route);
        const fixed = mount.parent !== 'cluster';
        const paths = makePaths(mount.prefix, { names: KS_PAGES, scope: mount.scope, fixedNamespace: fixed });
        const cases = [
          { url: paths.gameServerSet('game-prod', 'minecraft'), page: GameServerSetDetailPage, item: KS_PAGES.gameServerSets },
          { url: paths.gameServer('game-prod', 'minecraft-0'), page: GameServerDetailPage, item: KS_PAGES.gameServers },
        ];
        for (const c of cases) {
          const target = resolve(route, c.url);
          expect(target.page, c.url).toBe(c.page);
          expect(target.params.namespace).toBe('game-prod');
          expect(target.params.name).toBe(c.url.split('/').pop());
          const segments = currentSegments(c.url, mount.prefix);
          expect(children.filter((x) => isSelected(x, segments)).map((x) => x.name)).toEqual([c.item]);
        }
      });
    });
  }

  it('shows a project only its own namespace in detail links (no second namespace in the URL)', () => {
    const paths = makePaths(ksProjectBase('ws1', 'host', 'game-prod'), { names: KS_PAGES, fixedNamespace: true });
    expect(paths.gameServer('game-prod', 'mc-0')).toBe('/ws1/clusters/host/projects/game-prod/okg-gameservers/mc-0');
  });

  it('opens a project picker on a workspace item without a project, and nothing outside our pages', () => {
    const route = routeFor('/workspaces/:workspace');
    expect(resolve(route, '/workspaces/ws1/okg-overview').page).toBe(WorkspaceProjects);
    expect(resolve(route, '/workspaces/ws1/overview').page).toBeUndefined();
    expect(resolve(routeFor('/clusters/:cluster'), '/clusters/host/nodes').page).toBeUndefined();
    expect(resolve(routeFor('/clusters/:cluster'), '/clusters/host').page).toBeUndefined();
  });
});

describe('menus and KubeSphere permissions', () => {
  const roleTemplates = fs.readFileSync(
    path.resolve(__dirname, '../../../charts/okg-console/charts/backend/templates/roletemplates.yaml'),
    'utf8',
  );

  it('binds every item to the chart RoleTemplates key, view for menus', () => {
    const rules = [...roleTemplates.matchAll(/role-template-rules: '(\{[^']*\})'/g)].map((m) => JSON.parse(m[1]) as Record<string, string>);
    expect(rules).toEqual([{ [AUTH_KEY]: 'view' }, { [AUTH_KEY]: 'manage' }, { [AUTH_KEY]: 'exec' }]); // exec: the terminal, its own item
    for (const menu of allMenus) {
      for (const c of menu.children ?? []) {
        expect(c.authKey?.split('|')).toContain(AUTH_KEY);
        expect(c.authAction).toBe('view');
      }
    }
  });

  const cases: { who: string; parent: MountPoint; rules: Record<string, string[]>; shown: boolean }[] = [
    { who: 'cluster viewer (aggregated view template)', parent: 'cluster', rules: { [AUTH_KEY]: ['view'] }, shown: true },
    { who: 'cluster admin', parent: 'cluster', rules: { _: ['*'] }, shown: true },
    { who: 'cluster member without the permission', parent: 'cluster', rules: { nodes: ['view'] }, shown: false },
    { who: 'project operator (manage)', parent: 'project', rules: { [AUTH_KEY]: ['manage'] }, shown: true },
    { who: 'project member without the permission', parent: 'project', rules: { pods: ['view'] }, shown: false },
    { who: 'workspace member who sees projects', parent: 'workspace', rules: { projects: ['view'] }, shown: true },
    { who: 'workspace member with nothing', parent: 'workspace', rules: {}, shown: false },
  ];
  for (const c of cases) {
    it(`${c.shown ? 'shows' : 'hides'} the ${c.parent} group for a ${c.who}`, () => {
      expect(shownTo(menuOf(c.parent), c.rules)).toBe(c.shown);
    });
  }

  it('hands a host only the mount points it has (4.2 has no project navigation)', () => {
    const v41 = { clusterNavs: {}, projectNavs: {}, workspaceNavs: {} };
    const v42 = { clusterNavs: {}, workspaceNavs: {}, globalNavs: {} };
    expect(menusForHost(v41).map((m) => m.parent)).toEqual(['cluster', 'project', 'workspace']);
    expect(menusForHost(v42).map((m) => m.parent)).toEqual(['cluster', 'workspace']);
    expect(menusForHost(undefined)).toEqual(allMenus);
  });
});
