import type { OkgApi } from '../api/client';

/**
 * Where inside KubeSphere the console was opened: a cluster (cluster administrators and
 * viewers), or one project of a cluster (project members; 4.1 through the project's own
 * navigation, 4.1 and 4.2 through the workspace's).
 */
export type Scope =
  | { kind: 'cluster'; cluster: string }
  | { kind: 'project'; workspace: string; cluster: string; namespace: string }
  | { kind: 'workspace'; workspace: string; cluster: string; namespace: string };

/** The namespace a scope confines every call to; undefined for a whole cluster. */
export function scopeNamespace(scope: Scope): string | undefined {
  return scope.kind === 'cluster' ? undefined : scope.namespace;
}

/** A stable key per scope: one query cache each, so a cluster-wide answer never shows in a project. */
export function scopeKey(scope: Scope): string {
  return scope.kind === 'cluster' ? `cluster/${scope.cluster}` : `${scope.kind}/${scope.cluster}/${scope.namespace}`;
}

/**
 * The API confined to one namespace: every list, overview and stream goes to
 * /namespaces/{namespace}/..., whatever a page asks for. A project member gets 403 on the
 * cluster-wide paths, and a namespace typed into a filter must not leave the project.
 */
export function namespacedApi(api: OkgApi, namespace: string): OkgApi {
  return {
    base: api.base,
    listGameServers: (q, _ns, signal) => api.listGameServers(q, namespace, signal),
    getGameServer: (_ns, name, signal) => api.getGameServer(namespace, name, signal),
    listGameServerSets: (q, _ns, signal) => api.listGameServerSets(q, namespace, signal),
    getGameServerSet: (_ns, name, signal) => api.getGameServerSet(namespace, name, signal),
    getOverview: (_ns, signal) => api.getOverview(namespace, signal),
    watchPath: api.watchPath && ((resource, q) => api.watchPath?.(resource, q, namespace) ?? ''),
    overviewWatchPath: api.overviewWatchPath && (() => api.overviewWatchPath?.(namespace) ?? ''),
    objectWatchPath: api.objectWatchPath && ((resource, _ns, name) => api.objectWatchPath?.(resource, namespace, name) ?? ''),
    getHistory: api.getHistory && ((target, q, signal) => api.getHistory?.({ ...target, namespace }, q, signal) ?? Promise.reject(new Error('no history'))),
    historyWatchPath: api.historyWatchPath && ((target, q) => api.historyWatchPath?.({ ...target, namespace }, q) ?? ''),
    downloadHistoryCsv:
      api.downloadHistoryCsv && ((target, q) => api.downloadHistoryCsv?.({ ...target, namespace }, q) ?? Promise.reject(new Error('no history'))),
    operate: (target, request, dryRun) => api.operate({ ...target, namespace }, request, dryRun),
  };
}
