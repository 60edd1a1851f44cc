import { KubedConfigProvider } from '@kubed/components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { OkgApi } from '../api/client';
import type { MultiClusterApi } from '../features/clusters/api';
import type { GameServerView, List } from '../api/types';
import { EnvProvider } from '../app/env';

/** Renders UI inside everything a host provides: theme, router, query cache and our env. */
export function renderWithHost(
  ui: React.ReactElement,
  { api, url = '/', path = '*', multiCluster }: { api: OkgApi; url?: string; path?: string; multiCluster?: MultiClusterApi },
): RenderResult & { client: QueryClient } {
  const quiet = () => undefined;
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false } },
    logger: { log: quiet, warn: quiet, error: quiet },
  });
  const result = render(
    <KubedConfigProvider>
      <MemoryRouter initialEntries={[url]}>
        <QueryClientProvider client={client}>
          <EnvProvider mode="standalone" apiBase="" basePath="" api={api} multiCluster={multiCluster}>
            <Routes>
              <Route path={path} element={ui} />
            </Routes>
          </EnvProvider>
        </QueryClientProvider>
      </MemoryRouter>
    </KubedConfigProvider>,
  );
  return Object.assign(result, { client });
}

const unused = () => Promise.reject(new Error('not faked'));

/** An API whose calls fail unless a test overrides them. */
export function fakeApi(overrides: Partial<OkgApi> = {}): OkgApi {
  return {
    base: '/fake',
    listGameServers: unused,
    getGameServer: unused,
    listGameServerSets: unused,
    getGameServerSet: unused,
    getOverview: unused,
    operate: unused,
    ...overrides,
  };
}

/** A multi-cluster API whose calls fail unless a test overrides them. */
export function fakeMultiClusterApi(overrides: Partial<MultiClusterApi> = {}): MultiClusterApi {
  return {
    base: '/fake-mc',
    listClusters: unused,
    listGameServers: unused,
    listGameServerSets: unused,
    overview: unused,
    operate: unused,
    rollout: unused,
    ...overrides,
  };
}

export function gameServer(id: number, patch: Partial<GameServerView> = {}): GameServerView {
  return {
    name: `minecraft-${id}`,
    namespace: 'game',
    gameServerSet: 'minecraft',
    id,
    project: 'mc',
    state: 'Ready',
    desiredState: 'Ready',
    opsState: '',
    opsStateFromProbe: '',
    updatePriority: 0,
    deletionPriority: 0,
    networkDisabled: false,
    network: {
      type: 'Kubernetes-HostPort',
      state: 'Ready',
      desiredState: 'Ready',
      internalAddresses: [],
      externalAddresses: [{ ip: '1.2.3.4', ports: [{ name: 'game', protocol: 'TCP', port: String(8000 + id) }] }],
    },
    pod: { phase: 'Running', ready: true, readyContainers: 1, containers: 1, restarts: 0, node: 'node-1', podIP: '10.0.0.1', hostIP: '1.2.3.4' },
    images: [{ container: 'minecraft', image: 'registry/minecraft:1.0' }],
    serviceQualities: [],
    labels: {},
    createdAt: new Date(Date.now() - 3600_000).toISOString(),
    usage: null,
    ...patch,
  };
}

export function listOf<T>(items: T[], totalItems = items.length): List<T> {
  return { items, totalItems };
}
