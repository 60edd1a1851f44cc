// Loads the built KubeSphere bundle the way ks-console 4.1 does (SystemJS, host-provided
// externals) in Debian's chromium, checks its default export and that a route renders; then
// loads the standalone build. Run `npm run build` first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { answer } from './fixtures.mjs';
import { serve } from './serve.mjs';

/* global System, OkgHarness -- defined in the harness page (page.evaluate bodies run there) */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const bundle = path.join(dist, 'okg-console', 'index.js');
const harnessDir = path.join(root, 'node_modules', '.cache', 'okg-harness');
const API = '/kapis/okgconsole.kubesphere.io/v1alpha1';
const started = Date.now();
// The icon set of the KubeSphere 4.1.1 host (@kubed/icons 0.2.31): the host throws on a name it lacks.
const hostIcons = new Set(Object.keys(createRequire(import.meta.url)('@kubed/icons-host')));
const iconExport = (name) => name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
const PROJECT = '/ws1/clusters/host/projects/game'; // the fixtures' namespace
/** window.globals of a project member with the chart's view (or manage) permission in the project "game" only */
const projectMember = (actions) => ({ user: { username: 'member', clusterRules: {}, projectRules: { host: { game: { 'okg-console': actions } } } } });

if (!fs.existsSync(bundle) || !fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

// The harness: the host's shared modules bundled as one IIFE (exposes window.OkgHarness).
execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'scripts/harness/vite.config.harness.ts'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});

const harnessPage = path.join(harnessDir, 'index.html');
fs.writeFileSync(
  harnessPage,
  `<!doctype html><html><head><meta charset="utf-8"><title>ks host harness</title></head><body>
<div id="root"></div>
<script src="/__harness/system.js"></script>
<script src="/__harness/host.js"></script>
<script>
  // Register every external as a SystemJS module and map its bare name to it, as the host does.
  const imports = {};
  for (const [name, mod] of Object.entries(OkgHarness.externals)) {
    const url = location.origin + '/__externals/' + name;
    System.set(url, mod);
    imports[name] = url;
  }
  System.addImportMap({ imports });
  window.harnessReady = true;
</script></body></html>`,
);

const server = await serve({
  root: dist,
  extra: {
    '/__harness/index.html': harnessPage,
    '/__harness/host.js': path.join(harnessDir, 'host.js'),
    '/__harness/system.js': path.join(root, 'node_modules/systemjs/dist/system.js'),
  },
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

let failures = 0;
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failures += 1;
    console.log(`FAIL ${name}\n     ${err?.stack ?? err}`);
  }
}

/** answer(pathname, search) -> { status, body } for the extension API; the fixtures by default */
async function newPage(answerFn = answer) {
  const page = await browser.newPage();
  const errors = [];
  const apiCalls = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // The fixture server has no websocket stream: the console falls back to polling, and
    // chromium logs the refused handshake, which is not an error of ours.
    if (m.type() === 'error' && !/^WebSocket connection to .* failed/.test(m.text())) errors.push(m.text());
  });
  await page.route(/\/kapis\//, async (route) => {
    const u = new URL(route.request().url());
    apiCalls.push(u.pathname + u.search);
    const { status, body } = answerFn(u.pathname, u.search);
    await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  });
  return { page, errors, apiCalls };
}

