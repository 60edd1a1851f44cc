// End-to-end for usage, nodes and drain: Debian chromium against the real backend on a
// sandbox with the real controllers, KWOK nodes and metrics-server (okg-sandbox --real-okg
// --metrics). Pod usage is set the way KWOK reads it (pod annotations), so the figures the
// page shows come through metrics-server and the aggregator.
//   npm run build && npm run test:e2e:usage
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { kubeClient } from './kube.mjs';
import { sleep } from './procs.mjs';
import { startSandbox } from './sandbox.mjs';
import { checkRunner } from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repoRoot = path.resolve(frontend, '..');
const artifacts = path.join(here, 'artifacts', 'usage');
const started = Date.now();
fs.mkdirSync(artifacts, { recursive: true });
const API = '/kapis/okgconsole.kubesphere.io/v1alpha1';

let sandbox;
let browser;
let page;
const { check, counts } = checkRunner({ artifacts, prefix: '', page: () => page });

async function cleanup() {
  await browser?.close().catch(() => undefined);
  await sandbox?.stop?.();
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void cleanup().then(() => process.exit(130)));

const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
const getJSON = async (p) => (await fetch(sandbox.url + API + p)).json();

async function waitUntil(what, cond, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await cond();
    if (last === true) return;
    await sleep(1000);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

// The set whose servers get distinct usage: arena-test in game-staging (12 servers).
const NS = 'game-staging';
const SET = 'arena-test';
const cpuOf = (id) => 50 + ((id * 37) % 12) * 40; // millicores, distinct for ids 0..11

try {
  sandbox = await startSandbox({
    repoRoot,
    staticDir: path.join(frontend, 'dist'),
    logFile: path.join(artifacts, 'sandbox.log'),
    timeoutMs: 420_000,
    extraArgs: ['--real-okg', '--metrics'],
    extraEnv: { OKG_CONSOLE_USAGE_INTERVAL: '5s' },
  });
  console.log(`sandbox ready at ${sandbox.url} after ${(sandbox.readyAfterMs / 1000).toFixed(1)} s`);
  const kube = kubeClient(sandbox.kubeconfig);

  await check('usage figures reach the API through metrics-server', async () => {
    await waitUntil('pods of the set running', async () => {
      const pods = (await kube.listPods(NS)).items.filter((p) => p.metadata.name.startsWith(`${SET}-`) && p.status.phase === 'Running');
      return pods.length === 12 || pods.length;
    });
    for (let id = 0; id < 12; id++) {
      await kube.patchPod(NS, `${SET}-${id}`, {
        metadata: { annotations: { 'kwok.x-k8s.io/usage-cpu': `${cpuOf(id)}m`, 'kwok.x-k8s.io/usage-memory': `${64 + id * 16}Mi` } },
      });
    }
    await waitUntil('usage of all 12 servers', async () => {
      const list = await getJSON(`/namespaces/${NS}/gameservers?gameServerSet=${SET}&limit=50`);
      const ok = list.items.filter((gs) => gs.usage && Math.abs(gs.usage.cpuMillicores - cpuOf(gs.id)) <= cpuOf(gs.id) / 20);
      return ok.length === 12 || `${ok.length} of 12`;
    });
  });

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext({ viewport: { width: 1700, height: 1000 } });
  page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(20000);
  const rows = (table) => page.locator(`[data-testid="${table}"] tbody tr`);

  await check('game servers: usage columns, hungriest first', async () => {
    await page.goto(`${sandbox.url}/gameservers?namespace=${NS}&gameServerSet=${SET}&sortBy=cpuUsage&ascending=false`);
    await page.getByTestId('page-gameservers').waitFor();
    await rows('gameservers').first().locator('[data-testid="cpu-usage"]').waitFor();
    const names = await rows('gameservers').locator('[data-col="name"] a').allInnerTexts();
    const want = [...Array(12).keys()].sort((a, b) => cpuOf(b) - cpuOf(a)).map((id) => `${SET}-${id}`);
    assert.deepEqual(names, want, 'sorted by CPU usage, descending');
    const cpu = await rows('gameservers').locator('[data-col="cpuUsage"]').allInnerTexts();
    // metrics-server derives CPU from two scrapes of KWOK's cumulative counter: within 5%
    const wantCores = cpuOf(Number(want[0].split('-').pop())) / 1000;
    const gotCores = Number(cpu[0].trim().split(' ')[0]);
    assert.ok(Math.abs(gotCores - wantCores) <= wantCores / 20, `first CPU cell ${cpu[0]}, want about ${wantCores}`);
    const mem = await rows('gameservers').locator('[data-col="memoryUsage"]').allInnerTexts();
    assert.ok(mem.every((m) => /MiB/.test(m)), `memory cells ${mem}`);
    await shot('01-gameservers-usage-en');
    // ascending by clicking the header
    await page.locator('[data-testid="gameservers"] thead th', { hasText: 'CPU' }).click();
    await page.waitForTimeout(1500);
    const asc = await rows('gameservers').locator('[data-col="name"] a').allInnerTexts();
    assert.notDeepEqual(asc, names, 'the header click re-sorted the list');
  });

  await check('game server detail: usage against requests and limits', async () => {
    await page.goto(`${sandbox.url}/gameservers/${NS}/${SET}-0`);
    await page.getByTestId('usage-panel').waitFor();
    const text = await page.getByTestId('usage-cpu').innerText();
    assert.match(text, new RegExp(String(cpuOf(0) / 1000)), text);
    await page.getByTestId('gs-usage').scrollIntoViewIfNeeded();
    await shot('02-gameserver-usage-en');
  });

  await check('set detail: usage totals', async () => {
    await page.goto(`${sandbox.url}/gameserversets/${NS}/${SET}`);
    const totals = page.getByTestId('set-usage');
    await totals.waitFor();
    assert.match(await totals.innerText(), /over 12 game servers/);
    await shot('03-set-usage-en');
  });

  let node;
  await check('nodes: counts by state and opsState, usage, link from the node column', async () => {
    await page.goto(`${sandbox.url}/gameservers?namespace=${NS}&gameServerSet=${SET}`);
    const link = rows('gameservers').first().locator('[data-testid="node-link"]');
    node = (await link.innerText()).trim();
    await link.click();
    await page.getByTestId('page-node').waitFor();
    await page.getByTestId('node-summary').waitFor();
    await shot('04-node-detail-en');
    await page.goto(`${sandbox.url}/nodes`);
    await rows('nodes').first().waitFor();
    const nodes = await getJSON('/nodes');
    assert.equal(await rows('nodes').count(), nodes.totalItems);
    const total = nodes.items.reduce((n, v) => n + v.gameServers.gameServers, 0);
    assert.equal(total, 72, 'every demo server is on a node');
    const shown = await rows('nodes').locator('[data-col="gameServers"]').allInnerTexts();
    assert.deepEqual(shown.map(Number), nodes.items.map((v) => v.gameServers.gameServers));
    assert.ok(nodes.items.every((v) => v.usage && v.usage.memoryBytes > 0), 'node usage from metrics-server');
    await shot('05-nodes-en');
  });

  await check('drain: preview lists exactly the node\'s servers, apply marks them', async () => {
    const before = (await getJSON(`/gameservers?node=${node}&limit=1000`)).items;
    await page.getByTestId(`drain-${node}`).click();
    // the shared operation dialog: the explanation, then Preview (the API server's dry run)
    const dialog = page.getByTestId('op-dialog');
    await dialog.waitFor();
    await page.getByTestId('op-preview').click();
    await rows('op-preview-items').first().waitFor();
    const listed = await rows('op-preview-items').count();
    assert.equal(listed, before.length, 'the preview lists every server on the node');
    await shot('06-drain-preview-en');
    // nothing changed by the preview
    const still = (await getJSON(`/gameservers?node=${node}&limit=1000`)).items;
    assert.deepEqual(still.map((g) => g.opsState), before.map((g) => g.opsState));
    await page.getByTestId('op-apply').click();
    await page.locator('[data-testid="op-dialog"][data-step="result"]').waitFor();
    await shot('07-drain-result-en');
    await page.getByTestId('op-close').click();
    await waitUntil('opsStates after drain', async () => {
      const after = (await getJSON(`/gameservers?node=${node}&limit=1000`)).items;
      const wrong = after.filter((g) => {
        const was = before.find((b) => b.name === g.name && b.namespace === g.namespace)?.opsState ?? '';
        const want = was === 'Allocated' ? 'Maintaining' : ['Maintaining', 'WaitToBeDeleted', 'Kill'].includes(was) ? was : 'WaitToBeDeleted';
        return g.opsState !== want;
      });
      return wrong.length === 0 || wrong.map((g) => `${g.name}=${g.opsState}`);
    }, 30_000);
  });

  await check('zh: nodes, usage columns and the drain dialog', async () => {
    await page.goto(`${sandbox.url}/gameservers?namespace=${NS}&gameServerSet=${SET}&sortBy=cpuUsage&ascending=false`);
    await page.locator('[data-testid="language-switch"]').click();
    await page.locator('.kubed-select-item-option[title="简体中文"]').click();
    await page.getByRole('link', { name: '节点', exact: true }).waitFor();
    await rows('gameservers').first().waitFor();
    await shot('08-gameservers-usage-zh');
    await page.goto(`${sandbox.url}/nodes`);
    await rows('nodes').first().waitFor();
    await shot('09-nodes-zh');
    const other = (await getJSON('/nodes')).items.find((v) => v.name !== node && v.gameServers.gameServers > 0);
    if (other) {
      await page.getByTestId(`drain-${other.name}`).click();
      await page.getByTestId('op-preview').click();
      await rows('op-preview-items').first().waitFor();
      await shot('10-drain-preview-zh');
      await page.keyboard.press('Escape');
    }
  });

  assert.deepEqual(pageErrors, [], 'uncaught page errors');
} catch (err) {
  counts.failures += 1;
  console.log(`FAIL ${err?.stack ?? err}`);
} finally {
  await cleanup();
}
console.log(`${counts.failures ? 'FAILED' : 'passed'}: ${counts.passed} usage e2e scenarios, ${counts.failures} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(frontend, artifacts)}/`);
process.exit(counts.failures ? 1 : 0);
