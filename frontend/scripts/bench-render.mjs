// Time for the GameServers page to render 10,000 game servers in chromium: the built standalone
// app served locally, the API stubbed with a 10,000-item list paged server-side (as the backend
// pages it). Measured from navigation start to the first data rows in the DOM, per page size.
// Run `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { gameServer } from './fixtures.mjs';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const TOTAL = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1000;

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const sets = ['arena', 'minecraft', 'survival', 'battle'];
const states = ['Ready', 'Ready', 'Ready', 'NotReady', 'Crash', 'Updating'];
const opsStates = ['None', 'Allocated', 'Maintaining', 'WaitToBeDeleted'];
const all = Array.from({ length: TOTAL }, (_, i) => {
  const set = sets[i % sets.length];
  const id = Math.floor(i / sets.length);
  return gameServer(id, {
    name: `${set}-${id}`,
    gameServerSet: set,
    namespace: i % 2 ? 'game-prod' : 'game-staging',
    state: states[i % states.length],
    opsState: opsStates[i % opsStates.length],
    deletionPriority: i % 10,
  });
});

/** The list contract's paging (and a couple of sort keys) over the 10,000 items. */
function listPage(search) {
  const p = new URLSearchParams(search);
  const limit = Math.min(1000, Number(p.get('limit') ?? 50));
  const page = Math.max(1, Number(p.get('page') ?? 1));
  let items = all;
  const sortBy = p.get('sortBy');
  if (sortBy === 'name') items = [...all].sort((a, b) => a.name.localeCompare(b.name));
  if (p.get('ascending') === 'false') items = [...items].reverse();
  return { items: items.slice((page - 1) * limit, page * limit), totalItems: TOTAL };
}

const server = await serve({ root: dist });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

async function measure(limit) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.route(/\/kapis\//, async (route) => {
    const u = new URL(route.request().url());
    const body = /\/gameservers$/.test(u.pathname) ? listPage(u.search) : { kind: 'Status', status: 'Failure', code: 404, message: 'stub' };
    await route.fulfill({ status: body.kind ? 404 : 200, contentType: 'application/json', body: JSON.stringify(body) });
  });
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const rows = document.querySelectorAll('[data-testid="gameservers"] tbody tr [data-col="name"]');
      if (rows.length > 0) {
        window.__firstRows = { ms: performance.now(), rows: document.querySelectorAll('[data-testid="gameservers"] tbody tr').length };
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}/gameservers?limit=${limit}`);
  const first = await page.waitForFunction(() => window.__firstRows, null, { timeout: 30000 }).then((h) => h.jsonValue());
  const phases = await page.evaluate(() => {
    const res = performance.getEntriesByType('resource');
    const script = res.find((e) => /\/assets\/.*\.js$/.test(e.name));
    const list = res.find((e) => /\/gameservers\?/.test(e.name));
    return { scriptLoaded: script?.responseEnd ?? 0, listRequested: list?.startTime ?? 0, listAnswered: list?.responseEnd ?? 0 };
  });
  Object.assign(first, phases);
  const total = await page.getByText(`Total ${TOTAL}`).count();
  await context.close();
  if (!total) throw new Error('the page does not show the 10,000 total');
  return first;
}

let worst = 0;
try {
  await measure(20); // warm the OS file cache and chromium
  for (const limit of [20, 100]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(limit));
    runs.sort((a, b) => a.ms - b.ms);
    const times = runs.map((r) => r.ms);
    const rows = runs[0].rows;
    const mid = runs[Math.floor(runs.length / 2)];
    const median = mid.ms;
    worst = Math.max(worst, median);
    console.log(
      `GameServers page, ${TOTAL.toLocaleString('en')} servers, ${limit} per page (${rows} rows): navigation → first rows ` +
        `median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}, ${RUNS} runs)\n` +
        `  median run: script loaded ${mid.scriptLoaded.toFixed(0)} ms, list requested ${mid.listRequested.toFixed(0)} ms, ` +
        `answered ${mid.listAnswered.toFixed(0)} ms, rows in the DOM ${mid.ms.toFixed(0)} ms`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
const load = (await import('node:os')).loadavg()[0];
console.log(`${worst <= TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target (1-minute load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
// a benchmark reports; BENCH_STRICT=1 makes missing the target fail
process.exit(process.env.BENCH_STRICT === '1' && worst > TARGET_MS ? 1 : 0);
