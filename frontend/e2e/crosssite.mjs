// Cross-site requests in a real browser: a page served from another origin tries to
// change game servers through each auth mode's console — a text/plain fetch, an HTML
// form POST, and a websocket stream — and every attempt must be refused with nothing
// changed in the API server.
//   npm run build && npm run test:crosssite
// Starts the sandbox (kubeconfig mode, the console `make run` starts) and two more
// consoles on the same control plane in token and kubesphere mode, plus the "attacker"
// page on http://localhost:<port> (another site than http://127.0.0.1:<port>).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { kubeClient } from './kube.mjs';
import { answers200, freePort, startProcess, sleep } from './procs.mjs';
import { freshHistoryDir, startSandbox } from './sandbox.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repoRoot = path.resolve(frontend, '..');
const artifacts = path.join(here, 'artifacts', 'crosssite');
fs.mkdirSync(artifacts, { recursive: true });
const API = '/kapis/okgconsole.kubesphere.io/v1alpha1';
const NS = 'game-prod';

const children = [];
let sandbox;
let browser;
let attacker;
async function cleanup() {
  await browser?.close().catch(() => undefined);
  attacker?.close();
  for (const c of children) await c.stop();
  await sandbox?.stop?.();
}

/** Starts `okg-console serve` in mode against the sandbox's cluster; resolves with the process. */
async function startConsole(bin, kubeconfig, mode) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const history = freshHistoryDir();
  let proc;
  try {
    proc = await startProcess({
      name: `${mode} console`,
      cmd: bin,
      args: ['serve', '--kubeconfig', kubeconfig, '--auth-mode', mode, '--listen', `127.0.0.1:${port}`, '--static-dir', path.join(frontend, 'dist')],
      env: history.env,
      logFile: path.join(artifacts, `console-${mode}.log`),
      ready: answers200(`${url}/readyz`),
      timeoutMs: 60_000,
    });
  } catch (err) {
    history.remove();
    throw err;
  }
  children.push({ stop: async () => {
    await proc.stop();
    history.remove();
  } });
  return url;
}

/** The attacker's page: it knows the console's address and, for token mode, even a token. */
function attackerPage() {
  return `<!doctype html><html><body><h1>Free skins!</h1><iframe name="sink"></iframe><script>
  window.attack = async (target, token) => {
    const ops = target + '${API}/namespaces/${NS}/gameserveroperations';
    const body = JSON.stringify({ targets: { names: ['minecraft-0'] }, operation: { type: 'opsState', opsState: 'Maintaining' } });
    const results = {};
    try {
      await fetch(ops, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body });
      results.fetch = 'sent';
    } catch (e) { results.fetch = 'blocked: ' + e.message; }
    try {
      await fetch(ops, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) }, body });
      results.jsonFetch = 'answered';
    } catch (e) { results.jsonFetch = 'blocked: ' + e.message; }
    const form = document.createElement('form');
    form.method = 'POST'; form.action = ops; form.target = 'sink'; form.enctype = 'text/plain';
    const input = document.createElement('input'); input.name = body.slice(0, -2) + ', "x": "'; input.value = '"}';
    form.appendChild(input); document.body.appendChild(form); form.submit();
    results.form = 'submitted';
    results.ws = await new Promise((resolve) => {
      const protocols = ['okgconsole.v1'];
      if (token) protocols.push('base64url.bearer.authorization.k8s.io.' + btoa(token).replace(/=+$/, '').replace(/\\+/g, '-').replace(/\\//g, '_'));
      const ws = new WebSocket(target.replace('http', 'ws') + '${API}/namespaces/${NS}/gameservers?watch=true', protocols);
      let got = 0;
      ws.onmessage = () => { got++; };
      ws.onopen = () => setTimeout(() => resolve('OPEN, ' + got + ' messages'), 500);
      ws.onerror = () => resolve('refused');
    });
    return results;
  };
</script></body></html>`;
}

