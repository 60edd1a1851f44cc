import React, { createContext, useContext, useMemo } from 'react';
import { createApi, type OkgApi } from '../api/client';
import { makePaths, type Paths } from './paths';

export type Mode = 'kubesphere' | 'standalone';

/** What differs between the two hosts: where the API is and where our pages live. */
export interface Env {
  mode: Mode;
  api: OkgApi;
  paths: Paths;
}

const EnvContext = createContext<Env | null>(null);

export function EnvProvider({
  mode,
  apiBase,
  basePath,
  api,
  children,
}: {
  mode: Mode;
  apiBase: string;
  basePath: string;
  /** tests pass a fake */
  api?: OkgApi;
  children: React.ReactNode;
}): React.ReactElement {
  const value = useMemo<Env>(
    () => ({ mode, api: api ?? createApi(apiBase), paths: makePaths(basePath) }),
    [mode, apiBase, basePath, api],
  );
  return <EnvContext.Provider value={value}>{children}</EnvContext.Provider>;
}

export function useEnv(): Env {
  const env = useContext(EnvContext);
  if (!env) throw new Error('useEnv outside EnvProvider');
  return env;
}

export const useApi = (): OkgApi => useEnv().api;
export const usePaths = (): Paths => useEnv().paths;
