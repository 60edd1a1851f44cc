import React, { createContext, useContext, useMemo } from 'react';
import { createApi, type OkgApi } from '../api/client';
import { createMultiClusterApi, type MultiClusterApi } from '../features/clusters/api';
import { clusterPagesBase, makePaths, STANDALONE_PAGES, type PageLayout, type Paths } from './paths';
import { namespacedApi } from './scope';

export type Mode = 'kubesphere' | 'standalone';

/** What differs between the two hosts: where the API is and where our pages live. */
export interface Env {
  mode: Mode;
  api: OkgApi;
  paths: Paths;
  /** set when the mount confines the console to one namespace (a KubeSphere project) */
  namespace?: string;
  /** false when the host says the user may only view: write actions are not offered */
  canManage: boolean;
  /** the merged (all-clusters) endpoints and the list of clusters */
  multiCluster: MultiClusterApi;
  /** links to one cluster's own pages (a cluster column's links) */
  clusterPaths: (cluster: string, local: boolean) => Paths;
}

const EnvContext = createContext<Env | null>(null);

const STANDALONE_LAYOUT: PageLayout = { names: STANDALONE_PAGES };

export function EnvProvider({
  mode,
  apiBase,
  basePath,
  api,
  layout = STANDALONE_LAYOUT,
  namespace,
  canManage = true,
  multiCluster,
  children,
}: {
  mode: Mode;
  apiBase: string;
  basePath: string;
  /** tests pass a fake */
  api?: OkgApi;
  layout?: PageLayout;
  namespace?: string;
  canManage?: boolean;
  /** tests pass a fake; by default the console's own unprefixed base serves the merged endpoints */
  multiCluster?: MultiClusterApi;
  children: React.ReactNode;
}): React.ReactElement {
  const value = useMemo<Env>(() => {
    const base = api ?? createApi(apiBase);
    return {
      mode,
      api: namespace ? namespacedApi(base, namespace) : base,
      paths: makePaths(basePath, layout),
      namespace,
      canManage,
      multiCluster: multiCluster ?? createMultiClusterApi(),
      clusterPaths: (cluster, local) => {
        const c = clusterPagesBase(mode, cluster, local);
        return makePaths(c.base, c.layout);
      },
    };
  }, [mode, apiBase, basePath, api, layout, namespace, canManage, multiCluster]);
  return <EnvContext.Provider value={value}>{children}</EnvContext.Provider>;
}

export function useEnv(): Env {
  const env = useContext(EnvContext);
  if (!env) throw new Error('useEnv outside EnvProvider');
  return env;
}

export const useApi = (): OkgApi => useEnv().api;
export const useMultiClusterApi = (): MultiClusterApi => useEnv().multiCluster;
export const usePaths = (): Paths => useEnv().paths;

/** The namespace the console is confined to (a KubeSphere project), if any. */
export const useFixedNamespace = (): string | undefined => useEnv().namespace;
/** Whether write actions (operations, scaling, edits) are offered at all. */
export const useCanManage = (): boolean => useEnv().canManage;
