// The console's entries in KubeSphere's left navigation, one group per mount point.
import { KS_PAGES } from '../app/paths';
import { AUTH_KEY } from '../app/permissions';

/** A menu item as ks-console registers it (and as an ExtensionEntry's spec.entries[] holds it). */
export interface ExtensionMenu {
  parent?: string;
  name: string;
  title: string;
  /** a name the host resolves in its @kubed/icons (0.2.31 in KubeSphere 4.1.1) */
  icon?: string;
  order?: number;
  /** the module of the user's KubeSphere rules that decides whether the item shows */
  authKey?: string;
  /** the action that module must allow (the host's default is view) */
  authAction?: string;
  children?: ExtensionMenu[];
}

/**
 * Mount points: `cluster` (4.1 and 4.2), `project` (4.1 only; 4.2 removed it) and
 * `workspace` (4.1 and 4.2; the place for project members in 4.2).
 */
export type MountPoint = 'cluster' | 'project' | 'workspace';

/** Exists in the host's @kubed/icons 0.2.31 (`gamepad` does not: an unknown name blanks the host). */
export const MENU_ICON = 'gamepad-duotone';

/**
 * The items of a group. Each name is one path segment and the route its page lives at
 * ({host prefix}/{name}), so the host highlights it and opens the group on a page loaded
 * directly. The host checks every child against the user's rules (a group with no child
 * left is hidden): authKey is the chart's RoleTemplate key, never the default (the name).
 */
function children(parent: MountPoint, authKey: string): ExtensionMenu[] {
  const items: ExtensionMenu[] = [
    { name: KS_PAGES.overview, title: 'OKG_NAV_OVERVIEW', authKey, authAction: 'view' },
    { name: KS_PAGES.gameServerSets, title: 'OKG_NAV_GAME_SERVER_SETS', authKey, authAction: 'view' },
    { name: KS_PAGES.gameServers, title: 'OKG_NAV_GAME_SERVERS', authKey, authAction: 'view' },
    { name: KS_PAGES.history, title: 'OKG_NAV_HISTORY', authKey, authAction: 'view' },
  ];
  // Nodes are cluster-scoped (ks-apiserver answers 403 to project members there): only
  // the cluster's group has the item, shown by the cluster-level RoleTemplate's rule.
  if (parent === 'cluster') items.push({ name: KS_PAGES.nodes, title: 'OKG_NAV_NODES', authKey, authAction: 'view' });
  // All clusters: the merged lists and DeployUnits span clusters, so they hang off the cluster
  // group (each cluster's backend answers for the clusters the user may see there).
  if (parent === 'cluster') items.push({ name: KS_PAGES.multicluster, title: 'OKG_NAV_ALL_CLUSTERS', authKey, authAction: 'view' });
  return items;
}

function group(parent: MountPoint, authKey: string): ExtensionMenu {
  return {
    parent,
    name: 'okg-console',
    title: 'OKG_MENU_TITLE',
    icon: MENU_ICON,
    order: 90,
    authKey,
    authAction: 'view',
    children: children(parent, authKey),
  };
}

/**
 * In a workspace the item shows to anyone who may see the workspace's projects (`a|b` is
 * "either" to the host): the page then lists only the user's own projects, and each project's
 * RoleTemplates decide what they may do there.
 */
export const WORKSPACE_AUTH_KEY = `${AUTH_KEY}|projects`;

export const allMenus: ExtensionMenu[] = [group('cluster', AUTH_KEY), group('project', AUTH_KEY), group('workspace', WORKSPACE_AUTH_KEY)];

/**
 * The menus for the host that loads the bundle: only mount points it has. ks-console keeps
 * one `{parent}Navs` config per mount point; KubeSphere 4.2 has none for `project` and
 * would warn about it. Without the host's config (tests, harness) every menu is kept.
 */
export function menusForHost(config: Record<string, unknown> | undefined, menus: ExtensionMenu[] = allMenus): ExtensionMenu[] {
  if (!config) return menus;
  return menus.filter((m) => !m.parent || config[`${m.parent}Navs`] !== undefined);
}
