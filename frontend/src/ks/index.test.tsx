import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import zh from '../locales/zh.json';
import extension, { type ExtensionMenu } from './index';

describe('KubeSphere entry', () => {
  it('exports routes, menus and locales the way ks-console reads them', () => {
    expect(Object.keys(extension).sort()).toEqual(['locales', 'menus', 'routes']);
    expect(extension.locales).toEqual({ en, zh });
  });

  it('mounts one layout route below the cluster route', () => {
    const [root] = extension.routes;
    expect(extension.routes).toHaveLength(1);
    expect(root.parentRoute).toBe('/clusters/:cluster');
    expect(root.path).toBe('/clusters/:cluster/okg-console');
    expect(root.children?.map((r) => r.path ?? 'index')).toEqual([
      'index',
      'overview',
      'gameserversets',
      'gameserversets/:namespace/:name',
      'gameservers',
      'gameservers/:namespace/:name',
      '*',
    ]);
  });

  it('puts its menu in the cluster navigation, with titles that are locale keys', () => {
    const [menu] = extension.menus;
    expect(menu.parent).toBe('cluster');
    const titles = [menu, ...(menu.children ?? [])].map((m: Omit<ExtensionMenu, 'parent'>) => m.title);
    for (const title of titles) expect(en).toHaveProperty(title);
    expect(menu.children?.map((c) => c.name)).toEqual(['okg-console/overview', 'okg-console/gameserversets', 'okg-console/gameservers']);
  });
});
