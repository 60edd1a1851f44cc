// End-to-end, all clusters (issue 14): Debian chromium (playwright-core) against the real backend
// serving three real control planes. Shows the all-clusters game server list with its cluster
// column, the cluster filter, a project's DeployUnits page, a cross-cluster dry-run preview then
// apply (checked in each cluster's API), a cross-cluster rollout, a stopped cluster reported by
// name while the others render; in English and Chinese. Screenshots: e2e/artifacts/mc-*.png.
//   npm run build && npm run test:e2e:multicluster
//
// The three clusters: `okg-sandbox --clusters 3` when the sandbox offers it (one control plane
// per region, differing demo fleets); otherwise three `okg-sandbox --sandbox` control planes
// (one demo fleet each, made to differ here) behind one `okg-console serve` configured with
// their kubeconfigs (the clusters setting). E2E_MC_MANUAL=1 forces the latter.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { kubeClient } from './kube.mjs';
import { answers200, freePort, sleep, startProcess } from './procs.mjs';
import { freshHistoryDir } from './sandbox.mjs';
import { dataTokens, untranslatedPart, visibleTexts } from './zh-walk.mjs';
import { checkRunner } from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repoRoot = path.resolve(frontend, '..');
const artifacts = path.join(here, 'artifacts');
const dist = path.join(frontend, 'dist');
const API = '/kapis/okgconsole.kubesphere.io/v1alpha1';
const REGIONS = ['eu-west', 'us-east', 'ap-south'];
const started = Date.now();
fs.mkdirSync(artifacts, { recursive: true });

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const stops = [];
let browser;
const { check, counts } = checkRunner({ artifacts, prefix: 'mc-', page: () => page });
let page;

async function cleanup() {
  await browser?.close().catch(() => undefined);
  // the console before its clusters' control planes
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}


const shot = (name) => page.screenshot({ path: path.join(artifacts, `mc-${name}.png`), fullPage: true });
const rows = () => page.locator('[data-testid="gameservers"] tbody tr');
const clusterCells = () => rows().locator('[data-col="cluster"]').allInnerTexts();

async function settled(testId = 'gameservers') {
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"] tbody[style*="0.55"]`), testId, { timeout: 15000 });
  await page.waitForTimeout(400);
}

/** Picks values in a kubed (rc-select) multi-select filter. */
async function pickFilter(key, values) {
  await page.locator(`[data-filter="${key}"] .kubed-select-selector`).click();
  for (const v of values) {
    await page.locator('.kubed-select-dropdown:not(.kubed-select-dropdown-hidden)').locator(`.kubed-select-item-option[title="${v}"]`).click();
  }
  await page.keyboard.press('Escape');
}

async function setLanguage(lang) {
  await page.evaluate((l) => localStorage.setItem('okg-console.lang', l), lang);
  await page.reload();
}