let failures = 0;
let passed = 0;
try {
  const bin = path.join(repoRoot, 'bin', 'okg-console-e2e');
  execFileSync('go', ['build', '-o', bin, './backend/cmd/okg-console'], { cwd: repoRoot, stdio: 'inherit' });
  sandbox = await startSandbox({ repoRoot, staticDir: path.join(frontend, 'dist'), logFile: path.join(artifacts, 'sandbox.log') });
  const kube = kubeClient(sandbox.kubeconfig);
  const token = /^\s*token:\s*(\S+)\s*$/m.exec(fs.readFileSync(sandbox.kubeconfig, 'utf8'))[1];
  const consoles = {
    kubeconfig: sandbox.url,
    token: await startConsole(bin, sandbox.kubeconfig, 'token'),
    kubesphere: await startConsole(bin, sandbox.kubeconfig, 'kubesphere'),
  };
  const attackerPort = await freePort();
  attacker = http.createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(attackerPage()));
  await new Promise((r) => attacker.listen(attackerPort, '127.0.0.1', r));
  const evil = `http://localhost:${attackerPort}`;

  const versions = async () => {
    const list = await kube.listGameServers(NS);
    return Object.fromEntries(list.items.map((g) => [g.metadata.name, `${g.metadata.resourceVersion}/${g.spec.opsState ?? 'None'}`]));
  };
  const before = await versions();
  assert.ok(Object.keys(before).length > 0, `no game servers in ${NS}`);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  for (const [mode, target] of Object.entries(consoles)) {
    const page = await browser.newPage();
    const seen = [];
    page.on('response', (r) => {
      if (r.url().startsWith(target)) seen.push(`${r.request().method()} ${new URL(r.url()).pathname.replace(API, '')} ${r.status()}`);
    });
    try {
      await page.goto(evil);
      const results = await page.evaluate(([t, tok]) => window.attack(t, tok), [target, mode === 'token' ? token : '']);
      await sleep(1000); // the form's navigation
      await page.screenshot({ path: path.join(artifacts, `${mode}.png`) });
      // Every request that reached the console was refused (403 cross-site, 415 text/plain);
      // the JSON fetch needs a preflight, which the console never grants.
      const writes = seen.filter((s) => s.startsWith('POST'));
      assert.ok(writes.length >= 1, `no write reached the ${mode} console: ${JSON.stringify(seen)}`);
      for (const s of seen) assert.match(s, / (403|415|404)$/, `${mode}: ${s} was not refused`);
      assert.equal(results.ws, 'refused', `${mode}: websocket ${results.ws}`);
      assert.match(results.jsonFetch, /^blocked/, `${mode}: a JSON fetch was answered`);
      console.log(`ok   ${mode}: ${JSON.stringify(results)}; at the console: ${seen.join(', ')}`);
      passed += 1;
    } catch (err) {
      failures += 1;
      console.log(`FAIL ${mode}\n     ${err?.stack ?? err}`);
    } finally {
      await page.close();
    }
  }
  // The same console's own page still writes (same origin): the guard does not break it.
  const own = await browser.newPage();
  await own.goto(`${consoles.kubeconfig}/gameservers`);
  const status = await own.evaluate(async (ns) => {
    const r = await fetch(`/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/${ns}/gameserveroperations?dryRun=true`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ targets: { names: ['minecraft-0'] }, operation: { type: 'opsState', opsState: 'Maintaining' } }) });
    return r.status;
  }, NS);
  if (status === 200) {
    passed += 1;
    console.log('ok   the console\'s own page still previews a change (200)');
  } else {
    failures += 1;
    console.log(`FAIL the console's own page got ${status}`);
  }
  const after = await versions();
  try {
    assert.deepEqual(after, before, 'a game server changed');
    passed += 1;
    console.log('ok   nothing changed in the API server');
  } catch (err) {
    failures += 1;
    console.log(`FAIL ${err.message}`);
  }
} catch (err) {
  failures += 1;
  console.log(`FAIL cross-site setup\n     ${err?.stack ?? err}`);
} finally {
  await cleanup();
}
console.log(`${failures ? 'FAILED' : 'passed'}: ${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
