// End-to-end for the Logs and Terminal tabs: Debian chromium (playwright-core) against the
// sandbox with the real controllers and KWOK (`okg-sandbox --sandbox --real-okg`), whose
// emulated kubelet serves every pod's log from files (kwokio) and runs exec'd commands on
// this machine; logs and exec go through the real kube-apiserver's pod subresources.
//   npm run build && node e2e/logs.mjs
// E2E_BASE_URL + E2E_KUBECONFIG + E2E_CURRENT_LOG reuse a running `--real-okg` sandbox.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { kubeClient } from './kube.mjs';
import { startSandbox } from './sandbox.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repoRoot = path.resolve(frontend, '..');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const NS = 'game-staging';
const SERVER = 'arena-test-1';

let sandbox;
let browser;
let page;
let failures = 0;
let passed = 0;

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failures += 1;
    console.log(`FAIL ${name}\n     ${err?.stack ?? err}`);
    await page?.screenshot({ path: path.join(artifacts, `FAIL-logs-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
  }
}

/** A CRI log line, as the kubelet stores it (what KWOK reads). */
const criLine = (text) => `${new Date().toISOString()} stdout F ${text}\n`;

async function main() {
  const t0 = Date.now();
  if (process.env.E2E_BASE_URL) {
    sandbox = { url: process.env.E2E_BASE_URL, kubeconfig: process.env.E2E_KUBECONFIG, currentLog: process.env.E2E_CURRENT_LOG, stop: async () => undefined };
  } else {
    const s = await startSandbox({
      repoRoot,
      staticDir: path.join(frontend, 'dist'),
      logFile: path.join(artifacts, 'sandbox-logs.log'),
      args: ['--real-okg'],
      timeoutMs: 480_000,
    });
    const m = /currentLog=(\S+)/.exec(s.log());
    sandbox = { ...s, currentLog: m?.[1] };
    console.log(`sandbox with real controllers and KWOK ready after ${s.readyAfterMs} ms`);
  }
  assert.ok(sandbox.currentLog, 'the sandbox log names the current log file');
  const kube = kubeClient(sandbox.kubeconfig);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const detail = `${sandbox.url}/gameservers/${NS}/${SERVER}`;

  // The server crashed as the kubelet would report it: its container restarted.
  await waitFor(async () => (await kube.getPod(NS, SERVER)).status?.phase === 'Running', 180_000, `${SERVER} running`);
  const pod = await kube.getPod(NS, SERVER);
  const cs = pod.status.containerStatuses[0];
  await kube.patchPodStatus(NS, SERVER, {
    status: {
      containerStatuses: [
        { ...cs, restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: cs.state?.running?.startedAt, finishedAt: new Date().toISOString() } } },
      ],
    },
  });

  await check("a crashed server's detail page shows the previous container's log", async () => {
    await page.goto(detail);
    await page.waitForSelector('[data-testid="gs-containers"]', { timeout: 30000 });
    await page.locator('[data-testid="gs-pod"]').getByText('3', { exact: true }).first().waitFor({ timeout: 15000 });
    await page.reload(); // the pod's restart count is in the cache: the log view starts from it
    await page.locator('[data-testid="log-lines"]', { hasText: 'panic: map has no room for player 101' }).waitFor({ timeout: 15000 });
    assert.equal(await page.locator('[data-testid="logs-showing"]').getAttribute('data-previous'), 'true');
    assert.ok(await page.locator('[data-testid="logs-previous"]').isChecked(), 'the previous toggle is on');
    await page.locator('[data-testid="logs-search"]').fill('panic');
    assert.ok((await page.locator('[data-testid="log-lines"] mark').count()) >= 1, 'the search highlights');
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'logs-previous-en.png') });
  });

  await check('following the log shows a line written after the page opened', async () => {
    await page.locator('[data-testid="logs-search"]').fill('');
    await page.locator('[data-testid="logs-follow"]').click();
    await page.locator('[data-testid="logs-live"][data-state="live"]').waitFor({ timeout: 15000 });
    const marker = `player 42 joined the arena at ${Date.now()}`;
    fs.appendFileSync(sandbox.currentLog, criLine(marker));
    await page.locator('[data-testid="log-lines"]', { hasText: marker }).waitFor({ timeout: 15000 });
    assert.equal(await page.locator('[data-testid="logs-showing"]').getAttribute('data-previous'), 'false');
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'logs-follow-en.png') });
  });

  await check('a terminal session runs a command and its audit record names the user', async () => {
    await page.locator('[data-testid="tab-terminal"]').click();
    await page.locator('[data-testid="terminal-connect"]').click();
    await page.locator('[data-testid="terminal-state"][data-state="connected"]').waitFor({ timeout: 20000 });
    await page.locator('[data-testid="terminal-screen"] .xterm').click();
    await page.keyboard.type('echo e2e-$((6*7))\n');
    await page.locator('[data-testid="terminal-screen"] .xterm-rows', { hasText: 'e2e-42' }).waitFor({ timeout: 15000 });
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'terminal-en.png') });
    await page.keyboard.type('exit 7\n');
    await page.locator('[data-testid="terminal-exit"][data-reason="exit"]').waitFor({ timeout: 15000 });
    assert.match(await page.locator('[data-testid="terminal-exit"]').innerText(), /7/);
    const events = await waitFor(async () => {
      const list = await kube.listEvents(NS);
      const mine = list.items.filter((e) => e.involvedObject.name === SERVER && e.reason === 'TerminalClosed');
      return mine.length ? mine : undefined;
    }, 15000, 'a TerminalClosed audit Event');
    const user = events[0].metadata.annotations['okgconsole.kubesphere.io/user'];
    assert.ok(user, 'the audit Event names the user');
    assert.match(events[0].message, new RegExp(`^${user} closed the terminal in container game \\(/bin/sh\\).*exit 7`));
    console.log(`     audit: ${events[0].message}`);
  });

  await check('zh: the Logs and Terminal tabs', async () => {
    await page.evaluate(() => window.localStorage.setItem('okg-console.lang', 'zh'));
    await page.goto(detail);
    await page.locator('[data-testid="log-lines"]', { hasText: 'panic' }).waitFor({ timeout: 15000 });
    assert.equal(await page.locator('[data-testid="tab-logs"]').innerText(), '日志');
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'logs-zh.png') });
    await page.locator('[data-testid="tab-terminal"]').click();
    assert.equal(await page.locator('[data-testid="terminal-connect"]').innerText(), '连接');
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'terminal-zh.png') });
    await page.evaluate(() => window.localStorage.setItem('okg-console.lang', 'en'));
  });
  console.log(`${failures ? 'FAILED' : 'passed'}: ${passed} passed, ${failures} failed in ${Date.now() - t0} ms`);
}

async function waitFor(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

try {
  await main();
} catch (err) {
  failures += 1;
  console.error(err);
} finally {
  await browser?.close().catch(() => undefined);
  await sandbox?.stop?.();
}
process.exit(failures ? 1 : 0);
