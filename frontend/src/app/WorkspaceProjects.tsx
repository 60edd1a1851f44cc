import { Card } from '@kubed/components';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import React from 'react';
import { Link, useParams } from 'react-router-dom';
import { getJSON } from '../api/client';
import { ErrorState, LoadingState, EmptyState } from '../components/QueryState';
import { useT } from '../i18n';
import { hostGlobals } from './permissions';
import { KS_PAGES, ksWorkspaceBase, workspaceScopeSegments, type PageNames } from './paths';
import { clientFor } from './queryClient';

interface KubeList {
  items?: { metadata?: { name?: string; annotations?: Record<string, string> } }[];
}

export interface WorkspaceProject {
  cluster: string;
  namespace: string;
  alias?: string;
}

const seg = encodeURIComponent;

/** The host's name for its only cluster when it runs without multi-cluster (ks-console's default). */
function defaultCluster(): string {
  const config = (hostGlobals() as { config?: { defaultClusterName?: string } } | undefined)?.config;
  return config?.defaultClusterName || 'host';
}

/**
 * The projects of a workspace this user can see, per cluster, through KubeSphere's tenant
 * API (the calls ks-console's own workspace pages make): it lists only the projects the
 * user is a member of, unless a workspace role shows them all.
 */
export async function listWorkspaceProjects(workspace: string, signal?: AbortSignal): Promise<WorkspaceProject[]> {
  let clusters: string[];
  try {
    const list = await getJSON<KubeList>(`/kapis/tenant.kubesphere.io/v1beta1/workspaces/${seg(workspace)}/clusters`, signal);
    clusters = (list.items ?? []).map((c) => c.metadata?.name ?? '').filter(Boolean);
  } catch {
    // A host without multi-cluster has no such list: its one cluster is the default.
    clusters = [];
  }
  if (clusters.length === 0) clusters = [defaultCluster()];
  const perCluster = await Promise.all(
    clusters.map(async (cluster) => {
      const url = `/clusters/${seg(cluster)}/kapis/tenant.kubesphere.io/v1beta1/workspaces/${seg(workspace)}/namespaces`;
      const list = await getJSON<KubeList>(url, signal);
      return (list.items ?? []).flatMap((ns) => {
        const namespace = ns.metadata?.name;
        if (!namespace) return [];
        return [{ cluster, namespace, alias: ns.metadata?.annotations?.['kubesphere.io/alias-name'] }];
      });
    }),
  );
  return perCluster.flat();
}

/** Which page the menu item named: the project picked here opens on that page. */
function ProjectPicker({ page }: { page: keyof PageNames }): React.ReactElement {
  const t = useT();
  const { workspace = '' } = useParams();
  const query = useQuery({
    queryKey: ['okg-workspace-projects', workspace],
    queryFn: ({ signal }) => listWorkspaceProjects(workspace, signal),
    refetchInterval: false,
  });
  const base = ksWorkspaceBase(workspace);
  return (
    <Card data-testid="okg-workspace-projects">
      <h3 style={{ margin: '0 0 4px', fontSize: 14 }}>{t('OKG_PICK_PROJECT')}</h3>
      <p style={{ margin: '0 0 12px', color: '#79879c' }}>{t('OKG_PICK_PROJECT_DESC')}</p>
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <LoadingState />
      ) : query.data.length === 0 ? (
        <EmptyState title={t('OKG_NO_PROJECTS')} />
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {query.data.map((p) => (
            <li key={`${p.cluster}/${p.namespace}`} style={{ lineHeight: '24px' }}>
              <Link to={`${base}/${KS_PAGES[page]}/${workspaceScopeSegments(p.cluster, p.namespace)}`}>
                {p.alias ? `${p.alias} (${p.namespace})` : p.namespace}
              </Link>{' '}
              <span style={{ color: '#79879c' }}>{t('OKG_IN_CLUSTER', { cluster: p.cluster })}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** A workspace menu item without a project yet: pick one of the user's projects first. */
export function WorkspaceProjects({ page }: { page: keyof PageNames }): React.ReactElement {
  const { workspace = '' } = useParams();
  return (
    <QueryClientProvider client={clientFor(`workspace-projects/${workspace}`)}>
      <ProjectPicker page={page} />
    </QueryClientProvider>
  );
}
