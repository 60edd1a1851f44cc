// Test harness only: stands in for ks-console. It bundles the modules the host shares with
// extensions, and a minimal host that nests an extension's routes under their parentRoute.
import * as KubedComponents from '@kubed/components';
import * as KubedHooks from '@kubed/hooks';
import * as KubedIcons from '@kubed/icons';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactRouterDom from 'react-router-dom';
import * as StyledComponents from 'styled-components';

type Mod = Record<string, unknown>;

/** An ES namespace for a module: its named exports plus `default` (CommonJS modules get themselves). */
function ns(mod: Mod): Mod {
  return { ...mod, default: 'default' in mod ? mod.default : mod };
}

const unavailable = (name: string): Mod => ({ default: { name, unavailable: true } });

/** Every external ks-console 4.1 provides; the ones this harness does not carry are placeholders. */
export const externals: Record<string, Mod> = {
  react: ns(React as unknown as Mod),
  'react-dom': ns(ReactDOM as unknown as Mod),
  'react-router-dom': ns(ReactRouterDom as unknown as Mod),
  'styled-components': ns(StyledComponents as unknown as Mod),
  '@kubed/components': ns(KubedComponents as unknown as Mod),
  '@kubed/hooks': ns(KubedHooks as unknown as Mod),
  '@kubed/icons': ns(KubedIcons as unknown as Mod),
  '@ks-console/shared': unavailable('@ks-console/shared'),
  '@kubed/charts': unavailable('@kubed/charts'),
  '@kubed/code-editor': unavailable('@kubed/code-editor'),
  'react-query': unavailable('react-query'),
  'wujie-react': unavailable('wujie-react'),
};

type ExtRoute = ReactRouterDom.RouteObject & { parentRoute?: string };

/** Mounts extension routes the way the host does: each route with parentRoute goes below that host route. */
export function mount(routes: ExtRoute[], container: HTMLElement, url: string): void {
  const nested = routes.filter((r) => r.parentRoute === '/clusters/:cluster');
  const hostRoutes: ReactRouterDom.RouteObject[] = [
    {
      path: '/clusters/:cluster',
      element: React.createElement('div', { id: 'host-cluster-layout' }, React.createElement(ReactRouterDom.Outlet)),
      children: nested.map(({ parentRoute: _p, ...r }) => r as ReactRouterDom.RouteObject),
    },
    ...routes.filter((r) => !r.parentRoute).map((r) => r as ReactRouterDom.RouteObject),
  ];
  function Host(): React.ReactElement | null {
    return ReactRouterDom.useRoutes(hostRoutes);
  }
  ReactDOM.render(
    React.createElement(KubedComponents.KubedConfigProvider, {
      locale: 'en',
      children: React.createElement(ReactRouterDom.MemoryRouter, { initialEntries: [url] }, React.createElement(Host)),
    }),
    container,
  );
}
