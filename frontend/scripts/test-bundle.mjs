// Loads the built KubeSphere bundle the way ks-console 4.1 does (SystemJS, host-provided
// externals) in Debian's chromium, checks its default export and that a route renders; then
// loads the standalone build. Run `npm run build` first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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

async function newPage() {
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
    const { status, body } = answer(u.pathname, u.search);
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
        menus: ext.menus.map((mm) => ({ parent: mm.parent, name: mm.name, children: (mm.children ?? []).map((c) => c.name) })),
        locales: Object.keys(ext.locales).sort(),
        enTitle: ext.locales.en.OKG_MENU_TITLE,
        zhKeys: Object.keys(ext.locales.zh).length,
        enKeys: Object.keys(ext.locales.en).length,
      };
    });
    assert.deepEqual(shape.keys, ['locales', 'menus', 'routes']);
    assert.equal(shape.routes[0].parentRoute, '/clusters/:cluster');
    assert.equal(shape.routes[0].path, '/clusters/:cluster/okg-console');
    assert.ok(shape.routes[0].children >= 5);
    assert.equal(shape.menus[0].parent, 'cluster');
    assert.deepEqual(shape.locales, ['en', 'zh']);
    assert.equal(shape.enKeys, shape.zhKeys);

    await page.evaluate(() => OkgHarness.mount(window.ext.routes, document.getElementById('root'), '/clusters/host/okg-console/gameservers'));
    await page.getByText('minecraft-2').waitFor({ timeout: 15000 });
    const text = await page.locator('#host-cluster-layout').innerText();
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
      OkgHarness.mount(m.default.routes, document.getElementById('root'), '/clusters/host/okg-console');
    });
    await page.getByTestId('total-gameservers').waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId('total-gameservers').innerText(), '3');
    assert.equal(await page.getByTestId('total-problems').innerText(), '1');
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
