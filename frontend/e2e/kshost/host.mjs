// The KubeSphere 4.1.1 web console (the host shell), built from its npm packages outside the
// repository and cached: install with yarn 1 from ../shared/fixtures/ks-console-host/package.json,
// build with @ks-console/bootstrap's production webpack config, serve with @ks-console/server.
// Nothing of it is committed; the cache lives in ${OKG_CONSOLE_CACHE_DIR:-~/.cache/okg-console}.
//   node e2e/kshost/host.mjs     installs and builds (seconds when the cache is current)
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

// Bump when the build recipe below changes, so cached builds are redone.
const RECIPE = 'webpack.prod, minimize off, no ForkTsChecker/WebpackBar, fs cache, stub dll v1';

/** Where the fixture lives: $KS_HOST_FIXTURE, else ../shared beside the checkout (CI's layout). */
export function fixtureDir() {
  const dir = process.env.KS_HOST_FIXTURE || path.resolve(repoRoot, '..', 'shared', 'fixtures', 'ks-console-host');
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    throw new Error(`the ks-console host fixture is missing at ${dir} (set KS_HOST_FIXTURE)`);
  }
  return dir;
}

export function cacheRoot() {
  if (process.env.OKG_CONSOLE_CACHE_DIR) return process.env.OKG_CONSOLE_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'okg-console');
}

export function hostDir() {
  return path.join(cacheRoot(), 'ks-host-4.1.1');
}

const sha = (...parts) => crypto.createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
const readStamp = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '');

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

/** yarn 1 from PATH, else through npx (which caches it in ~/.npm). */
function yarnCommand() {
  try {
    execFileSync('yarn', ['--version'], { stdio: 'ignore' });
    return ['yarn', []];
  } catch {
    return ['npx', ['-y', 'yarn@1']];
  }
}

/** Installs the host's dependencies when the fixture's package.json changed. */
export async function ensureInstalled(log = console.log) {
  const fixture = fixtureDir();
  const dir = hostDir();
  fs.mkdirSync(dir, { recursive: true });
  const pkg = fs.readFileSync(path.join(fixture, 'package.json'), 'utf8');
  const want = sha(pkg);
  const stamp = path.join(dir, '.installed');
  if (readStamp(stamp) === want && fs.existsSync(path.join(dir, 'node_modules', '@ks-console', 'server', 'server.js'))) {
    return { dir, installed: false, ms: 0 };
  }
  const t0 = Date.now();
  log(`kshost: installing the KubeSphere 4.1.1 console's packages into ${dir} (yarn 1)`);
  fs.writeFileSync(path.join(dir, 'package.json'), pkg);
  const [yarn, pre] = yarnCommand();
  await run(yarn, [...pre, 'install', '--non-interactive', '--no-progress', '--ignore-engines', '--network-timeout', '600000'], {
    cwd: dir,
  });
  fs.writeFileSync(stamp, want);
  fs.rmSync(path.join(dir, '.built'), { force: true });
  return { dir, installed: true, ms: Date.now() - t0 };
}

/** Builds the host into <hostDir>/dist unless the cached build is current. */
export async function ensureBuilt(log = console.log) {
  const fixture = fixtureDir();
  const dir = hostDir();
  const tsconfig = fs.readFileSync(path.join(fixture, 'tsconfig.json'), 'utf8');
  const want = sha(readStamp(path.join(dir, '.installed')), tsconfig, RECIPE);
  const stamp = path.join(dir, '.built');
  if (readStamp(stamp) === want && fs.existsSync(path.join(dir, 'dist', 'manifest.json'))) {
    return { dir, built: false, ms: 0 };
  }
  const t0 = Date.now();
  log('kshost: building the host with @ks-console/bootstrap webpack.prod.conf (about 2 minutes cold)');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig);
  // The build runs in a child so that process.cwd() (bootstrap resolves every path against it)
  // and NODE_ENV are the host's, not ours.
  await run(process.execPath, [path.join(here, 'webpack-build.mjs')], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', KS_HOST_TSCONFIG: path.join(dir, 'tsconfig.json') },
  });
  // The page loads /dist/dll/<manifest['common.js']> before the app; the DLL build is not
  // needed with no DllReferencePlugin, so a stub chunk stands in for it.
  fs.mkdirSync(path.join(dir, 'dist', 'dll'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist', 'dll', 'common.stub.js'), '/* no DLL: every module is in vendor/main */\n');
  fs.writeFileSync(path.join(dir, 'dist', 'dll', 'manifest.json'), JSON.stringify({ 'common.js': 'common.stub.js' }));
  fs.writeFileSync(stamp, want);
  return { dir, built: true, ms: Date.now() - t0 };
}

/** Install + build, timed. */
export async function prepareHost(log = console.log) {
  const inst = await ensureInstalled(log);
  const build = await ensureBuilt(log);
  return { dir: build.dir, installMs: inst.ms, buildMs: build.ms };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts @ks-console/server (NODE_ENV=production) on port, talking to the ks-apiserver at
 * apiServer. It reads configs/local_config.yaml and dist/ from its working directory, so each
 * run gets a directory of its own (runDir) with the fixture's config pointed at apiServer and a
 * link to the cached build.
 */
export async function startHostServer({ port, apiServer, runDir, logFile, timeoutMs = 30_000 }) {
  const dir = hostDir();
  const fixtureConfig = fs.readFileSync(path.join(fixtureDir(), 'local_config.yaml'), 'utf8');
  const api = new URL(apiServer);
  const config = fixtureConfig
    .replace(/port: \d+/, `port: ${port}`)
    .replace(/url: http:\/\/[^\s]+/, `url: http://${api.host}`)
    .replace(/wsUrl: ws:\/\/[^\s]+/, `wsUrl: ws://${api.host}`);
  if (!config.includes(`url: http://${api.host}`) || !config.includes(`port: ${port}`)) {
    throw new Error(`kshost: could not point the fixture's local_config.yaml at ${apiServer}:\n${fixtureConfig}`);
  }
  fs.mkdirSync(path.join(runDir, 'configs'), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'configs', 'local_config.yaml'), config);
  fs.rmSync(path.join(runDir, 'dist'), { force: true, recursive: true });
  fs.symlinkSync(path.join(dir, 'dist'), path.join(runDir, 'dist'));

  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [path.join(dir, 'node_modules', '@ks-console', 'server', 'server.js')], {
    cwd: runDir,
    env: { ...process.env, NODE_ENV: 'production', NODE_PATH: path.join(dir, 'node_modules') },
    detached: true,
    stdio: ['ignore', out, out],
  });
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) process.kill(-child.pid, 'SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`ks-console server exited ${JSON.stringify(exited)}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`ks-console server not listening after ${timeoutMs} ms`);
    }
    try {
      const res = await fetch(`${url}/login`, { redirect: 'manual' });
      if (res.status > 0) break;
    } catch {
      /* not yet */
    }
    await sleep(300);
  }
  return { url, stop };
}

/** Resolves modules from the host's node_modules (for the icon-name checks, for example). */
export function hostRequire() {
  return createRequire(path.join(hostDir(), 'package.json'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const r = await prepareHost();
  console.log(
    `kshost: host ready in ${r.dir} (install ${(r.installMs / 1000).toFixed(1)} s, build ${(r.buildMs / 1000).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
