// The three servers of the KubeSphere host test, started in order:
//   okg-sandbox --auth-mode kubesphere  the backend as the chart runs it (no allowedOrigins),
//                                        on a sandbox control plane with the demo fleet
//   okg-ks-standin                      the stand-in for ks-apiserver in front of it
//   @ks-console/server                  the real KubeSphere 4.1.1 console, talking to the stand-in
import fs from 'node:fs';
import path from 'node:path';
import { startHostServer } from './host.mjs';
import { handshake } from './browser.mjs';
import { answers200, freePort, logLine, startProcess } from '../procs.mjs';
import { freshHistoryDir } from '../sandbox.mjs';

// KSHOST_BIN_DIR: run prebuilt okg-sandbox and okg-ks-standin from there instead of `go run`.
function goCommand(name) {
  const dir = process.env.KSHOST_BIN_DIR;
  return dir ? { cmd: path.join(dir, name), pre: [] } : { cmd: 'go', pre: ['run', `./backend/cmd/${name}`] };
}

/**
 * allowHostOrigin (diagnostics only, not the chart's defaults): the backend also gets
 * --allowed-origins with the host's URL, as an operator would set backend.allowedOrigins.
 */
export async function startStack({ repoRoot, bundle, artifacts, allowHostOrigin = false, log = console.log }) {
  const stopped = [];
  const stopAll = async () => {
    for (const s of stopped.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const hostPort = await freePort();
    const backendPort = await freePort();
    const extra = allowHostOrigin ? ['--allowed-origins', `http://127.0.0.1:${hostPort}`] : [];
    const backendURL = `http://127.0.0.1:${backendPort}`;
    const standinPort = await freePort();
    const standinURL = `http://127.0.0.1:${standinPort}`;
    // a fresh history: removed after the backend stops (stopAll runs in reverse order)
    const history = freshHistoryDir();
    stopped.push({ stop: async () => history.remove() });
    const sandbox = await startProcess({
      name: 'okg-sandbox',
      cmd: goCommand('okg-sandbox').cmd,
      // the chart passes KubeSphere's name of the cluster (the stand-in's is "host"): the all-clusters
      // page names and links the cluster by it; and, as the chart does, ks-apiserver's URL, where
      // the all-clusters views ask which clusters the user may see (the stand-in's tenant API)
      args: [...goCommand('okg-sandbox').pre, '--sandbox', '--auth-mode', 'kubesphere', '--cluster-name', 'host', '--listen', `127.0.0.1:${backendPort}`,
        '--ks-apiserver-url', standinURL,
        '--static-dir', path.join(repoRoot, 'frontend', 'dist'), ...extra],
      cwd: repoRoot,
      env: history.env,
      logFile: path.join(artifacts, 'sandbox.log'),
      ready: async (out) => (await answers200(`${backendURL}/readyz`)()) && logLine(/sandbox control plane ready.*kubeconfig=(\S+)/)(out),
      timeoutMs: 300_000,
    });
    stopped.push(sandbox);
    log(`kshost: backend (kubesphere mode) ready at ${backendURL} after ${(sandbox.readyAfterMs / 1000).toFixed(1)} s`);

    const standin = await startProcess({
      name: 'okg-ks-standin',
      cmd: goCommand('okg-ks-standin').cmd,
      args: [...goCommand('okg-ks-standin').pre, '--listen', `127.0.0.1:${standinPort}`, '--backend', backendURL,
        '--bundle', bundle, '--root', repoRoot],
      cwd: repoRoot,
      logFile: path.join(artifacts, 'standin.log'),
      ready: logLine(/ks-apiserver stand-in ready/),
      timeoutMs: 180_000,
    });
    stopped.push(standin);
    log(`kshost: ks-apiserver stand-in ready at ${standinURL}`);

    const runDir = path.join(artifacts, 'host-run');
    fs.mkdirSync(runDir, { recursive: true });
    const host = await startHostServer({ port: hostPort, apiServer: standinURL, runDir, logFile: path.join(artifacts, 'ks-console.log') });
    stopped.push(host);
    log(`kshost: KubeSphere 4.1.1 console at ${host.url}`);
    // ks-console's server registers its proxyReqWs listener (which adds Authorization from the
    // token cookie) only after handing the first upgrade to http-proxy, so the first websocket
    // after it starts reaches ks-apiserver without a token and is refused as anonymous. One
    // handshake here takes that first upgrade, so that the scenarios see the host as it runs.
    const first = await handshake(`${host.url}/clusters/host/kapis/okgconsole.kubesphere.io/v1alpha1/overview?watch=true`, {
      Cookie: 'token=none',
    }).catch((err) => ({ status: 0, body: String(err) }));
    log(`kshost: the host's first websocket upgrade: ${first.status} ${first.body.slice(0, 160)}`);
    return { backendURL, standinURL, hostURL: host.url, kubeconfig: sandbox.ready[1], stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
