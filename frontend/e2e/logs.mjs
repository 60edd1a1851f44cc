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
import { execFileSync } from 'node:child_process';
import { kubeClient } from './kube.mjs';
import { answers200, freePort, startProcess } from './procs.mjs';
import { freshHistoryDir, startSandbox } from './sandbox.mjs';
import { checkRunner } from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repoRoot = path.resolve(frontend, '..');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const NS = 'game-staging';
const SERVER = 'arena-test-1';

let sandbox;
let browser;
let tokenConsole;
let page;
const { check, counts } = checkRunner({ artifacts, prefix: 'logs-', page: () => page });


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
      // this session's record: the one that ended with exit 7 (a reused sandbox holds earlier ones)
      const mine = list.items.filter((e) => e.involvedObject.name === SERVER && e.reason === 'TerminalClosed' && e.message.includes('exit 7'));
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
  // Token mode: each user's own rights decide. Alice may exec, Bob may only read.
  tokenConsole = await startTokenConsole(sandbox.kubeconfig);
  const tokens = tokensOf(sandbox.kubeconfig);
  const read = [
    { apiGroups: ['game.kruise.io'], resources: ['gameservers', 'gameserversets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  ];
  await kube.grant(NS, 'alice', [...read, { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] }]);
  await kube.grant(NS, 'bob', read);
  const asUser = async (user) => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, extraHTTPHeaders: { Authorization: `Bearer ${tokens[user]}` } });
    return ctx.newPage();
  };

  await check('token mode: a user without exec rights gets a clear refusal', async () => {
    page = await asUser('bob');
    await page.goto(`${tokenConsole.url}/gameservers/${NS}/${SERVER}`);
    await page.locator('[data-testid="log-lines"]', { hasText: 'panic' }).waitFor({ timeout: 20000 });
    await page.locator('[data-testid="tab-terminal"]').click();
    await page.locator('[data-testid="terminal-connect"]').click();
    const refused = page.locator('[data-testid="terminal-refused"]');
    await refused.waitFor({ timeout: 15000 });
    const text = await refused.innerText();
    assert.match(text, /You may not open a terminal here/);
    assert.match(text, /bob cannot create pods\/exec in namespace game-staging/);
    assert.equal(await page.locator('[data-testid="terminal-state"]').getAttribute('data-state'), 'idle');
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'terminal-refused-en.png') });
    await page.evaluate(() => window.localStorage.setItem('okg-console.lang', 'zh'));
    await page.reload();
    await page.locator('[data-testid="tab-terminal"]').click();
    await page.locator('[data-testid="terminal-connect"]').click();
    await refused.waitFor({ timeout: 15000 });
    assert.match(await refused.innerText(), /您无权在此打开终端/);
    await page.locator('[data-testid="gs-containers"]').screenshot({ path: path.join(artifacts, 'terminal-refused-zh.png') });
  });

  await check("token mode: alice's terminal session is audited with her name", async () => {
    page = await asUser('alice');
    await page.goto(`${tokenConsole.url}/gameservers/${NS}/${SERVER}`);
    await page.locator('[data-testid="tab-terminal"]').click();
    await page.locator('[data-testid="terminal-connect"]').click();
    await page.locator('[data-testid="terminal-state"][data-state="connected"]').waitFor({ timeout: 20000 });
    await page.locator('[data-testid="terminal-screen"] .xterm').click();
    await page.keyboard.type('echo alice-$((2+3))\n');
    await page.locator('[data-testid="terminal-screen"] .xterm-rows', { hasText: 'alice-5' }).waitFor({ timeout: 15000 });
    await page.locator('[data-testid="terminal-disconnect"]').click();
    await page.locator('[data-testid="terminal-state"][data-state="closed"]').waitFor({ timeout: 15000 });
    const events = await waitFor(async () => {
      const list = await kube.listEvents(NS);
      const mine = list.items.filter((e) => e.reason === 'TerminalClosed' && e.metadata.annotations?.['okgconsole.kubesphere.io/user'] === 'alice');
      return mine.length ? mine : undefined;
    }, 15000, "alice's TerminalClosed audit Event");
    assert.match(events[0].message, /^alice closed the terminal in container game/);
    console.log(`     audit: ${events[0].message}`);
  });
  console.log(`${counts.failures ? 'FAILED' : 'passed'}: ${counts.passed} passed, ${counts.failures} failed in ${Date.now() - t0} ms`);
}

/** The token users of the sandbox's control plane (testenv's tokens.csv beside the kubeconfig). */
function tokensOf(kubeconfig) {
  const csv = fs.readFileSync(path.join(path.dirname(kubeconfig), 'tokens.csv'), 'utf8');
  return Object.fromEntries(csv.trim().split('\n').map((l) => l.split(',')).map(([token, user]) => [user, token]));
}

/** A second console on the sandbox's control plane in token mode (the caller's bearer token decides). */
async function startTokenConsole(kubeconfig) {
  const bin = path.join(repoRoot, 'bin', 'okg-console-e2e');
  execFileSync('go', ['build', '-o', bin, './backend/cmd/okg-console'], { cwd: repoRoot, stdio: 'inherit' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const history = freshHistoryDir();
  const proc = await startProcess({
    name: 'token console',
    cmd: bin,
    args: ['serve', '--kubeconfig', kubeconfig, '--auth-mode', 'token', '--listen', `127.0.0.1:${port}`, '--static-dir', path.join(frontend, 'dist')],
    env: history.env,
    logFile: path.join(artifacts, 'console-token-logs.log'),
    ready: answers200(`${url}/readyz`),
    timeoutMs: 60_000,
  });
  return { url, stop: async () => (await proc.stop(), history.remove()) };
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
  counts.failures += 1;
  console.error(err);
} finally {
  await browser?.close().catch(() => undefined);
  await tokenConsole?.stop();
  await sandbox?.stop?.();
}
process.exit(counts.failures ? 1 : 0);
