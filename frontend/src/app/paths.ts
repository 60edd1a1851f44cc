/** Links inside the console, relative to where its routes are mounted. */
export interface Paths {
  overview: string;
  gameServerSets: string;
  gameServerSet: (namespace: string, name: string) => string;
  gameServers: string;
  gameServer: (namespace: string, name: string) => string;
}

const seg = encodeURIComponent;

export function makePaths(base: string): Paths {
  const b = base.replace(/\/+$/, '');
  return {
    overview: `${b}/overview`,
    gameServerSets: `${b}/gameserversets`,
    gameServerSet: (ns, name) => `${b}/gameserversets/${seg(ns)}/${seg(name)}`,
    gameServers: `${b}/gameservers`,
    gameServer: (ns, name) => `${b}/gameservers/${seg(ns)}/${seg(name)}`,
  };
}

/** Where the KubeSphere entry mounts its pages (below the host's cluster layout). */
export const KS_CLUSTER_ROUTE = '/clusters/:cluster';
export const KS_MOUNT = `${KS_CLUSTER_ROUTE}/okg-console`;

export function ksBase(cluster: string): string {
  return `/clusters/${seg(cluster)}/okg-console`;
}