try {
  await check('KubeSphere bundle: default export and a rendered route', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    const shape = await page.evaluate(async () => {
      const m = await System.import('/dist/okg-console/index.js');
      const ext = m.default;
      window.ext = ext;
      return {
        keys: Object.keys(ext).sort(),
        routes: ext.routes.map((r) => ({ path: r.path, parentRoute: r.parentRoute, children: (r.children ?? []).length })),
        menus: ext.menus.map((mm) => ({
          parent: mm.parent,
          name: mm.name,
          icons: [mm.icon, ...(mm.children ?? []).map((c) => c.icon)].filter(Boolean),
          children: (mm.children ?? []).map((c) => c.name),
          auth: (mm.children ?? []).map((c) => `${c.authKey}:${c.authAction}:${c.skipAuth ?? ''}`),
        })),
        locales: Object.keys(ext.locales).sort(),
        enTitle: ext.locales.en.OKG_MENU_TITLE,
        zhKeys: Object.keys(ext.locales.zh).length,
        enKeys: Object.keys(ext.locales.en).length,
      };
    });
    assert.deepEqual(shape.keys, ['locales', 'menus', 'routes']);
    assert.deepEqual(
      shape.routes.map((r) => r.parentRoute),
      ['/clusters/:cluster', '/:workspace/clusters/:cluster/projects/:namespace', '/workspaces/:workspace'],
    );
    for (const r of shape.routes) assert.equal(r.path, undefined, 'pathless: pages sit right below the host route');
    assert.ok(shape.routes[0].children >= 5);
    assert.deepEqual(shape.menus.map((m) => m.parent), ['cluster', 'project', 'workspace']);
    for (const m of shape.menus) {
      // Nodes are cluster-scoped, and All clusters spans clusters: only the cluster menu offers them.
      const nodes = m.parent === 'cluster' ? ['okg-nodes', 'okg-multicluster'] : [];
      assert.deepEqual(m.children, ['okg-overview', 'okg-gameserversets', 'okg-gameservers', 'okg-history', ...nodes]);
      for (const a of m.auth) assert.match(a, /^okg-console(\|projects)?:view:$/);
      for (const icon of m.icons) assert.ok(hostIcons.has(iconExport(icon)), `menu icon ${icon} missing from @kubed/icons 0.2.31`);
    }
    assert.deepEqual(shape.locales, ['en', 'zh']);
    assert.equal(shape.enKeys, shape.zhKeys);

    await page.evaluate(() => OkgHarness.mount(window.ext.routes, document.getElementById('root'), '/clusters/host/okg-gameservers'));
    await page.getByText('minecraft-2').waitFor({ timeout: 15000 });
    const text = await page.locator('#host-layout').innerText();
    for (const s of ['GameServers', 'minecraft-0', 'Crash', 'Allocated', '203.0.113.7:30001', 'itzg/minecraft-server:1.20']) {
      assert.ok(text.includes(s), `route output lacks ${s}`);
    }
    assert.ok(apiCalls.some((c) => c.startsWith(`/clusters/host${API}/gameservers?`)), `API calls: ${apiCalls.join(', ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  await check('KubeSphere bundle: overview route renders totals', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(async () => {
      const m = await System.import('/dist/okg-console/index.js');
      OkgHarness.mount(m.default.routes, document.getElementById('root'), '/clusters/host/okg-overview');
    });
    await page.getByTestId('total-gameservers').waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId('total-gameservers').innerText(), '3');
    assert.equal(await page.getByTestId('total-problems').innerText(), '1');
    assert.deepEqual(errors, []);
    await page.close();
  });

  await check('KubeSphere bundle: Recent changes in a project shows the project\'s history and its crash summary', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(
      async ({ url, globals }) => {
        const m = await System.import('/dist/okg-console/index.js');
        OkgHarness.mount(m.default.routes, document.getElementById('root'), url, globals);
      },
      { url: `${PROJECT}/okg-history`, globals: projectMember(['view']) },
    );
    await page.getByTestId('page-history').waitFor({ timeout: 15000 });
    await page.locator('[data-testid="history-entry"]').nth(4).waitFor({ timeout: 15000 });
    const text = await page.getByTestId('history').innerText();
    for (const s of ['minecraft-2', 'Crash', 'OpsStateChanged', 'Scheduled', 'minecraft: Error, exit code 1']) assert.ok(text.includes(s), `history lacks ${s}`);
    assert.equal(await page.getByTestId('summary-restarts').getAttribute('data-hour'), '3');
    assert.equal(await page.getByTestId('history-summary').getAttribute('data-crash-loop'), 'true');
    assert.ok(apiCalls.some((c) => c.startsWith(`/clusters/host${API}/namespaces/game/history?`)), `API calls: ${apiCalls.join(', ')}`);
    for (const c of apiCalls) assert.ok(c.startsWith(`/clusters/host${API}/namespaces/game/`), `left the project: ${c}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  await check('KubeSphere bundle: a project member stays in the project namespace and gets no write actions', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(
      async ({ url, globals }) => {
        const m = await System.import('/dist/okg-console/index.js');
        OkgHarness.mount(m.default.routes, document.getElementById('root'), url, globals);
      },
      { url: `${PROJECT}/okg-gameservers`, globals: projectMember(['view']) },
    );
    await page.getByText('minecraft-2').waitFor({ timeout: 15000 });
    await page.getByLabel('Select game/minecraft-1').click();
    await page.getByTestId('bulk-bar').waitFor();
    assert.equal(await page.locator('[data-testid=bulk-bar] [data-action]').count(), 0, 'a viewer is offered operations');
    assert.ok(apiCalls.length > 0);
    for (const c of apiCalls) assert.ok(c.startsWith(`/clusters/host${API}/namespaces/game/`), `left the project: ${c}`);
    assert.deepEqual(errors, []);
    await page.close();

    // the same page for a member with "Game Server Management" offers the operations
    const manager = await newPage();
    await manager.page.goto(`${server.url}/__harness/index.html`);
    await manager.page.waitForFunction(() => window.harnessReady === true);
    await manager.page.evaluate(
      async ({ url, globals }) => {
        const m = await System.import('/dist/okg-console/index.js');
        OkgHarness.mount(m.default.routes, document.getElementById('root'), url, globals);
      },
      { url: `${PROJECT}/okg-gameservers`, globals: projectMember(['manage']) },
    );
    await manager.page.getByLabel('Select game/minecraft-1').click();
    await manager.page.locator('[data-testid=bulk-bar] [data-action="opsState"]').waitFor({ timeout: 15000 });
    assert.deepEqual(manager.errors, []);
    await manager.page.close();
  });

  await check('KubeSphere bundle: a project overview is of the project namespace', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(
      async ({ url, globals }) => {
        const m = await System.import('/dist/okg-console/index.js');
        OkgHarness.mount(m.default.routes, document.getElementById('root'), url, globals);
      },
      { url: `${PROJECT}/okg-overview`, globals: projectMember(['view']) },
    );
    await page.getByTestId('total-gameservers').waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId('total-gameservers').innerText(), '3');
    assert.ok(apiCalls.length > 0);
    // Besides the stream's ticket (in the same namespace), the namespaced overview only.
    for (const c of apiCalls) assert.match(c, new RegExp(`^/clusters/host${API}/namespaces/game/(overview|streamtickets)$`));
    assert.equal(await page.getByText('Per namespace').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  await check('KubeSphere bundle: a member without the permission sees "no access" and asks nothing', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(
      async ({ url, globals }) => {
        const m = await System.import('/dist/okg-console/index.js');
        OkgHarness.mount(m.default.routes, document.getElementById('root'), url, globals);
      },
      { url: `${PROJECT}/okg-overview`, globals: { user: { username: 'nobody', projectRules: { host: { game: { pods: ['view'] } } } } } },
    );
    const card = page.getByTestId('no-access');
    await card.waitFor({ timeout: 15000 });
    assert.match(await card.innerText(), /game/);
    assert.deepEqual(apiCalls, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  await check('KubeSphere bundle: ks-apiserver ErrStatus errors show as their message', async () => {
    const message = 'service unavailable: the okg-console backend is not ready';
    const { page } = await newPage(() => ({
      status: 503,
      body: { ErrStatus: { metadata: {}, status: 'Failure', message, reason: 'ServiceUnavailable', code: 503 } },
    }));
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(async () => {
      const m = await System.import('/dist/okg-console/index.js');
      OkgHarness.mount(m.default.routes, document.getElementById('root'), '/clusters/host/okg-overview');
    });
    const error = page.getByTestId('error');
    await error.waitFor({ timeout: 30000 });
    const text = await error.innerText();
    assert.ok(text.includes(message), `error text: ${text}`);
    assert.ok(!text.includes('ErrStatus'), `raw JSON shown: ${text}`);
    await page.close();
  });

  await check('KubeSphere bundle: the all-clusters page merges at the unprefixed base and names the cluster that did not answer', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/__harness/index.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    await page.evaluate(async () => {
      const m = await System.import('/dist/okg-console/index.js');
      OkgHarness.mount(m.default.routes, document.getElementById('root'), '/clusters/host/okg-multicluster');
    });
    await page.getByTestId('page-mc-gameservers').waitFor({ timeout: 15000 });
    await page.getByText('minecraft-1').waitFor({ timeout: 15000 });
    const strip = await page.getByTestId('cluster-strip').innerText();
    assert.ok(strip.includes('member-b') && strip.includes('Too slow') && strip.includes('504: cluster member-b did not answer within 5s'), strip);
    // each row's cluster links to that cluster's own pages in the host
    assert.equal(await page.locator('[data-testid="gameservers"] [data-col="name"] a').first().getAttribute('href'), '/clusters/host/okg-gameservers/game/minecraft-0');
    assert.ok(apiCalls.some((c) => c.startsWith(`${API}/multicluster/gameservers?`)), `API calls: ${apiCalls.join(', ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  await check('standalone build: shell, route and remembered language', async () => {
    const { page, errors, apiCalls } = await newPage();
    await page.goto(`${server.url}/gameservers`);
    await page.getByText('minecraft-1').waitFor({ timeout: 15000 });
    assert.ok(apiCalls.some((c) => c.startsWith(`${API}/gameservers?`)), `API calls: ${apiCalls.join(', ')}`);
    await page.evaluate(() => localStorage.setItem('okg-console.lang', 'zh'));
    await page.reload();
    await page.getByText('游戏服集合').first().waitFor({ timeout: 15000 });
    assert.deepEqual(errors, []);
    await page.close();
  });
} finally {
  await browser.close();
  await server.close();
}

console.log(`${failures ? 'FAILED' : 'passed'}: bundle tests in ${Date.now() - started} ms`);
process.exit(failures ? 1 : 0);
