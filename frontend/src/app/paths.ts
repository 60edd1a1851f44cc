/** Links inside the console, relative to where its routes are mounted. */
export interface Paths {
  overview: string;
  gameServerSets: string;
  gameServerSet: (namespace: string, name: string) => string;
  gameServers: string;
  gameServer: (namespace: string, name: string) => string;
  /** Recent changes: the history feed of the scope */
  history: string;
  /** Nodes (cluster-scoped) and one node */
  nodes: string;
  node: (name: string) => string;
  /** All clusters: merged game servers and sets, projects and one project's DeployUnits */
  mcGameServers: string;
  mcGameServerSets: string;
  mcProjects: string;
  mcProject: (project: string) => string;
}

/** The first path segment of each list page (detail pages live below their list). */
export interface PageNames {
  overview: string;
  gameServerSets: string;
  gameServers: string;
  history: string;
  nodes: string;
  /** all clusters (cluster-wide mounts only): below it gameserversets, projects[/{project}] */
  multicluster: string;
}

/** Standalone: the console owns the whole URL space. */
export const STANDALONE_PAGES: PageNames = {
  overview: 'overview',
  gameServerSets: 'gameserversets',
  gameServers: 'gameservers',
  history: 'history',
  nodes: 'nodes',
  multicluster: 'multicluster',
};

/**
 * Inside KubeSphere each page's segment is also its menu item's name: the host links an item
 * to {prefix}/{name} and marks it current when that whole segment is in the URL. The prefix
 * keeps them apart from the host's own items (a cluster and a project both have "overview").
 */
export const KS_PAGES: PageNames = {
  overview: 'okg-overview',
  gameServerSets: 'okg-gameserversets',
  gameServers: 'okg-gameservers',
  history: 'okg-history',
  nodes: 'okg-nodes',
  multicluster: 'okg-multicluster',
};

/** The sub-pages of the all-clusters page (below its own segment). */
export const MC_SUBPAGES = { gameServerSets: 'gameserversets', projects: 'projects' } as const;

const seg = encodeURIComponent;

/**
 * How a mount lays out its pages. `scope` (encoded segments) follows the page segment: the
 * workspace entry carries its cluster and project there, so the page segment stays right
 * after the host's prefix, where the host looks for it. With `fixedNamespace` the mount
 * fixes the namespace (a project) and detail paths carry only the object's name.
 */
export interface PageLayout {
  names: PageNames;
  scope?: string;
  fixedNamespace?: boolean;
}

export function makePaths(base: string, layout: PageLayout = { names: STANDALONE_PAGES }): Paths {
  const b = base.replace(/\/+$/, '');
  const s = layout.scope ? `/${layout.scope.replace(/^\/+|\/+$/g, '')}` : '';
  const list = (page: string) => `${b}/${page}${s}`;
  const detail = (page: string, ns: string, name: string) =>
    layout.fixedNamespace ? `${list(page)}/${seg(name)}` : `${list(page)}/${seg(ns)}/${seg(name)}`;
  const { names } = layout;
  return {
    overview: list(names.overview),
    gameServerSets: list(names.gameServerSets),
    gameServerSet: (ns, name) => detail(names.gameServerSets, ns, name),
    gameServers: list(names.gameServers),
    gameServer: (ns, name) => detail(names.gameServers, ns, name),
    history: list(names.history),
    nodes: list(names.nodes),
    node: (name) => `${list(names.nodes)}/${seg(name)}`,
    // the all-clusters pages have no scope of their own (they are above any one cluster)
    mcGameServers: `${b}/${names.multicluster}`,
    mcGameServerSets: `${b}/${names.multicluster}/${MC_SUBPAGES.gameServerSets}`,
    mcProjects: `${b}/${names.multicluster}/${MC_SUBPAGES.projects}`,
    mcProject: (project) => `${b}/${names.multicluster}/${MC_SUBPAGES.projects}/${seg(project)}`,
  };
}

/**
 * Where one cluster's own pages are: in KubeSphere the host's cluster route; standalone the local
 * cluster's pages at the root and any other cluster's below /clusters/{cluster}.
 */
export function clusterPagesBase(mode: 'kubesphere' | 'standalone', cluster: string, local: boolean): { base: string; layout: PageLayout } {
  if (mode === 'kubesphere') return { base: ksClusterBase(cluster), layout: { names: KS_PAGES } };
  return { base: local ? '' : standaloneClusterBase(cluster), layout: { names: STANDALONE_PAGES } };
}

/** Standalone: another cluster's pages (its API at /clusters/{cluster}/kapis/...). */
export function standaloneClusterBase(cluster: string): string {
  return `/clusters/${seg(cluster)}`;
}

/** Host routes the KubeSphere entry nests its pages under (ks-console 4.1's own route paths). */
export const KS_CLUSTER_ROUTE = '/clusters/:cluster';
export const KS_PROJECT_ROUTE = '/:workspace/clusters/:cluster/projects/:namespace';
export const KS_WORKSPACE_ROUTE = '/workspaces/:workspace';

/** The prefix the host's left navigation puts before a menu item's name, per mount point. */
export function ksClusterBase(cluster: string): string {
  return `/clusters/${seg(cluster)}`;
}

export function ksProjectBase(workspace: string, cluster: string, namespace: string): string {
  return `/${seg(workspace)}/clusters/${seg(cluster)}/projects/${seg(namespace)}`;
}

export function ksWorkspaceBase(workspace: string): string {
  return `/workspaces/${seg(workspace)}`;
}

/** Segments a workspace page carries after its page name: which cluster and project. */
export function workspaceScopeSegments(cluster: string, namespace: string): string {
  return `${seg(cluster)}/${seg(namespace)}`;
}
