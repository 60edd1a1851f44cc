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

/**
 * Mounts extension routes the way ks-console 4.1 does: a route with parentRoute goes first
 * among the children of that host route's layout (its first child), here a bare layout.
 * `globals` stands in for the host's window.globals (the signed-in user's rules).
 */
export function mount(routes: ExtRoute[], container: HTMLElement, url: string, globals?: unknown): void {
  if (globals !== undefined) (window as unknown as { globals?: unknown }).globals = globals;
  const parents = [...new Set(routes.map((r) => r.parentRoute).filter((p): p is string => Boolean(p)))];
  const hostRoutes: ReactRouterDom.RouteObject[] = [
    ...parents.map((parent) => ({
      path: parent,
      element: React.createElement('div', { id: 'host-layout' }, React.createElement(ReactRouterDom.Outlet)),
      children: [
        {
          children: routes
            .filter((r) => r.parentRoute === parent)
            .map(({ parentRoute: _p, ...r }) => r as ReactRouterDom.RouteObject),
        },
      ],
    })),
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
