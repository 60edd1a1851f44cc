// Every icon name the extension hands the KubeSphere host must exist in the host's
// @kubed/icons (0.2.31 in KubeSphere 4.1.1, installed here as @kubed/icons-host): the host
// throws on an unknown name and every /clusters/* page goes blank.
import fs from 'node:fs';
import path from 'node:path';
import * as hostIcons from '@kubed/icons-host';
import { describe, expect, it } from 'vitest';
import hostIconsPackage from '@kubed/icons-host/package.json';
import { iconExportName } from './hostNav';
import extension from './index';
import { allMenus, type ExtensionMenu } from './menus';

function iconNames(items: ExtensionMenu[]): string[] {
  return items.flatMap((m) => [...(m.icon ? [m.icon] : []), ...iconNames(m.children ?? [])]);
}

/** `icon:` values in the frontend chart's values (its ExtensionEntry entries replace the bundle's menus). */
function chartIconNames(): string[] {
  const values = fs.readFileSync(path.resolve(__dirname, '../../../charts/okg-console/charts/frontend/values.yaml'), 'utf8');
  return [...values.matchAll(/^\s*-?\s*icon:\s*["']?([^"'\s#]+)/gm)].map((m) => m[1]);
}

const exported = new Set(Object.keys(hostIcons));

describe('menu icons against the host', () => {
  it('reads the host icon set of KubeSphere 4.1.1', () => {
    expect(hostIconsPackage.version).toBe('0.2.31');
    expect(exported.size).toBeGreaterThan(1000);
    // the name that blanked the host, and the one that replaced it
    expect(exported.has(iconExportName('gamepad'))).toBe(false);
    expect(exported.has(iconExportName('gamepad-duotone'))).toBe(true);
  });

  it('maps names the way the host does', () => {
    expect(iconExportName('gamepad-duotone')).toBe('GamepadDuotone');
    expect(iconExportName('dashboard')).toBe('Dashboard');
    expect(iconExportName('download-box-2-duotone')).toBe('DownloadBox2Duotone');
  });

  it('finds every icon of every menu, child and ExtensionEntry in the host', () => {
    const names = [...iconNames(allMenus), ...iconNames(extension.menus), ...chartIconNames()];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name, 'lowercase words joined by "-"').toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(exported.has(iconExportName(name)), `icon "${name}" (${iconExportName(name)}) in @kubed/icons 0.2.31`).toBe(true);
    }
  });
});
