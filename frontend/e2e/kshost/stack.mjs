// The three servers of the KubeSphere host test, started in order:
//   okg-sandbox --auth-mode kubesphere  the backend as the chart runs it (no allowedOrigins),
//                                        on a sandbox control plane with the demo fleet
//   okg-ks-standin                      the stand-in for ks-apiserver in front of it
//   @ks-console/server                  the real KubeSphere 4.1.1 console, talking to the stand-in
import fs from 'node:fs';
import path from 'node:path';
import { startHostServer } from './host.mjs';
import { answers200, freePort, logLine, startProcess } from './procs.mjs';

// KSHOST_BIN_DIR: run prebuilt okg-sandbox and okg-ks-standin from there instead of `go run`.
function goCommand(name) {
  const dir = process.env.KSHOST_BIN_DIR;
  return dir ? { cmd: path.join(dir, name), pre: [] } : { cmd: 'go', pre: ['run', `./backend/cmd/${name}`] };
}

export async function startStack({ repoRoot, bundle, artifacts, log = console.log }) {
  const stopped = [];
  const stopAll = async () => {
    for (const s of stopped.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const backendPort = await freePort();
    const backendURL = `http://127.0.0.1:${backendPort}`;
    const sandbox = await startProcess({
      name: 'okg-sandbox',
      cmd: goCommand('okg-sandbox').cmd,
      args: [...goCommand('okg-sandbox').pre, '--sandbox', '--auth-mode', 'kubesphere', '--listen', `127.0.0.1:${backendPort}`,
        '--static-dir', path.dirname(path.dirname(bundle))],
      cwd: repoRoot,
      logFile: path.join(artifacts, 'sandbox.log'),
      ready: async (out) => (await answers200(`${backendURL}/readyz`)()) && logLine(/sandbox control plane ready.*kubeconfig=(\S+)/)(out),
      timeoutMs: 300_000,
    });
    stopped.push(sandbox);
    log(`kshost: backend (kubesphere mode) ready at ${backendURL} after ${(sandbox.readyAfterMs / 1000).toFixed(1)} s`);

    const standinPort = await freePort();
    const standinURL = `http://127.0.0.1:${standinPort}`;
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

    const hostPort = await freePort();
    const runDir = path.join(artifacts, 'host-run');
    fs.mkdirSync(runDir, { recursive: true });
    const host = await startHostServer({ port: hostPort, apiServer: standinURL, runDir, logFile: path.join(artifacts, 'ks-console.log') });
    stopped.push(host);
    log(`kshost: KubeSphere 4.1.1 console at ${host.url}`);
    return { backendURL, standinURL, hostURL: host.url, kubeconfig: sandbox.ready[1], stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