/** GET on the console's own API (as the page would), JSON. */
async function apiGet(base, p) {
  const r = await fetch(`${base}${p}`);
  if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** Builds the two binaries once (parallel `go run`s would each compile). */
function buildBinaries() {
  const bin = path.join(artifacts, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  execFileSync('go', ['build', '-o', bin + path.sep, './backend/cmd/okg-sandbox', './backend/cmd/okg-console'], { cwd: repoRoot, stdio: 'inherit' });
  return { sandbox: path.join(bin, 'okg-sandbox'), console: path.join(bin, 'okg-console') };
}

/** The process listening on a local TCP port (a control plane's kube-apiserver this test started). */
function listenerPid(port) {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const m = /pid=(\d+)/.exec(out);
  if (!m) throw new Error(`nothing listens on port ${port}: ${out}`);
  return Number(m[1]);
}

function thaw(pid) {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    /* gone */
  }
}

function sandboxOffersClusters() {
  if (process.env.E2E_MC_MANUAL === '1') return false;
  const src = fs.readFileSync(path.join(repoRoot, 'backend/cmd/okg-sandbox/main.go'), 'utf8');
  return /fs\.Int\("clusters"/.test(src) && /func startRegions/.test(fs.readdirSync(path.join(repoRoot, 'backend/cmd/okg-sandbox')).map((f) => fs.readFileSync(path.join(repoRoot, 'backend/cmd/okg-sandbox', f), 'utf8')).join('\n'));
}

/** Three control planes behind one console; resolves { url, kube: {cluster: client}, stopCluster(name) }. */
async function startClusters() {
  if (sandboxOffersClusters()) {
    const port = await freePort();
    const history = freshHistoryDir();
    const url = `http://127.0.0.1:${port}`;
    const proc = await startProcess({
      name: 'okg-sandbox --clusters 3',
      cmd: 'go',
      args: ['run', './backend/cmd/okg-sandbox', '--sandbox', '--clusters', '3', '--listen', `127.0.0.1:${port}`, '--static-dir', dist],
      cwd: repoRoot,
      env: history.env,
      logFile: path.join(artifacts, 'mc-sandbox.log'),
      ready: answers200(`${url}/readyz`),
      timeoutMs: 420_000,
    });
    const frozen = new Set();
    stops.push(async () => {
      // a hung kube-apiserver is thawed first, so that the sandbox can stop it
      for (const pid of frozen) thaw(pid);
      await proc.stop();
      history.remove();
    });
    // each region's control plane: its kubeconfig (for kubectl-style writes) and its kube-apiserver's port
    const kubeconfigs = Object.fromEntries([...proc.log().matchAll(/sandbox cluster ready"? cluster=(\S+) .*kubeconfig=(\S+)/g)].map((m) => [m[1], m[2]]));
    if (Object.keys(kubeconfigs).length !== 3) throw new Error(`the sandbox log names ${Object.keys(kubeconfigs).length} clusters' kubeconfigs, not 3`);
    const kube = Object.fromEntries(Object.entries(kubeconfigs).map(([name, k]) => [name, kubeClient(k)]));
    return {
      url,
      kube,
      mode: 'okg-sandbox --clusters 3',
      // one control plane of the three cannot be stopped alone: its kube-apiserver is made to hang (SIGSTOP)
      hangCluster: async (name) => {
        const server = /^\s*server:\s*(\S+)\s*$/m.exec(fs.readFileSync(kubeconfigs[name], 'utf8'))?.[1];
        const pid = listenerPid(new URL(server).port);
        process.kill(pid, 'SIGSTOP');
        frozen.add(pid);
      },
    };
  }
  const bins = buildBinaries();
  // one control plane (and demo fleet) per region, started side by side
  const planes = await Promise.all(
    REGIONS.map(async (name) => {
      const port = await freePort();
      const history = freshHistoryDir();
      const proc = await startProcess({
        name: `okg-sandbox ${name}`,
        cmd: bins.sandbox,
        args: ['--sandbox', '--listen', `127.0.0.1:${port}`, '--static-dir', dist],
        cwd: repoRoot,
        env: history.env,
        logFile: path.join(artifacts, `mc-sandbox-${name}.log`),
        ready: answers200(`http://127.0.0.1:${port}/readyz`),
        timeoutMs: 300_000,
      });
      const stop = async () => {
        await proc.stop();
        history.remove();
      };
      stops.push(stop);
      const m = /sandbox control plane ready.*kubeconfig=(\S+)/.exec(proc.log());
      if (!m) throw new Error(`no kubeconfig in the ${name} sandbox log`);
      return { name, kubeconfig: m[1], stop };
    }),
  );
  // The fleets differ: us-east's servers get other deletion priorities, so a merged sort interleaves.
  const kube = Object.fromEntries(planes.map((p) => [p.name, kubeClient(p.kubeconfig)]));
  for (const [i, name] of ['minecraft-0', 'minecraft-1', 'minecraft-2', 'minecraft-3'].entries()) {
    await kube['us-east'].patchGameServer('game-prod', name, { spec: { deletionPriority: 40 + i } });
  }
  const port = await freePort();
  const history = freshHistoryDir();
  const cfg = path.join(history.dir, 'console.yaml');
  fs.writeFileSync(
    cfg,
    ['cluster-timeout: 3s', 'clusters:', ...planes.flatMap((p) => [`  - name: ${p.name}`, `    kubeconfig: ${p.kubeconfig}`])].join('\n') + '\n',
  );
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'okg-console (3 clusters)',
    cmd: bins.console,
    args: ['serve', '--config', cfg, '--kubeconfig', planes[0].kubeconfig, '--listen', `127.0.0.1:${port}`, '--static-dir', dist],
    cwd: repoRoot,
    env: history.env,
    logFile: path.join(artifacts, 'mc-console.log'),
    ready: answers200(`${url}/readyz`),
    timeoutMs: 180_000,
  });
  stops.push(async () => {
    await proc.stop();
    history.remove();
  });
  return {
    url,
    kube,
    mode: 'three okg-sandbox control planes + okg-console with the clusters setting',
    stopCluster: async (name) => {
      const p = planes.find((x) => x.name === name);
      await p.stop();
    },
  };
}

try {
  const env = await startClusters();
  const { url } = env;
  console.log(`console with three clusters at ${url} (${env.mode}) after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const clusters = await apiGet(url, `${API}/clusters`);
  const names = clusters.items.map((c) => c.name);
  assert.equal(names.length, 3, `clusters: ${JSON.stringify(clusters)}`);
  const [first, second, third] = names;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(20000);

  await check('all clusters: merged game servers with the cluster column, sorted across clusters', async () => {
    await page.goto(`${url}/overview`);
    await page.getByTestId('nav-all-clusters').click();
    await page.getByTestId('page-mc-gameservers').waitFor();
    await rows().first().waitFor();
    await page.locator('[data-sort="deletionPriority"]').click();
    await page.locator('[data-sort="deletionPriority"]').click();
    await page.waitForURL(/ascending=false/);
    await settled();
    const strip = page.getByTestId('cluster-strip');
    await strip.locator('[data-health="ok"]').nth(2).waitFor();
    assert.equal(await strip.getAttribute('data-failed'), '0');
    const prios = (await rows().locator('[data-col="deletionPriority"]').allInnerTexts()).map(Number);
    assert.deepEqual(prios, [...prios].sort((a, b) => b - a), `not descending: ${prios}`);
    const shown = new Set(await clusterCells());
    assert.ok(shown.size >= 2, `one cluster only on the merged page: ${[...shown]}`);
    const merged = await apiGet(url, `${API}/multicluster/gameservers?limit=1`);
    const sum = merged.clusters.reduce((n, c) => n + c.totalItems, 0);
    assert.equal(merged.totalItems, sum);
    assert.ok((await page.getByText(`Total ${sum}`).count()) > 0, 'the pager does not show the sum of the clusters');
    // the live streams: one per cluster through its own prefixed path
    await strip.locator('[data-stream="live"]').nth(2).waitFor({ timeout: 15000 }).catch(() => undefined);
    console.log(`     (streams: ${(await strip.locator('[data-stream]').evaluateAll((els) => els.map((e) => e.getAttribute('data-stream')))).join(', ')})`);
    await shot('01-gameservers-en');
  });

  await check('cluster filter narrows the list to the chosen cluster; its link opens that cluster\'s own page', async () => {
    await pickFilter('clusters', [second]);
    await page.waitForURL(new RegExp(`clusters=${second}`));
    await settled();
    const cells = await clusterCells();
    assert.ok(cells.length > 0 && cells.every((c) => c === second), `clusters shown: ${cells}`);
    assert.equal(await page.getByTestId('cluster-strip').locator('[data-cluster]').count(), 1);
    await shot('02-cluster-filter-en');
    const row = rows().first();
    const name = await row.locator('[data-col="name"] a').innerText();
    await row.locator('[data-col="name"] a').click();
    await page.getByTestId('page-gameserver').waitFor();
    assert.ok(page.url().includes(`/clusters/${second}/gameservers/`), page.url());
    await page.getByText(name).first().waitFor();
    await page.getByTestId('okg-cluster-scope').waitFor();
    await shot('03-cluster-own-detail-en');
  });

  await check('live: a change made in one cluster (as kubectl would) shows in the merged list without a reload', async () => {
    if (!env.kube) {
      console.log('     (skipped: no kubeconfig of the clusters at hand)');
      return;
    }
    await page.goto(`${url}/multicluster?clusters=${first},${second}&namespace=game-prod&gameServerSet=minecraft&sortBy=id`);
    await rows().first().waitFor();
    await page.locator('[data-testid="cluster-strip"] [data-stream="live"]').nth(1).waitFor({ timeout: 20000 });
    const row = rows().filter({ has: page.locator('[data-col="cluster"]', { hasText: new RegExp(`^${second}$`) }) }).filter({ has: page.locator('[data-col="name"] a', { hasText: /^minecraft-5$/ }) });
    await row.waitFor();
    await env.kube[second].patchGameServer('game-prod', 'minecraft-5', { spec: { updatePriority: 77 } });
    await row.locator('[data-col="updatePriority"]', { hasText: /^77$/ }).waitFor({ timeout: 10000 });
    // the same server of the other cluster is not touched
    const other = rows().filter({ has: page.locator('[data-col="cluster"]', { hasText: new RegExp(`^${first}$`) }) }).filter({ has: page.locator('[data-col="name"] a', { hasText: /^minecraft-5$/ }) });
    assert.notEqual(await other.locator('[data-col="updatePriority"]').innerText(), '77');
    await shot('04a-live-update-en');
  });

  await check("a project's DeployUnits: its sets per cluster with per-cluster roll-ups", async () => {
    await page.goto(`${url}/multicluster/projects`);
    await page.getByTestId('page-mc-projects').waitFor();
    await page.locator('[data-testid="mc-projects"] tbody tr').first().waitFor();
    await shot('04-projects-en');
    await page.getByRole('link', { name: 'minecraft', exact: true }).click();
    await page.getByTestId('page-mc-project').waitFor();
    const units = page.getByTestId('deploy-unit');
    await units.nth(2).waitFor();
    assert.equal(await units.count(), 3);
    const ov = await apiGet(url, `${API}/multicluster/overview?project=minecraft`);
    const total = ov.clusters.reduce((n, c) => n + (c.overview?.totals.gameServers ?? 0), 0);
    assert.equal(await page.getByTestId('total-gameservers').innerText(), String(total));
    for (const c of ov.clusters) {
      const unit = page.locator(`[data-testid="deploy-unit"][data-cluster="${c.name}"]`);
      const text = await unit.getByTestId('unit-rollup').innerText();
      assert.ok(text.includes(`game servers: ${c.overview.totals.gameServers}`), `${c.name}: ${text}`);
      assert.ok((await unit.locator('[data-testid="unit-sets"] tbody tr a').count()) > 0, `${c.name} lists no set`);
    }
    await shot('05-deployunits-en');
  });

  // two servers, one in each of two clusters, opsState None → Maintaining
  const pick = async (cluster) => {
    const l = await apiGet(url, `/clusters/${cluster}${API}/namespaces/game-prod/gameservers?gameServerSet=minecraft&opsState=None&sortBy=id&limit=1`);
    assert.ok(l.items.length, `no idle minecraft server in ${cluster}`);
    return l.items[0].name;
  };
  const opsStateIn = async (cluster, name) => (await apiGet(url, `/clusters/${cluster}${API}/namespaces/game-prod/gameservers/${name}`)).gameServer.opsState;

  await check('across clusters: dry-run preview per cluster changes nothing, apply changes both clusters', async () => {
    const a = await pick(first);
    const b = await pick(third);
    await page.goto(`${url}/multicluster?clusters=${first},${third}&namespace=game-prod&gameServerSet=minecraft&opsState=None&sortBy=id`);
    await rows().first().waitFor();
    await settled();
    await page.getByLabel(`Select ${first}/game-prod/${a}`, { exact: true }).click();
    await page.getByLabel(`Select ${third}/game-prod/${b}`, { exact: true }).click();
    await page.getByTestId('bulk-bar').getByText('Set ops state').click();
    await page.getByTestId('op-dialog').getByRole('radio', { name: 'Maintaining' }).click();
    await page.getByTestId('op-preview').click();
    await page.getByTestId('op-preview-body').waitFor();
    const perCluster = await page.locator('[data-testid="op-preview-clusters"] tbody tr').allInnerTexts();
    assert.equal(perCluster.length, 2, perCluster.join(' | '));
    assert.match(await page.getByTestId('preview-summary').innerText(), /2 will change/);
    // a dry run: both clusters still have the servers as they were
    assert.equal(await opsStateIn(first, a), 'None');
    assert.equal(await opsStateIn(third, b), 'None');
    await shot('06-cross-cluster-preview-en');
    await page.getByTestId('op-apply').click();
    await page.getByTestId('op-result-body').waitFor();
    assert.match(await page.getByTestId('result-summary').innerText(), /2 changed/);
    await shot('07-cross-cluster-result-en');
    for (const [c, n] of [
      [first, a],
      [third, b],
    ]) {
      for (let i = 0; i < 50 && (await opsStateIn(c, n)) !== 'Maintaining'; i++) await sleep(200);
      assert.equal(await opsStateIn(c, n), 'Maintaining', `${c}/${n}`);
    }
    await page.getByTestId('op-close').click();
  });

  await check('across clusters: a rollout previewed per set, then applied in each cluster', async () => {
    await page.goto(`${url}/multicluster/projects/minecraft`);
    await page.getByTestId('deploy-unit').nth(2).waitFor();
    for (const c of [first, second]) {
      await page.getByLabel(`Select ${c}/game-prod/minecraft`, { exact: true }).click();
    }
    await page.getByTestId('bulk-bar').locator('[data-action="mc-rollout"]').click();
    await page.getByTestId('mc-rollout-image-input').fill('registry.example.com/minecraft:1.20.9');
    await page.getByTestId('mc-rollout-preview').click();
    await page.locator('[data-testid="mc-rollout-dialog"][data-step="preview"]').waitFor();
    await shot('08-cross-cluster-rollout-preview-en');
    const setImage = async (c) => (await apiGet(url, `/clusters/${c}${API}/namespaces/game-prod/gameserversets/minecraft`)).gameServerSet.images[0].image;
    assert.notEqual(await setImage(first), 'registry.example.com/minecraft:1.20.9', 'the dry run changed the set');
    if (await page.getByTestId('mc-rollout-allocated').count()) await page.getByTestId('mc-rollout-force').click();
    await page.locator('[data-testid="mc-rollout-apply"]:not([disabled])').click();
    await page.locator('[data-testid="mc-rollout-dialog"][data-step="result"]').waitFor();
    await shot('09-cross-cluster-rollout-result-en');
    for (const c of [first, second]) {
      for (let i = 0; i < 50 && (await setImage(c)) !== 'registry.example.com/minecraft:1.20.9'; i++) await sleep(200);
      assert.equal(await setImage(c), 'registry.example.com/minecraft:1.20.9', c);
    }
    await page.getByTestId('mc-rollout-close').click();
  });

  await check('zh: the all-clusters list, filter, DeployUnits and a cross-cluster preview in Chinese', async () => {
    await page.goto(`${url}/multicluster?clusters=${first},${second}`);
    await setLanguage('zh');
    // every cluster's data (names, images, nodes …) and the cluster names stay as they are
    const tokens = [...new Set([...names, ...(await Promise.all(names.map((c) => dataTokens(page, `/clusters/${c}${API}`)))).flat()])].sort((a, b) => b.length - a.length);
    const untranslated = new Set();
    const collect = async (where) => {
      for (const text of await visibleTexts(page)) {
        const rest = untranslatedPart(text, tokens);
        if (rest) untranslated.add(`${where}: "${text}"`);
      }
    };
    await rows().first().waitFor();
    await page.getByText('全部集群').first().waitFor();
    assert.ok((await page.getByRole('columnheader', { name: '集群' }).count()) > 0, 'no 集群 column');
    assert.match(await page.getByTestId('cluster-strip').innerText(), /已响应/);
    await collect('list');
    await shot('10-gameservers-zh');
    await page.locator('[data-testid="gameservers"] tbody tr input[type="checkbox"]').first().click();
    await page.locator('[data-testid="gameservers"] tbody tr input[type="checkbox"]').last().click();
    await page.getByTestId('bulk-bar').locator('[data-action="updatePriority"]').click();
    await page.getByTestId('op-priority').fill('3');
    await page.getByTestId('op-preview').click();
    await page.getByTestId('op-preview-body').waitFor();
    await collect('preview');
    await shot('11-cross-cluster-preview-zh');
    await page.getByRole('button', { name: '上一步' }).or(page.getByRole('button', { name: '返回' })).first().click();
    await page.keyboard.press('Escape');
    await page.goto(`${url}/multicluster/projects/minecraft`);
    await page.getByTestId('deploy-unit').nth(2).waitFor();
    await page.getByText('部署单元（集群）').waitFor();
    await collect('deployunits');
    await shot('12-deployunits-zh');
    await page.goto(`${url}/multicluster/projects`);
    await page.locator('[data-testid="mc-projects"] tbody tr').first().waitFor();
    await collect('projects');
    await page.goto(`${url}/multicluster/gameserversets`);
    await page.locator('[data-testid="gameserversets"] tbody tr').first().waitFor();
    await collect('sets');
    await shot('12a-gameserversets-zh');
    assert.deepEqual([...untranslated], [], 'untranslated text in zh');
    await setLanguage('en');
  });

  await check('a stopped (or hung) cluster is reported by name and why, the other two still answer (en, zh)', async () => {
    if (env.stopCluster) await env.stopCluster(third);
    else await env.hangCluster(third);
    await page.goto(`${url}/multicluster`);
    const down = page.locator(`[data-testid="cluster-strip"] [data-cluster="${third}"]:not([data-health="ok"])`);
    await down.waitFor({ timeout: 30000 });
    await rows().first().waitFor();
    const cells = new Set(await clusterCells());
    assert.ok(!cells.has(third) && cells.size >= 1, `clusters shown: ${[...cells]}`);
    console.log(`     (${third}: ${await down.innerText()})`);
    await shot('13-cluster-down-en');
    await setLanguage('zh');
    await down.waitFor({ timeout: 30000 });
    assert.match(await down.innerText(), /无法连接|响应超时|出错/);
    // nothing waits on it longer than the cluster timeout
    const t0 = Date.now();
    const merged = await apiGet(url, `${API}/multicluster/gameservers?limit=5`);
    const took = Date.now() - t0;
    console.log(`     (merged list with ${third} down: ${took} ms, ${merged.clusters.map((c) => `${c.name} ${c.ok ? 'ok' : c.code}`).join(', ')})`);
    assert.ok(took < 4000, `the merged list waited ${took} ms on the down cluster (cluster timeout 2-3 s)`);
    assert.equal(merged.clusters.find((c) => c.name === third).ok, false);
    await shot('14-cluster-down-zh');
    await setLanguage('en');
  });

  assert.deepEqual(pageErrors, [], 'page errors');
} catch (err) {
  counts.failures += 1;
  console.log(`FAIL setup\n     ${err?.stack ?? err}`);
} finally {
  await cleanup();
}

console.log(`${counts.failures ? 'FAILED' : 'passed'}: ${counts.passed} multi-cluster scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(counts.failures ? 1 : 0);
