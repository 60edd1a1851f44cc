import { KubedConfigProvider } from '@kubed/components';
import { render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MemoryRouter, useRoutes, type RouteObject } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OkgApi } from '../api/client';
import { createScalingApi } from '../api/scaling';
import { routes, type ExtensionRoute } from '../ks';
import { permissionsFor, type HostGlobals } from './permissions';
import { namespacedApi, type Scope } from './scope';

const project: Scope = { kind: 'project', workspace: 'ws1', cluster: 'host', namespace: 'game-prod' };
const cluster: Scope = { kind: 'cluster', cluster: 'host' };

describe('permissionsFor', () => {
  const cases: { name: string; scope: Scope; globals: HostGlobals | undefined; view: string; manage: string }[] = [
    { name: 'standalone / no host: the API decides', scope: cluster, globals: undefined, view: 'unknown', manage: 'unknown' },
    { name: 'authorization disabled', scope: cluster, globals: { config: { disableAuthorization: true }, user: {} }, view: 'allowed', manage: 'allowed' },
    { name: 'cluster viewer', scope: cluster, globals: { user: { clusterRules: { host: { 'okg-console': ['view'] } } } }, view: 'allowed', manage: 'denied' },
    { name: 'cluster admin', scope: cluster, globals: { user: { clusterRules: { host: { _: ['*'] } } } }, view: 'allowed', manage: 'allowed' },
    { name: 'cluster member without the item', scope: cluster, globals: { user: { clusterRules: { host: { nodes: ['view'] } } } }, view: 'denied', manage: 'denied' },
    {
      name: 'project operator',
      scope: project,
      globals: { user: { clusterRules: { host: {} }, projectRules: { host: { 'game-prod': { 'okg-console': ['manage'] } } } } },
      view: 'allowed',
      manage: 'allowed',
    },
    {
      name: 'project viewer',
      scope: project,
      globals: { user: { projectRules: { host: { 'game-prod': { 'okg-console': ['view'], pods: ['view'] } } } } },
      view: 'allowed',
      manage: 'denied',
    },
    {
      name: 'project member without the item',
      scope: project,
      globals: { user: { projectRules: { host: { 'game-prod': { pods: ['view'] } } } } },
      view: 'denied',
      manage: 'denied',
    },
    {
      name: 'cluster viewer inside a project',
      scope: project,
      globals: { user: { clusterRules: { host: { 'okg-console': ['view'] } }, projectRules: { host: { 'game-prod': {} } } } },
      view: 'allowed',
      manage: 'denied',
    },
    {
      name: 'project rules not loaded (workspace pages): no refusal',
      scope: { ...project, kind: 'workspace' },
      globals: { user: { workspaceRules: { ws1: { projects: ['view'] } } } },
      view: 'unknown',
      manage: 'unknown',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(permissionsFor(c.scope, c.globals)).toEqual({ view: c.view, manage: c.manage });
    });
  }
});

