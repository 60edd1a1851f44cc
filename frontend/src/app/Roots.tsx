import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import React, { useMemo } from 'react';
import { Link, Outlet, useParams } from 'react-router-dom';
import { kubesphereApiBase, STANDALONE_API_BASE } from '../api/client';
import { useT } from '../i18n';
import { EnvProvider } from './env';
import { NoAccess } from './NoAccess';
import {
  KS_PAGES,
  ksClusterBase,
  ksProjectBase,
  ksWorkspaceBase,
  standaloneClusterBase,
  STANDALONE_PAGES,
  workspaceScopeSegments,
  type PageLayout,
} from './paths';
import { permissionsFor } from './permissions';
import { clientFor } from './queryClient';
import { scopeKey, scopeNamespace, type Scope } from './scope';

export type MountKind = Scope['kind'];

/** The scope a mount's URL names; undefined while a segment is missing. */
function useScope(kind: MountKind): Scope | undefined {
  const p = useParams();
  const cluster = (kind === 'workspace' ? p.okgCluster : p.cluster) ?? '';
  const workspace = p.workspace ?? '';
  const namespace = p.namespace ?? '';
  return useMemo(() => {
    if (!cluster) return undefined;
    if (kind === 'cluster') return { kind, cluster };
    if (!namespace || !workspace) return undefined;
    return { kind, workspace, cluster, namespace };
  }, [kind, cluster, workspace, namespace]);
}

function layoutFor(scope: Scope): { base: string; layout: PageLayout } {
  switch (scope.kind) {
    case 'cluster':
      return { base: ksClusterBase(scope.cluster), layout: { names: KS_PAGES } };
    case 'project':
      return { base: ksProjectBase(scope.workspace, scope.cluster, scope.namespace), layout: { names: KS_PAGES, fixedNamespace: true } };
    case 'workspace':
      return {
        base: ksWorkspaceBase(scope.workspace),
        layout: { names: KS_PAGES, scope: workspaceScopeSegments(scope.cluster, scope.namespace), fixedNamespace: true },
      };
  }
}

/** The workspace entry says which project it shows, with a way back to the list of projects. */
function WorkspaceScopeBar({ scope }: { scope: Extract<Scope, { kind: 'workspace' }> }): React.ReactElement {
  const t = useT();
  return (
    <div data-testid="okg-scope" style={{ marginBottom: 12, fontSize: 12, color: '#79879c' }}>
      {t('OKG_SCOPE_PROJECT', { project: scope.namespace, cluster: scope.cluster })}{' '}
      <Link to={`${ksWorkspaceBase(scope.workspace)}/${KS_PAGES.overview}`}>{t('OKG_SCOPE_CHANGE')}</Link>
    </div>
  );
}

/**
 * Layout route of the KubeSphere entry for one mount (cluster, project or workspace): reads
 * the scope from the host's URL, refuses early when the host's rules say the user may not
 * view it, and confines every call to the project's namespace outside the cluster mount.
 */
export function KubeSphereRoot({ kind }: { kind: MountKind }): React.ReactElement {
  const scope = useScope(kind);
  if (!scope) return <NoAccess />;
  const permissions = permissionsFor(scope);
  if (permissions.view === 'denied') return <NoAccess scope={scope} />;
  return <ScopedRoot scope={scope} canManage={permissions.manage !== 'denied'} />;
}

function ScopedRoot({ scope, canManage }: { scope: Scope; canManage: boolean }): React.ReactElement {
  const { base, layout } = useMemo(() => layoutFor(scope), [scope]);
  return (
    <QueryClientProvider client={clientFor(scopeKey(scope))}>
      <EnvProvider
        mode="kubesphere"
        apiBase={kubesphereApiBase(scope.cluster)}
        basePath={base}
        layout={layout}
        namespace={scopeNamespace(scope)}
        canManage={canManage}
      >
        {scope.kind === 'workspace' && <WorkspaceScopeBar scope={scope} />}
        <Outlet />
      </EnvProvider>
    </QueryClientProvider>
  );
}

/** Providers of the standalone entry (its shell supplies the layout). */
export function StandaloneProviders({ client, children }: { client: QueryClient; children: React.ReactNode }): React.ReactElement {
  return (
    <QueryClientProvider client={client}>
      <EnvProvider mode="standalone" apiBase={STANDALONE_API_BASE} basePath="">
        {children}
      </EnvProvider>
    </QueryClientProvider>
  );
}

/**
 * Standalone: another cluster's own pages (a cluster column's links), below /clusters/{cluster}
 * with that cluster's API base; a bar says which cluster and leads back to all clusters.
 */
export function StandaloneClusterRoot(): React.ReactElement {
  const t = useT();
  const { cluster = '' } = useParams();
  return (
    <EnvProvider mode="standalone" apiBase={kubesphereApiBase(cluster)} basePath={standaloneClusterBase(cluster)}>
      <div data-testid="okg-cluster-scope" style={{ padding: '12px 20px 0', fontSize: 12, color: '#79879c' }}>
        {t('OKG_MC_CLUSTER_SCOPE', { cluster })} <Link to={`/${STANDALONE_PAGES.multicluster}`}>{t('OKG_MC_BACK_TO_ALL')}</Link>
      </div>
      <Outlet />
    </EnvProvider>
  );
}
