// Starts the real backend on the real control plane: `go run ./backend/cmd/okg-sandbox --sandbox`
// from the repo root (etcd + kube-apiserver, the demo fleet, the console serving frontend/dist),
// in its own process group so that stop() ends it and everything it started.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once /readyz answers 200 with { url, kubeconfig, log(), stop() }.
 * logFile receives the sandbox's output.
 */
export async function startSandbox({ repoRoot, staticDir, logFile, timeoutMs = 240_000 }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    'go',
    ['run', './backend/cmd/okg-sandbox', '--sandbox', '--listen', `127.0.0.1:${port}`, '--static-dir', staticDir],
    { cwd: repoRoot, detached: true, stdio: ['ignore', out, out] },
  );
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const log = () => fs.readFileSync(logFile, 'utf8');

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 100 && !exited; i++) await sleep(100);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };

  const t0 = Date.now();
  try {
    for (;;) {
      if (exited) throw new Error(`okg-sandbox exited (${JSON.stringify(exited)}) before it was ready:\n${log().slice(-3000)}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`okg-sandbox not ready after ${timeoutMs / 1000} s:\n${log().slice(-3000)}`);
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.status === 200) break;
      } catch {
        /* not listening yet */
      }
      await sleep(500);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const m = /sandbox control plane ready.*kubeconfig=(\S+)/.exec(log());
  if (!m) {
    await stop();
    throw new Error(`no kubeconfig in the sandbox log:\n${log().slice(-2000)}`);
  }
  return { url, kubeconfig: m[1], readyAfterMs: Date.now() - t0, log, stop };
}
