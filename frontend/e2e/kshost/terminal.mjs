// The Terminal tab of a game server inside the KubeSphere host: what the scenarios of
// run.mjs do on it. The terminal needs KubeSphere's "Game Server Terminal" permission (the
// chart's RoleTemplate *-exec-okg-console): ks-apiserver (here the stand-in) authorises the
// exec ticket request (POST .../gameservers/{name}/exec/tickets, verb create on
// gameservers/exec) by it, and the backend opens the websocket only with that ticket.
import { kubeClient } from '../kube.mjs';

/** Opens the first game server of a project's list page and its Terminal tab; returns its name. */
export async function openTerminalTab(page, listURL) {
  await page.goto(listURL);
  const link = page.locator('[data-testid^="page-"] tbody tr a').first();
  await link.waitFor();
  await link.click();
  await page.locator('[data-testid="page-gameserver"]').waitFor();
  await page.locator('[data-testid="tab-terminal"]').click();
  await page.locator('[data-testid="terminal-connect"]').waitFor();
  // .../projects/{project}/okg-gameservers/{name}
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}

/** Clicks Connect and returns the exec ticket request's answer (status and body). */
export async function connect(page) {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/gameservers\/[^/]+\/exec\/tickets(\?|$)/.test(r.url()));
  await page.locator('[data-testid="terminal-connect"]').click();
  const res = await answered;
  return { status: res.status(), url: res.url(), body: await res.text().catch(() => '') };
}

/** The audit Events of terminal sessions on a game server (reason TerminalOpened / TerminalClosed). */
export async function terminalEvents(kubeconfig, namespace, name) {
  const kube = kubeClient(kubeconfig);
  const list = await kube.listEvents(namespace);
  return list.items.filter((e) => e.involvedObject?.name === name && /^Terminal(Opened|Closed)$/.test(e.reason));
}

/** Polls fn until it returns something truthy or timeoutMs passes. */
export async function eventually(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
