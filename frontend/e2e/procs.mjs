// Processes of the e2e tests: each in its own process group so that stop() ends it and
// whatever it started (go run's child, the sandbox's etcd and kube-apiserver).
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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts cmd args in cwd with its output in logFile and waits until ready() (polled) returns
 * a truthy value, which start resolves with as `ready`. Resolves { ready, log(), stop() }.
 */
export async function startProcess({ name, cmd, args, cwd, env, logFile, ready, timeoutMs }) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', out, out] });
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
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
      if (exited) throw new Error(`${name} exited (${JSON.stringify(exited)}) before it was ready:\n${log().slice(-3000)}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${log().slice(-3000)}`);
      const r = await ready(log).catch(() => undefined);
      if (r) return { ready: r, readyAfterMs: Date.now() - t0, log, stop };
      await sleep(300);
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A ready() that waits for url to answer 200. */
export const answers200 = (url) => async () => (await fetch(url)).status === 200;

/** A ready() that waits for a log line matching re and returns its match. */
export const logLine = (re) => async (log) => re.exec(log());
