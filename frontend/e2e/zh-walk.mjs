// Walks every page of the standalone console (and the dialogs opened from them) in English and in
// Chinese, takes a screenshot of each in both languages, and in Chinese collects every visible text
// node and input placeholder that is not translated. Used by run.mjs; fails on any finding.
//
// What counts as translated (the rule of src/utils/enums.ts):
// - text with Chinese characters (a label may carry the raw OKG value beside it: "维护中 (Maintaining)");
// - data of the cluster: names, namespaces, images, nodes, IPs, labels, container names, ids —
//   collected from the console's own API, so nothing here lists them by hand;
// - numbers, quantities, punctuation;
// - monospace raw API text (pre, code: YAML, before → after of a preview) and cells marked
//   data-raw (event and condition messages as the cluster wrote them);
// - the few words ALLOWED below, which are product and format names in both languages.
// A message key shown instead of a message (OKG_...) is a finding in both languages.
import fs from 'node:fs';
import path from 'node:path';

/** Words that stay as they are in Chinese: product, format and unit names. */
const ALLOWED = ['OpenKruiseGame', 'OKG', 'YAML', 'KEDA', 'CPU', 'HPA', 'ID', 'IP'];

/** Syntax examples shown as placeholders (what the user types is the same in every language). */
const EXAMPLES = ['app=game,tier!=test', 'registry/game:1.2.3', 'host:port'];

const API = '/kapis/okgconsole.kubesphere.io/v1alpha1';

/** Every name-like value the API at `api` reports (the fleet's own data), longest first. */
export async function dataTokens(page, api = API) {
  return page.evaluate(async (api) => {
    const tokens = new Set();
    const add = (v) => {
      if (typeof v === 'string' && v.trim()) tokens.add(v.trim());
      else if (typeof v === 'number') tokens.add(String(v));
    };
    const fetchAll = async (resource) => {
      const items = [];
      for (let p = 1; p < 100; p += 1) {
        const r = await fetch(`${api}/${resource}?limit=1000&page=${p}`);
        if (!r.ok) throw new Error(`${resource}: HTTP ${r.status}`);
        const body = await r.json();
        items.push(...(body.items ?? []));
        if (items.length >= body.totalItems || !body.items?.length) break;
      }
      return items;
    };
    for (const gs of await fetchAll('gameservers')) {
      [gs.name, gs.namespace, gs.gameServerSet, gs.project, gs.pod?.node, gs.pod?.podIP, gs.pod?.hostIP, gs.opsStateFromProbe].forEach(add);
      for (const im of gs.images ?? []) [im.container, im.image].forEach(add);
      for (const [k, v] of Object.entries(gs.labels ?? {})) [k, v, `${k}=${v}`].forEach(add);
      for (const q of gs.serviceQualities ?? []) add(q.name);
      for (const a of [...(gs.network?.externalAddresses ?? []), ...(gs.network?.internalAddresses ?? [])]) [a.ip, a.endPoint].forEach(add);
    }
    for (const s of await fetchAll('gameserversets')) {
      [s.name, s.namespace, s.project, s.reserveGameServerIds].forEach(add);
      for (const im of s.images ?? []) [im.container, im.image].forEach(add);
      for (const q of s.serviceQualities ?? []) add(q);
      for (const d of s.serviceQualityDefinitions ?? []) [d.name, d.containerName].forEach(add);
    }
    return [...tokens].sort((a, b) => b.length - a.length);
  }, api);
}

/** Visible text nodes and placeholders, outside raw areas, each once. */
export async function visibleTexts(page) {
  return page.evaluate(() => {
    const out = new Set();
    const raw = (el) => el.closest('pre, code, textarea, script, style, [data-raw]');
    const visible = (el) => {
      if (!el || !el.isConnected) return false;
      if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.nodeValue.replace(/\s+/g, ' ').trim();
      const el = n.parentElement;
      if (!text || !el || raw(el) || !visible(el)) continue;
      // a value split into several text nodes at its break points (<wbr>) is one string
      if (el.querySelector(':scope > wbr')) out.add(el.textContent.replace(/\s+/g, ' ').trim());
      else out.add(text);
    }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (visible(el) && !raw(el) && !el.value) out.add(el.getAttribute('placeholder').trim());
    }
    return [...out];
  });
}