describe('namespacedApi', () => {
  it('sends every call of a project to its namespace', async () => {
    const seen: string[] = [];
    const record = (what: string) => async (...args: unknown[]) => {
      seen.push(`${what} ${JSON.stringify(args.filter((a) => typeof a === 'string' || a === undefined))}`);
      return undefined as never;
    };
    const inner: OkgApi = {
      base: '/b',
      listGameServers: record('listGameServers'),
      getGameServer: record('getGameServer'),
      listGameServerSets: record('listGameServerSets'),
      getGameServerSet: record('getGameServerSet'),
      getOverview: record('getOverview'),
      operate: async (scope) => {
        seen.push(`operate ${scope.namespace}/${scope.name ?? ''}`);
        return undefined as never;
      },
      watchPath: (resource, _q, ns) => `${resource}@${ns ?? 'cluster'}`,
      overviewWatchPath: (ns) => `overview@${ns ?? 'cluster'}`,
      objectWatchPath: (resource, ns, name) => `${resource}/${name}@${ns}`,
    };
    const api = namespacedApi(inner, 'game-prod');
    await api.listGameServers({}, undefined);
    await api.listGameServers({}, 'other');
    await api.listGameServerSets({});
    await api.getOverview();
    await api.getGameServer('other', 'mc-0');
    await api.operate({ namespace: 'other' }, { action: 'opsState' } as never, true);
    expect(seen).toEqual([
      'listGameServers ["game-prod",null]',
      'listGameServers ["game-prod",null]',
      'listGameServerSets ["game-prod",null]',
      'getOverview ["game-prod",null]',
      'getGameServer ["game-prod","mc-0",null]',
      'operate game-prod/',
    ]);
    expect(api.watchPath?.('gameservers', {})).toBe('gameservers@game-prod');
    expect(api.overviewWatchPath?.()).toBe('overview@game-prod');
    expect(api.objectWatchPath?.('gameserversets', 'x', 'mc')).toBe('gameserversets/mc@game-prod');
  });

  it('asks for KEDA in the namespace when given one', async () => {
    const urls: string[] = [];
    const api = createScalingApi('/b', async (url) => {
      urls.push(String(url));
      return new Response('{"installed":true}', { status: 200 });
    });
    await api.autoscalingStatus('game-prod');
    await api.autoscalingStatus();
    expect(urls).toEqual(['/b/namespaces/game-prod/autoscaling/status', '/b/autoscaling/status']);
  });
});

describe('a project page inside the host', () => {
  const fetched: string[] = [];

  function Host({ route }: { route: ExtensionRoute }): React.ReactElement | null {
    const { parentRoute, ...ours } = route;
    return useRoutes([{ path: parentRoute, children: [{ children: [ours as RouteObject] }] }]);
  }

  function mount(url: string, globals: HostGlobals | undefined): void {
    (window as unknown as { globals?: HostGlobals }).globals = globals;
    const route = routes.find((r) => r.parentRoute?.includes('/projects/'));
    if (!route) throw new Error('no project route');
    render(
      <KubedConfigProvider>
        <MemoryRouter initialEntries={[url]}>
          <Host route={route} />
        </MemoryRouter>
      </KubedConfigProvider>,
    );
  }

  beforeEach(() => {
    fetched.length = 0;
    vi.stubGlobal('WebSocket', undefined);
    vi.stubGlobal('fetch', async (input: string) => {
      fetched.push(input);
      return new Response(JSON.stringify({ items: [], totalItems: 0 }), { status: 200 });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (window as unknown as { globals?: HostGlobals }).globals;
  });

  const url = '/ws1/clusters/host/projects/game-prod/okg-gameserversets';
  const member = (actions: string[]): HostGlobals => ({ user: { projectRules: { host: { 'game-prod': { 'okg-console': actions } } } } });

  it('lists in the project namespace only, without a namespace filter, and offers writes to a manager', async () => {
    mount(url, member(['manage']));
    await screen.findByTestId('page-gameserversets');
    await waitFor(() => expect(fetched.length).toBeGreaterThan(0));
    for (const f of fetched) expect(f).toMatch(/^\/clusters\/host\/kapis\/okgconsole\.kubesphere\.io\/v1alpha1\/namespaces\/game-prod\/gameserversets\?/);
    expect(screen.queryByLabelText('Namespace')).toBeNull();
    expect(screen.getByTestId('create-set')).toBeTruthy();
  });

  it('offers no writes to a viewer', async () => {
    mount(url, member(['view']));
    await screen.findByTestId('page-gameserversets');
    // the list (from this scope's cache or asked again) shows, the create button does not
    for (const f of fetched) expect(f).toContain('/namespaces/game-prod/');
    expect(screen.queryByTestId('create-set')).toBeNull();
  });

  it('says "no access" to a member without the permission and asks nothing', async () => {
    mount(url, { user: { projectRules: { host: { 'game-prod': { pods: ['view'] } } } } });
    expect((await screen.findByTestId('no-access')).textContent).toContain('game-prod');
    expect(fetched).toEqual([]);
  });
});
