// Starts the real backend on the real control plane: `go run ./backend/cmd/okg-sandbox --sandbox`
// from the repo root (etcd + kube-apiserver, the demo fleet, the console serving frontend/dist),
// in its own process group so that stop() ends it and everything it started.
import { answers200, freePort, startProcess } from './procs.mjs';

export { freePort };

/**
 * Resolves once /readyz answers 200 with { url, kubeconfig, readyAfterMs, log(), stop() }.
 * logFile receives the sandbox's output.
 */
export async function startSandbox({ repoRoot, staticDir, logFile, timeoutMs = 240_000 }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'okg-sandbox',
    cmd: 'go',
    args: ['run', './backend/cmd/okg-sandbox', '--sandbox', '--listen', `127.0.0.1:${port}`, '--static-dir', staticDir],
    cwd: repoRoot,
    logFile,
    ready: answers200(`${url}/readyz`),
    timeoutMs,
  });
  const m = /sandbox control plane ready.*kubeconfig=(\S+)/.exec(proc.log());
  if (!m) {
    await proc.stop();
    throw new Error(`no kubeconfig in the sandbox log:\n${proc.log().slice(-2000)}`);
  }
  return { url, kubeconfig: m[1], readyAfterMs: proc.readyAfterMs, log: proc.log, stop: proc.stop };
}
