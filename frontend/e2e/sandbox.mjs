// Starts the real backend on the real control plane: `go run ./backend/cmd/okg-sandbox --sandbox`
// from the repo root (etcd + kube-apiserver, the demo fleet, the console serving frontend/dist),
// in its own process group so that stop() ends it and everything it started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answers200, freePort, startProcess } from './procs.mjs';

export { freePort };

/**
 * A fresh, empty directory for a console's history (OKG_CONSOLE_HISTORY_DIR): without it every
 * console records into ~/.local/state/okg-console and shows an earlier run's entries.
 * Resolves { dir, env, remove() }; env is process.env with the directory set.
 */
export function freshHistoryDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okg-e2e-history-'));
  return { dir, env: { ...process.env, OKG_CONSOLE_HISTORY_DIR: dir }, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Resolves once /readyz answers 200 with { url, kubeconfig, readyAfterMs, log(), stop() }.
 * logFile receives the sandbox's output.
 */
export async function startSandbox({ repoRoot, staticDir, logFile, timeoutMs = 240_000, args = [], extraArgs = [], extraEnv = {} }) {
  const port = await freePort();
  const history = freshHistoryDir();
  const removeHistory = history.remove;
  const url = `http://127.0.0.1:${port}`;
  let proc;
  try {
    proc = await startProcess({
      name: 'okg-sandbox',
      cmd: 'go',
      args: ['run', './backend/cmd/okg-sandbox', '--sandbox', '--listen', `127.0.0.1:${port}`, '--static-dir', staticDir, ...args, ...extraArgs],
      cwd: repoRoot,
      env: { ...history.env, ...extraEnv },
      logFile,
      ready: answers200(`${url}/readyz`),
      timeoutMs,
    });
  } catch (err) {
    removeHistory();
    throw err;
  }
  const stop = async () => {
    await proc.stop();
    removeHistory();
  };
  const m = /sandbox control plane ready.*kubeconfig=(\S+)/.exec(proc.log());
  if (!m) {
    await stop();
    throw new Error(`no kubeconfig in the sandbox log:\n${proc.log().slice(-2000)}`);
  }
  return { url, kubeconfig: m[1], readyAfterMs: proc.readyAfterMs, log: proc.log, stop, historyDir: history.dir };
}
