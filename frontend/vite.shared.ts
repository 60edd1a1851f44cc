import fs from 'node:fs';
import path from 'node:path';
import type { Plugin, UserConfig } from 'vite';

/** The modules ks-console 4.1.x provides to extensions through SystemJS; never bundled in the KubeSphere entry. */
export const KS_EXTERNALS = [
  '@ks-console/shared',
  '@kubed/charts',
  '@kubed/code-editor',
  '@kubed/components',
  '@kubed/hooks',
  '@kubed/icons',
  'react',
  'react-dom',
  'react-query',
  'react-router-dom',
  'styled-components',
  'wujie-react',
];

/** Classic JSX runtime (React.createElement): React 17 hosts do not share react/jsx-runtime as an external. */
export const common: UserConfig = {
  esbuild: { jsx: 'transform', jsxFactory: 'React.createElement', jsxFragment: 'React.Fragment' },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
};

/** Rollup warns about every "use client" line in @tanstack/react-query; meaningless for us. */
export function onwarn(warning: { code?: string; message: string }, warn: (w: { code?: string; message: string }) => void): void {
  if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
  warn(warning);
}

const root = path.dirname(new URL(import.meta.url).pathname);
const ICON_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@kubed\/icons["']/g;

function walk(dir: string, exts: string[], out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, exts, out);
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(p);
  }
  return out;
}

/** Names imported from @kubed/icons by our sources and by @kubed/components. */
export function usedIconNames(): string[] {
  const files = [
    ...walk(path.join(root, 'src'), ['.ts', '.tsx']),
    ...walk(path.join(root, 'node_modules/@kubed/components/esm'), ['.js']),
  ];
  const names = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(ICON_IMPORT)) {
      for (const spec of m[1].split(',')) {
        const name = spec.trim().split(/\s+as\s+/)[0]?.trim();
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}

/**
 * @kubed/icons ships one CommonJS index requiring ~2,700 icon files, which no bundler can
 * tree-shake. Where we bundle it (standalone, test harness, unit tests) this plugin replaces
 * the index with a module re-exporting only the icons actually imported.
 */
export function kubedIconsShim(): Plugin {
  const VIRTUAL = '\0kubed-icons-shim';
  return {
    name: 'kubed-icons-shim',
    enforce: 'pre',
    resolveId(id) {
      return id === '@kubed/icons' ? VIRTUAL : null;
    },
    load(id) {
      if (id !== VIRTUAL) return null;
      const dist = path.join(root, 'node_modules/@kubed/icons/dist');
      const index = fs.readFileSync(path.join(dist, 'index.js'), 'utf8');
      const lines: string[] = [];
      for (const name of usedIconNames()) {
        const getter = new RegExp(`defineProperty\\(exports,"${name}",\\{enumerable:true,get:function get\\(\\)\\{return (_[A-Za-z0-9$]+)\\["default"\\]`).exec(index);
        const req = getter && new RegExp(`${getter[1].replace(/\$/g, '\\$')}=_interopRequireDefault\\(require\\("\\./([^"]+)"\\)\\)`).exec(index);
        if (!req) throw new Error(`@kubed/icons has no icon ${name}`);
        lines.push(`export { default as ${name} } from ${JSON.stringify(path.join(dist, `${req[1]}.js`))};`);
      }
      return lines.join('\n');
    },
  };
}