/** What is left of a text once data, allowed words, numbers and punctuation are taken out; '' if translated. */
export function untranslatedPart(text, tokens) {
  if (/\p{Script=Han}/u.test(text)) return '';
  if (EXAMPLES.includes(text)) return '';
  let rest = ` ${text} `;
  for (const tok of tokens) if (tok.length > 1 || /\d/.test(tok)) rest = rest.split(tok).join(' ');
  for (const w of ALLOWED) rest = rest.replace(new RegExp(`(^|[^A-Za-z])${w}(?=[^A-Za-z]|$)`, 'g'), '$1 ');
  // numbers and Kubernetes quantities (500m, 256Mi, 1.5Gi), percentages, ranges
  rest = rest.replace(/(^|[^A-Za-z])\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?(?=[^A-Za-z]|$)/g, '$1 ');
  return /[A-Za-z]{2,}/.test(rest) ? rest.replace(/\s+/g, ' ').trim() : '';
}

/**
 * The views to walk, in order. Each opens something from the page it is on and waits for it;
 * `close` leaves it again. A view whose trigger is missing is reported and skipped.
 */
function views(base) {
  const gotoAndWait = (url, testId) => async (page) => {
    await page.goto(`${base}${url}`);
    await page.getByTestId(testId).waitFor();
  };
  const firstRow = '[data-testid="gameservers"] tbody tr';
  const openDialog = (trigger, dialog) => async (page) => {
    await page.locator(trigger).first().click();
    await page.locator(dialog).first().waitFor();
    await page.waitForTimeout(300);
  };
  const closeModal = async (page) => {
    const close = page.locator('.kubed-modal-wrap:visible .kubed-modal-close');
    while ((await close.count()) > 0) {
      await close.first().click();
      await page.waitForTimeout(300);
    }
    await page.locator('.kubed-modal-wrap:visible').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  };
  const selectFirst = async (page, query) => {
    await page.goto(`${base}/gameservers?${query}`);
    await page.locator(firstRow).first().waitFor();
    await page.locator(`${firstRow} input[type="checkbox"]`).first().check();
    await page.getByTestId('bulk-bar').waitFor();
  };
  const opDialog = (action) => ({
    name: `operation-${action}`,
    open: async (page) => {
      await page.getByTestId('bulk-bar').locator(`[data-action="${action}"]`).click();
      await page.getByTestId('op-dialog').waitFor();
    },
    close: closeModal,
  });

  return [
    { name: 'overview', open: async (page) => {
      await gotoAndWait('/', 'page-overview')(page);
      await page.getByTestId('total-gameservers').filter({ hasText: /\d/ }).waitFor();
      await page.locator('[data-testid="overview-sets"] tbody tr').first().waitFor();
    } },
    { name: 'gameserversets', open: async (page) => {
      await gotoAndWait('/gameserversets', 'page-gameserversets')(page);
      await page.locator('[data-testid="page-gameserversets"] tbody tr').first().waitFor();
    } },
    { name: 'create-gameserverset', open: openDialog('[data-testid="create-set"], [data-action="create-set"]', '[data-testid="create-dialog"], [role="dialog"]'), close: closeModal },
    { name: 'gameserverset-detail', open: async (page) => {
      await page.goto(`${base}/gameserversets/game-staging/arena-test`);
      await page.getByTestId('page-gameserverset').waitFor();
      await page.locator(firstRow).first().waitFor();
      await page.getByTestId('rollout-panel').waitFor();
    } },
    { name: 'scale', open: openDialog('[data-testid="set-actions"] [data-action="scale"]', '[data-testid="scale-dialog"]'), close: closeModal },
    { name: 'scale-preview', open: async (page) => {
      await openDialog('[data-testid="set-actions"] [data-action="scale"]', '[data-testid="scale-dialog"]')(page);
      await page.getByTestId('scale-mode-choice').locator('[data-value="filter"]').click();
      await page.getByTestId('scale-preview-btn').click();
      await page.getByTestId('scale-preview').waitFor();
    }, close: closeModal },
    { name: 'reserved-ids', open: openDialog('[data-testid="set-actions"] [data-action="reserve"]', '[role="dialog"]'), close: closeModal },
    { name: 'yaml-editor', open: openDialog('[data-testid="set-actions"] [data-action="yaml"]', '[role="dialog"]'), close: closeModal },
    { name: 'rollout-edit', open: openDialog('[data-testid="rollout-edit"]', '[data-testid="rollout-dialog"]'), close: closeModal },
    { name: 'gameservers', open: async (page) => {
      await gotoAndWait('/gameservers', 'gameservers-table')(page);
      await page.locator(firstRow).first().waitFor();
    } },
    { name: 'gameservers-filter-options', open: async (page) => {
      await page.locator('[data-filter="opsState"] .kubed-select-selector').click();
      await page.locator('.kubed-select-dropdown:not(.kubed-select-dropdown-hidden)').waitFor();
    }, close: async (page) => {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    } },
    { name: 'selection', open: (page) => selectFirst(page, 'namespace=game-staging&opsState=Allocated') },
    ...['opsState', 'updatePriority', 'deletionPriority', 'networkDisabled', 'image', 'resources', 'delete', 'kill'].map(opDialog),
    { name: 'operation-opsState-preview-allocated', open: async (page) => {
      await opDialog('opsState').open(page);
      await page.getByTestId('op-ops-state').getByRole('radio').nth(0).click();
      await page.getByTestId('op-preview').click();
      await page.getByTestId('op-preview-body').waitFor();
    }, close: closeModal },
    { name: 'operation-resources-preview', open: async (page) => {
      await opDialog('resources').open(page);
      const input = (id) => page.getByTestId(id).locator('input').or(page.locator(`input[data-testid="${id}"]`)).first();
      await input('op-res-0-requestsCpu').fill('100m');
      await input('op-res-0-limitsCpu').fill('1');
      await page.getByTestId('op-preview').click();
      await page.getByTestId('op-preview-body').waitFor();
      // the API's note about applying resources, in the page's language
      await page.getByTestId('op-note').first().waitFor();
    }, close: closeModal },
    { name: 'operation-kill-refused', open: async (page) => {
      await opDialog('kill').open(page);
      await page.getByTestId('op-preview').click();
      await page.getByTestId('op-preview-body').waitFor();
    }, close: closeModal },
    { name: 'gameserver-detail', open: async (page) => {
      await page.goto(`${base}/gameservers?namespace=game-prod`);
      await page.locator(firstRow).first().waitFor();
      await page.locator(`${firstRow} [data-col="name"] a`).first().click();
      await page.getByTestId('page-gameserver').waitFor();
      await page.getByTestId('gs-summary').waitFor();
    } },
    { name: 'gameserver-history-crash-loop', open: async (page) => {
      // the server the e2e crash scenario made crash (an empty history when walked alone)
      await page.goto(`${base}/gameservers/game-staging/minecraft-canary-6`);
      await page.getByTestId('gs-history').waitFor();
      await page.getByTestId('gs-history').locator('[data-testid="history-timeline"], [data-testid="empty"]').first().waitFor();
      await page.getByTestId('gs-history').scrollIntoViewIfNeeded();
    } },
    { name: 'recent-changes', open: async (page) => {
      await gotoAndWait('/history', 'page-history')(page);
      await page.getByTestId('history').locator('[data-testid="history-timeline"], [data-testid="empty"]').first().waitFor();
    } },
    { name: 'recent-changes-filter-options', open: async (page) => {
      await page.locator('[data-filter="change"] .kubed-select-selector').click();
      await page.locator('.kubed-select-dropdown:not(.kubed-select-dropdown-hidden)').waitFor();
    }, close: async (page) => {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    } },
    { name: 'recent-changes-custom-range', open: async (page) => {
      await page.locator('[data-filter="range"] .kubed-select-selector').click();
      // the last option is the custom range, whatever the language
      await page.locator('.kubed-select-dropdown:not(.kubed-select-dropdown-hidden) .kubed-select-item-option').last().click();
      await page.locator('[data-filter="since"] input').waitFor();
    } },
    { name: 'not-found', open: gotoAndWait('/no-such-page', 'page-not-found') },
  ];
}

