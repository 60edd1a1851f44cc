// End-to-end: Debian chromium (playwright-core) against the real backend on the real control
// plane. Starts okg-sandbox (etcd + kube-apiserver + demo fleet + console serving dist/), runs
// the scenarios, writes a screenshot of every page to e2e/artifacts/, stops the sandbox.
//   npm run build && npm run test:e2e
// E2E_BASE_URL + E2E_KUBECONFIG reuse a sandbox that is already running (development).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { kubeClient } from './kube.mjs';
import { sleep } from './procs.mjs';
import { startSandbox } from './sandbox.mjs';
import { bundleFaviconRefs, walkLanguages } from './zh-walk.mjs';
import { checkRunner } from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repoRoot = path.resolve(frontend, '..');
const artifacts = path.join(here, 'artifacts');
const started = Date.now();
fs.mkdirSync(artifacts, { recursive: true });

if (!fs.existsSync(path.join(frontend, 'dist', 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

let sandbox;
let browser;
const { check, counts } = checkRunner({ artifacts, prefix: '', page: () => page });

async function cleanup() {
  await browser?.close().catch(() => undefined);
  await sandbox?.stop?.();
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}


let page;
const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
const rows = () => page.locator('[data-testid="gameservers"] tbody tr');
const cell = (row, col) => row.locator(`[data-col="${col}"]`);
const rowOf = (name) => rows().filter({ has: page.locator('[data-col="name"] a', { hasText: new RegExp(`^${name}$`) }) });

/** Picks values in a kubed (rc-select) multi-select filter. */
async function pickFilter(key, values) {
  await page.locator(`[data-filter="${key}"] .kubed-select-selector`).click();
  for (const v of values) {
    await page.locator('.kubed-select-dropdown:not(.kubed-select-dropdown-hidden)').locator(`.kubed-select-item-option[title="${v}"]`).click();
  }
  await page.keyboard.press('Escape');
}

async function settled() {
  // the busy body fades while a new page loads; wait for the list to be idle
  await page.waitForFunction(() => !document.querySelector('[data-testid="gameservers"] tbody[style*="0.55"]'), null, { timeout: 15000 });
  await page.waitForTimeout(300);
}

async function columnTexts(col) {
  return rows().locator(`[data-col="${col}"]`).allInnerTexts();
}

try {
  if (process.env.E2E_BASE_URL) {
    sandbox = { url: process.env.E2E_BASE_URL, kubeconfig: process.env.E2E_KUBECONFIG, readyAfterMs: 0 };
  } else {
    sandbox = await startSandbox({
      repoRoot,
      staticDir: path.join(frontend, 'dist'),
      logFile: path.join(artifacts, 'sandbox.log'),
    });
  }
  console.log(`sandbox ready at ${sandbox.url} after ${(sandbox.readyAfterMs / 1000).toFixed(1)} s`);
  const kube = kubeClient(sandbox.kubeconfig);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(15000);

  await check('overview: totals of the demo fleet', async () => {
    await page.goto(`${sandbox.url}/`);
    await page.getByTestId('page-overview').waitFor();
    await page.getByTestId('total-gameservers').filter({ hasText: '72' }).waitFor();
    const live = page.getByTestId('live-state');
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: 5000 }).catch(() => undefined);
    assert.ok(['live', 'polling', 'connecting'].includes(await live.getAttribute('data-state')));
    console.log(`     (overview: ${await live.getAttribute('data-state')})`);
    await shot('01-overview');
  });

  await check('GameServerSets list and a set detail', async () => {
    await page.getByRole('link', { name: 'GameServerSets', exact: true }).click();
    await page.getByTestId('page-gameserversets').waitFor();
    await page.locator('[data-testid="page-gameserversets"] tbody tr').first().waitFor();
    await shot('02-gameserversets');
    await page.locator('[data-testid="page-gameserversets"] tbody tr a').first().click();
    await page.getByTestId('page-gameserverset').waitFor();
    await page.locator('[data-testid="gameservers"] tbody tr').first().waitFor();
    await shot('03-gameserverset-detail');
  });

  await check('GameServers: filter by state and opsState, sort', async () => {
    await page.goto(`${sandbox.url}/gameservers`);
    await rows().first().waitFor();
    assert.equal(await page.getByTestId('live-state').getAttribute('data-state').then((s) => ['live', 'polling', 'connecting'].includes(s)), true);
    await pickFilter('state', ['Crash']);
    await page.waitForURL(/state=Crash/);
    await settled();
    const states = await columnTexts('state');
    assert.ok(states.length > 0, 'no Crash rows');
    assert.ok(states.every((s) => s.includes('Crash')), `states: ${states}`);
    await shot('04-gameservers-filter-state');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await pickFilter('opsState', ['Maintaining']);
    await page.waitForURL(/opsState=Maintaining/);
    await settled();
    const ops = await columnTexts('opsState');
    assert.ok(ops.length > 0 && ops.every((s) => s.includes('Maintaining')), `opsStates: ${ops}`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('[data-sort="deletionPriority"]').click();
    await page.locator('[data-sort="deletionPriority"]').click();
    await page.waitForURL(/sortBy=deletionPriority.*ascending=false|ascending=false.*sortBy=deletionPriority/);
    await settled();
    const prios = (await columnTexts('deletionPriority')).map(Number);
    assert.deepEqual(prios, [...prios].sort((a, b) => b - a), `deletion priorities not descending: ${prios}`);
    await shot('05-gameservers-sorted');
  });

  let chosen = [];
  await check('select three servers, preview then apply an opsState change, rows change', async () => {
    await page.goto(`${sandbox.url}/gameservers?namespace=game-prod&opsState=None&limit=50`);
    await rows().first().waitFor();
    await page.evaluate(() => {
      window.__noReload = true;
    });
    chosen = (await rows().locator('[data-col="name"] a').allInnerTexts()).slice(0, 3);
    assert.equal(chosen.length, 3);
    await page.goto(`${sandbox.url}/gameservers?namespace=game-prod&name=&limit=50`);
    await rows().first().waitFor();
    await page.evaluate(() => {
      window.__noReload = true;
    });
    for (const name of chosen) await page.getByLabel(`Select game-prod/${name}`, { exact: true }).check();
    await page.getByTestId('bulk-bar').getByText('3 selected').waitFor();
    await page.getByTestId('bulk-bar').locator('[data-action="opsState"]').click();
    await page.getByTestId('op-dialog').waitFor();
    await page.getByTestId('op-ops-state').getByRole('radio', { name: 'Maintaining' }).click();
    await page.getByTestId('op-preview').click();
    await page.getByTestId('op-preview-body').waitFor();
    assert.equal(await page.getByTestId('preview-summary').innerText(), 'Dry run: 3 will change, 0 unchanged, 0 would fail');
    const changes = await page.locator('[data-testid="op-preview-items"] [data-field="opsState"]').allInnerTexts();
    assert.deepEqual(changes, ['opsState: None → Maintaining', 'opsState: None → Maintaining', 'opsState: None → Maintaining']);
    await shot('06-operation-preview');
    // the dry run changed nothing
    for (const name of chosen) assert.equal((await kube.getGameServer('game-prod', name)).spec.opsState ?? 'None', 'None');
    await page.getByTestId('op-apply').click();
    await page.getByTestId('op-result-body').waitFor();
    assert.equal(await page.getByTestId('result-summary').innerText(), 'Done: 3 changed, 0 unchanged, 0 failed');
    await shot('07-operation-result');
    await page.getByTestId('op-close').click();
    for (const name of chosen) {
      await cell(rowOf(name), 'opsState').filter({ hasText: 'Maintaining' }).waitFor({ timeout: 10000 });
      assert.equal((await kube.getGameServer('game-prod', name)).spec.opsState, 'Maintaining');
    }
    await shot('08-gameservers-after-operation');
  });

  await check('a direct API write appears without a reload', async () => {
    assert.equal(chosen.length, 3, 'needs the previous scenario');
    const live = await page.getByTestId('live-state').getAttribute('data-state');
    const t0 = Date.now();
    await kube.patchGameServer('game-prod', chosen[0], { spec: { opsState: 'WaitToBeDeleted', deletionPriority: 42 } });
    // with a stream the list does not poll: only a pushed message can change the row
    await cell(rowOf(chosen[0]), 'opsState').filter({ hasText: 'WaitToBeDeleted' }).waitFor({ timeout: live === 'live' ? 5000 : 10000 });
    await cell(rowOf(chosen[0]), 'deletionPriority').filter({ hasText: '42' }).waitFor();
    const ms = Date.now() - t0;
    assert.equal(await page.evaluate(() => window.__noReload), true, 'the page reloaded');
    console.log(`     (${live === 'live' ? 'websocket stream' : 'polling'}: row updated ${ms} ms after the PATCH)`);
    await shot('09-gameservers-after-direct-write');
  });

  await check('game server detail: single operation with preview and result', async () => {
    const name = chosen[1] ?? 'arena-1';
    await page.goto(`${sandbox.url}/gameservers/game-prod/${name}`);
    await page.getByTestId('gs-summary').waitFor();
    await page.getByTestId('gs-actions').locator('[data-action="updatePriority"]').click();
    await page.getByTestId('op-priority').locator('input').or(page.locator('input[data-testid="op-priority"]')).first().fill('7');
    await page.getByTestId('op-preview').click();
    await page.getByTestId('op-preview-body').waitFor();
    assert.match(await page.locator('[data-testid="op-preview-items"] [data-field="updatePriority"]').innerText(), /→ 7$/);
    await page.getByTestId('op-apply').click();
    await page.getByTestId('op-result-body').waitFor();
    await shot('10-gameserver-detail-operation');
    await page.getByTestId('op-close').click();
    assert.equal((await kube.getGameServer('game-prod', name)).spec.updatePriority, 7);
    // the value beside its own label (another field may show the same number)
    const updatePriority = page.getByTestId('gs-summary').locator('dt', { hasText: /^Update priority$/ }).locator('xpath=following-sibling::dd[1]');
    await updatePriority.filter({ hasText: /^7$/ }).waitFor({ timeout: 10000 });
    // a direct write shows up on the detail page too: pushed by the one-object stream when Live
    const live = await page.getByTestId('live-state').getAttribute('data-state');
    const t0 = Date.now();
    await kube.patchGameServer('game-prod', name, { spec: { updatePriority: 8 } });
    await updatePriority.filter({ hasText: /^8$/ }).waitFor({ timeout: live === 'live' ? 5000 : 10000 });
    console.log(`     (${live === 'live' ? 'websocket stream' : 'polling'}: detail updated ${Date.now() - t0} ms after the PATCH)`);
    await shot('11-gameserver-detail');
  });

  await check('kill is refused on Allocated servers until forced, and needs confirmation', async () => {
    await page.goto(`${sandbox.url}/gameservers?namespace=game-staging&opsState=Allocated`);
    await rows().first().waitFor();
    const name = await rows().first().locator('[data-col="name"] a').innerText();
    await page.getByLabel(`Select game-staging/${name}`, { exact: true }).check();
    await page.getByTestId('bulk-bar').locator('[data-action="kill"]').click();
    await page.getByTestId('op-preview').click();
    await page.getByTestId('op-allocated').waitFor();
    assert.ok((await page.getByTestId('op-allocated').innerText()).includes(`game-staging/${name}`));
    assert.equal(await page.getByTestId('op-apply').isDisabled(), true);
    await shot('12-kill-refused-allocated');
    await page.getByTestId('op-force').click();
    await page.locator('[data-testid="op-preview-items"] [data-field="opsState"]').waitFor();
    assert.equal(await page.getByTestId('op-apply').isDisabled(), true, 'apply before confirming');
    await page.getByTestId('op-confirm').check();
    assert.equal(await page.getByTestId('op-apply').isDisabled(), false);
    await shot('13-kill-forced-preview');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await kube.getGameServer('game-staging', name)).spec.opsState, 'Allocated', 'the previews changed it');
  });

  await check('scale a GameServerSet down with a targeted preview', async () => {
    await page.goto(`${sandbox.url}/gameserversets/game-staging/arena-test`);
    await page.getByTestId('page-gameserverset').waitFor();
    await page.getByTestId('set-actions').first().locator('[data-action="scale"]').click();
    await page.getByTestId('scale-dialog').waitFor();
    await page.getByTestId('scale-mode-choice').locator('[data-value="ids"]').click();
    await page.locator('[data-testid="scale-ids-input"]').locator('xpath=self::input|.//input').first().fill('6,10');
    await page.getByTestId('scale-preview-btn').click();
    await page.getByTestId('scale-preview').waitFor();
    const change = await page.getByTestId('scale-replicas-change').innerText();
    assert.match(change, /12\D+10/, `replicas change: ${change}`);
    const preview = await page.getByTestId('scale-preview').innerText();
    assert.ok(preview.includes('arena-test-6') && preview.includes('arena-test-10'), `preview: ${preview}`);
    // the preview changed nothing
    assert.equal((await kube.getGameServerSet('game-staging', 'arena-test')).spec.replicas, 12);
    await shot('14-scale-preview');
    await page.getByTestId('scale-apply').click();
    await page.getByTestId('scale-done').waitFor();
    await shot('15-scale-done');
    assert.equal((await kube.getGameServerSet('game-staging', 'arena-test')).spec.replicas, 10);
    for (const id of [6, 10]) {
      assert.equal((await kube.getGameServer('game-staging', `arena-test-${id}`)).spec.opsState, 'WaitToBeDeleted');
    }
    await page.getByTestId('scale-close').click();
  });

  const API = '/kapis/okgconsole.kubesphere.io/v1alpha1';
  const timelineOrEmpty = (p, testId) => p.getByTestId(testId).locator('[data-testid="history-timeline"], [data-testid="empty"]').first();

  await check('history: a server crashing by another client\'s hand shows its crash loop in its timeline and crash summary', async () => {
    const ns = 'game-staging';
    const name = 'minecraft-canary-6';
    await page.goto(`${sandbox.url}/gameservers/${ns}/${name}`);
    await timelineOrEmpty(page, 'gs-history').waitFor();
    await page.locator('[data-testid="history-live-state"][data-state="live"]').waitFor({ timeout: 10000 }).catch(() => undefined);
    const live = await page.getByTestId('history-live-state').getAttribute('data-state');
    await page.evaluate(() => {
      window.__noReload = true;
    });
    // what the kubelet would write: the container dies with exit code 1 and comes back, three times
    const pod = await kube.getPod(ns, name);
    const container = pod.spec.containers[0];
    let restarts = pod.status.containerStatuses?.find((c) => c.name === container.name)?.restartCount ?? 0;
    for (let i = 0; i < 3; i += 1) {
      restarts += 1;
      const finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await kube.patchPodStatus(ns, name, {
        status: {
          containerStatuses: [
            {
              name: container.name,
              image: container.image,
              imageID: '',
              ready: false,
              restartCount: restarts,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'Error', exitCode: 1, startedAt: finishedAt, finishedAt } },
            },
          ],
        },
      });
      await sleep(500);
    }
    // and what OKG's controller would write: the server is in Crash
    await kube.patchGameServerStatus(ns, name, { status: { currentState: 'Crash' } });
    const history = page.getByTestId('gs-history');
    await history.locator('[data-testid="history-entry"][data-change="state"]').filter({ hasText: 'Crash' }).first().waitFor({ timeout: 15000 });
    await history.locator('[data-testid="history-entry"][data-change="restart"]').first().waitFor();
    const restartTexts = await history.locator('[data-testid="history-entry"][data-change="restart"]').allInnerTexts();
    assert.ok(restartTexts.every((t) => t.includes('Error, exit code 1')), `restart entries: ${restartTexts}`);
    for (const row of await history.locator('[data-testid="history-entry"][data-change="restart"], [data-testid="history-entry"][data-change="state"]').all()) {
      assert.equal(await row.getAttribute('data-warning'), 'true', 'restarts and crashes are warnings');
    }
    // the summary adds the restarts up (entries may each stand for several) and calls it a crash loop
    await history.locator('[data-testid="history-summary"][data-crash-loop="true"]').waitFor({ timeout: 20000 });
    assert.equal(await history.getByTestId('summary-restarts').getAttribute('data-hour'), '3');
    assert.equal(await history.getByTestId('summary-crashes').getAttribute('data-hour'), '1');
    // and at the top of the page, beside its title
    await page.getByTestId('crash-loop-badge').waitFor();
    assert.equal(await page.evaluate(() => window.__noReload), true, 'the page reloaded');
    console.log(`     (history ${live}: ${restartTexts.length} restart entries for 3 restarts, crash loop shown)`);
    await shot('18-gameserver-history-crash-loop');
  });

  await check('history: an operation made in the UI appears in the timeline and on Recent changes without a reload, naming the user', async () => {
    const ns = 'game-staging';
    const name = 'minecraft-canary-10';
    // Recent changes open in a second tab, reached through the navigation
    const feed = await page.context().newPage();
    await feed.goto(`${sandbox.url}/`);
    await feed.getByRole('link', { name: 'Recent changes', exact: true }).click();
    await feed.getByTestId('page-history').waitFor();
    await timelineOrEmpty(feed, 'history').waitFor();
    await feed.locator('[data-testid="history-live-state"][data-state="live"]').waitFor({ timeout: 10000 }).catch(() => undefined);
    await feed.evaluate(() => {
      window.__noReload = true;
    });
    // a background tab's timers are throttled (the query cache notifies through setTimeout): the tab in use in front
    await page.bringToFront();
    await page.goto(`${sandbox.url}/gameservers/${ns}/${name}`);
    await timelineOrEmpty(page, 'gs-history').waitFor();
    await page.evaluate(() => {
      window.__noReload = true;
    });
    await page.getByTestId('gs-actions').locator('[data-action="opsState"]').click();
    await page.getByTestId('op-ops-state').getByRole('radio', { name: 'Maintaining' }).click();
    await page.getByTestId('op-preview').click();
    await page.getByTestId('op-preview-body').waitFor();
    const detailLive = await page.getByTestId('history-live-state').getAttribute('data-state');
    const feedLive = await feed.getByTestId('history-live-state').getAttribute('data-state');
    await page.getByTestId('op-apply').click();
    await page.getByTestId('op-result-body').waitFor();
    const t0 = Date.now(); // the write is made when its result shows
    await page.getByTestId('op-close').click();

    const recorded = await page.evaluate(async (u) => (await fetch(u)).json(), `${API}/namespaces/${ns}/gameservers/${name}/history?change=write`);
    assert.equal(recorded.items.length, 1, `write entries: ${JSON.stringify(recorded.items)}`);
    const user = recorded.items[0].user;
    assert.ok(user, 'the write names no user');

    const write = page.getByTestId('gs-history').locator('[data-testid="history-entry"][data-change="write"]').first();
    await write.waitFor({ timeout: 10000 });
    const inTimeline = Date.now() - t0;
    assert.equal(await write.getByTestId('history-user').innerText(), user);
    assert.equal(await write.getByTestId('history-source').getAttribute('data-source'), 'console');
    assert.match(await write.innerText(), /None\s*→\s*Maintaining/);
    // the change itself, as observed on the object
    await page.getByTestId('gs-history').locator('[data-testid="history-entry"][data-change="opsState"]').filter({ hasText: 'Maintaining' }).first().waitFor({ timeout: 10000 });
    await shot('19-gameserver-history-console-write');

    await feed.bringToFront();
    const fed = feed.locator('[data-testid="history-entry"][data-change="write"]').filter({ hasText: name }).first();
    await fed.waitFor({ timeout: 10000 });
    const inFeed = Date.now() - t0;
    assert.equal(await fed.getByTestId('history-user').innerText(), user);
    await feed.locator('[data-testid="history-entry"][data-change="opsState"]').filter({ hasText: name }).first().waitFor({ timeout: 10000 });
    assert.equal(await feed.evaluate(() => window.__noReload), true, 'Recent changes reloaded');
    assert.equal(await page.evaluate(() => window.__noReload), true, 'the detail page reloaded');
    console.log(`     (write by ${user}: in the timeline ${inTimeline} ms after its result showed (${detailLive}), on Recent changes (other tab) ${inFeed} ms (${feedLive}))`);
    await feed.screenshot({ path: path.join(artifacts, '20-recent-changes.png'), fullPage: true });

    // CSV export of the feed under its filters: fetched by the page (its credentials), saved as a Blob
    await feed.locator('[data-filter="user"] input').fill(user);
    await feed.locator('[data-filter="user"] input').press('Enter');
    await feed.locator('[data-testid="history-entry"]').filter({ hasNot: feed.locator('[data-testid="history-user"]') }).first().waitFor({ state: 'detached', timeout: 10000 });
    const [download] = await Promise.all([feed.waitForEvent('download'), feed.getByTestId('history-export').click()]);
    assert.match(download.suggestedFilename(), /^history-.*\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
    assert.match(csv[0], /^time,cluster,namespace,kind,name,/);
    assert.ok(csv.length > 1 && csv.slice(1).every((line) => line.includes(`,${user},`)), `CSV not filtered by user: ${csv.slice(0, 3).join(' | ')}`);
    assert.ok(csv.some((line) => line.includes(`,${name},`) && line.includes(',write,')), 'the write is not in the CSV');
    console.log(`     (CSV export: ${csv.length - 1} rows by ${user}, ${download.suggestedFilename()})`);
    await feed.close();
  });

  await check('switch to zh', async () => {
    await page.goto(`${sandbox.url}/gameservers`);
    await rows().first().waitFor();
    await page.locator('[data-testid="language-switch"]').click();
    await page.locator('.kubed-select-item-option[title="简体中文"]').click();
    await page.getByRole('link', { name: '游戏服', exact: true }).waitFor();
    await page.getByRole('button', { name: '清除筛选' }).waitFor();
    await shot('16-gameservers-zh');
    await page.getByRole('link', { name: '概览', exact: true }).click();
    await page.getByTestId('page-overview').waitFor();
    await shot('17-overview-zh');
  });

  await check('every page and dialog in en and zh: screenshots, nothing untranslated in zh, no 404, no favicon in the bundle', async () => {
    const walk = await walkLanguages({ page, base: sandbox.url, artifacts: path.join(artifacts, 'languages') });
    assert.deepEqual(walk.findings.map((f) => `[${f.lang}] ${f.text}`), [], 'untranslated strings');
    assert.deepEqual(walk.skipped, [], 'views that could not be opened');
    assert.deepEqual(walk.notFound, [], 'paths answered 404 (favicon?)');
    assert.deepEqual(bundleFaviconRefs(path.join(frontend, 'dist')), []);
  });

  assert.deepEqual(pageErrors, []);
} catch (err) {
  counts.failures += 1;
  console.log(`FAIL e2e setup\n     ${err?.stack ?? err}`);
} finally {
  await cleanup();
}

console.log(`${counts.failures ? 'FAILED' : 'passed'}: ${counts.passed} e2e scenarios, ${counts.failures} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(frontend, artifacts)}/`);
process.exit(counts.failures ? 1 : 0);
