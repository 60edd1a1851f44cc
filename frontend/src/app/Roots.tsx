import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import React from 'react';
import { Outlet, useParams } from 'react-router-dom';
import { kubesphereApiBase, STANDALONE_API_BASE } from '../api/client';
import { EnvProvider } from './env';
import { ksBase } from './paths';

/** Layout route of the KubeSphere entry: the cluster comes from the host's /clusters/:cluster. */
export function KubeSphereRoot({ client }: { client: QueryClient }): React.ReactElement {
  const { cluster = '' } = useParams();
  return (
    <QueryClientProvider client={client}>
      <EnvProvider mode="kubesphere" apiBase={kubesphereApiBase(cluster)} basePath={ksBase(cluster)}>
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