async function screenshotFailure(page, artifacts, name) {
  await page.screenshot({ path: path.join(artifacts, `FAIL-${name}.png`), fullPage: true }).catch(() => undefined);
}

async function setLanguage(page, base, lang) {
  await page.goto(`${base}/`);
  await page.evaluate((l) => window.localStorage.setItem('okg-console.lang', l), lang);
  await page.reload();
  await page.getByTestId('page-overview').waitFor();
}

/**
 * Walks every view in `languages`; screenshots to `artifacts` as `<lang>-NN-<view>.png`.
 * Returns { findings: [{ lang, view, text, rest }], skipped: [...] }.
 */
export async function walkLanguages({ page, base, artifacts, languages = ['en', 'zh'], log = console.log }) {
  fs.mkdirSync(artifacts, { recursive: true });
  const findings = [];
  const skipped = [];
  // every 404 the pages cause outside the API (a missing favicon, asset, ...)
  const notFound = new Set();
  const on404 = (r) => {
    if (r.status() === 404 && !new URL(r.url()).pathname.startsWith('/kapis/')) notFound.add(new URL(r.url()).pathname);
  };
  page.on('response', on404);
  await page.goto(`${base}/`);
  const tokens = await dataTokens(page);
  for (const lang of languages) {
    await setLanguage(page, base, lang);
    let i = 0;
    for (const view of views(base)) {
      i += 1;
      try {
        await view.open(page);
      } catch (err) {
        skipped.push(`${lang}/${view.name}: ${String(err?.message ?? err).split('\n')[0]}`);
        await screenshotFailure(page, artifacts, `${lang}-${view.name}`);
        await page.goto(`${base}/`).catch(() => undefined);
        continue;
      }
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(artifacts, `${lang}-${String(i).padStart(2, '0')}-${view.name}.png`), fullPage: true });
      for (const text of await visibleTexts(page)) {
        if (/OKG_[A-Z0-9_]{3,}/.test(text)) findings.push({ lang, view: view.name, text, rest: 'message key shown' });
        else if (lang === 'zh') {
          const rest = untranslatedPart(text, tokens);
          if (rest) findings.push({ lang, view: view.name, text, rest });
        }
      }
      if (view.close) await view.close(page);
    }
  }
  page.off('response', on404);
  const unique = new Map();
  for (const f of findings) {
    const key = `${f.lang}\u0000${f.text}`;
    if (!unique.has(key)) unique.set(key, { ...f, views: [] });
    unique.get(key).views.push(f.view);
  }
  const list = [...unique.values()];
  log(`     language walk: ${list.length} untranslated strings (${tokens.length} data values from the API allowed)`);
  for (const f of list) log(`       [${f.lang}] ${JSON.stringify(f.text)}  (in ${[...new Set(f.views)].join(', ')})`);
  for (const s of skipped) log(`       skipped ${s}`);
  for (const p of notFound) log(`       404 ${p}`);
  return { findings: list, skipped, notFound: [...notFound] };
}

/** The KubeSphere bundle ships and references no favicon (the host page has its own). */
export function bundleFaviconRefs(distDir) {
  const dir = path.join(distDir, 'okg-console');
  const files = fs.readdirSync(dir);
  const refs = files.filter((f) => /favicon/i.test(f));
  for (const f of files.filter((f) => f.endsWith('.js'))) {
    if (/favicon|rel=["']?icon/i.test(fs.readFileSync(path.join(dir, f), 'utf8'))) refs.push(`${f} mentions a favicon`);
  }
  return refs;
}
