// How the KubeSphere 4.1.1 web console treats an extension's menus, as read in its npm
// packages (@ks-console/shared 4.1.1: Icon, NavMenu, checkNavItem/getActions) and seen in the
// real host (../shared/README.md). Written down here so tests can hold our menus to it;
// nothing here is shipped in the bundle.
import type { ExtensionMenu } from './menus';

/** The @kubed/icons export a menu icon name resolves to ("gamepad-duotone" -> "GamepadDuotone"). */
export function iconExportName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The URL segments after the navigation's prefix (the host's current-path split). */
export function currentSegments(pathname: string, prefix: string): string[] {
  return pathname.slice(prefix.length).replace(/\/+$/, '').split('/');
}

/** Marked current: an item whose whole name is one of the segments, or a group with such a child. */
export function isSelected(item: ExtensionMenu, segments: string[]): boolean {
  if (item.children) return item.children.some((c) => isSelected(c, segments));
  return segments.includes(item.name);
}

/** The group open on a page loaded directly: the one with a child named by a segment. */
export function openedGroup(items: ExtensionMenu[], segments: string[]): string {
  let opened = '';
  for (const item of items) if (item.children?.some((c) => segments.includes(c.name))) opened = item.name;
  return opened;
}

/** Where the host links an item: {prefix}/{name}. */
export function linkOf(prefix: string, item: ExtensionMenu): string {
  return `${prefix}/${item.name}`;
}

/** module -> actions, as the host's rules hold them for one level */
export type ModuleRules = Record<string, string[]>;

/** The host's rule check for one module: `manage` and `*` imply everything, `_` applies to all modules. */
export function allows(rules: ModuleRules, module: string, action: string): boolean {
  const actions = [...(rules[module] ?? []), ...(rules._ ?? [])];
  return actions.includes('*') || actions.includes('manage') || actions.includes(action);
}

/**
 * Whether the host shows an item: skipAuth shows it to everyone; a group shows when any child
 * does; otherwise authKey (or else the name!) must allow authAction (or else view); `a|b`
 * means either module, for view.
 */
export function shownTo(item: ExtensionMenu & { skipAuth?: boolean }, rules: ModuleRules): boolean {
  if (item.skipAuth) return true;
  if (item.children) return item.children.some((c) => shownTo(c, rules));
  const key = item.authKey ?? item.name;
  if (key.includes('|')) return key.split('|').some((k) => allows(rules, k, 'view'));
  return allows(rules, key, item.authAction ?? 'view');
}

/** ks-console 4.1.1's own item names in the navigations our menus join (its configs/config.yaml). */
export const HOST_NAV_NAMES: Record<'cluster' | 'project' | 'workspace', string[]> = {
  cluster: [
    'overview', 'nodes', 'projects', 'app-workloads', 'workloads', 'jobs', 'pods', 'services', 'ingresses', 'config',
    'secrets', 'configmaps', 'serviceaccounts', 'network', 'networkpolicies', 'ippools', 'customresources', 'storage',
    'volumes', 'storageclasses', 'monitoring-alerting', 'cluster-settings', 'base-info', 'visibility', 'members', 'roles',
    'log-collections',
  ],
  project: [
    'overview', 'app-workloads', 'deploy', 'services', 'workloads', 'jobs', 'ingresses', 'pods', 'storage', 'volumes',
    'config', 'secrets', 'configmaps', 'serviceaccounts', 'monitoring', 'settings', 'base-info', 'networkpolicies', 'roles',
    'members', 'log-collections',
  ],
  workspace: ['overview', 'projects', 'apps', 'app-repos', 'management', 'base-info', 'quota', 'roles', 'members'],
};
