// Chromium helpers of the KubeSphere host test: a session per user that logs in through the
// host's own login page and records what the browser sees (console errors, uncaught errors,
// failed responses, websockets).
import http from 'node:http';
import { chromium } from 'playwright-core';

export const PASSWORD = 'P@88w0rd';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A logged-in page of user in the host at hostURL, recording what happens in it. */
export async function session(browser, hostURL, user) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const rec = { user, console: [], pageErrors: [], failed: [], sockets: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') rec.console.push({ text: m.text(), url: m.location()?.url ?? '', at: page.url() });
  });
  page.on('pageerror', (e) => rec.pageErrors.push({ text: String(e?.stack ?? e), at: page.url() }));
  page.on('response', (r) => {
    if (r.status() >= 400) rec.failed.push({ status: r.status(), url: r.url(), at: page.url() });
  });
  page.on('websocket', (ws) => {
    const s = { url: ws.url(), received: 0, closed: false, error: '' };
    rec.sockets.push(s);
    ws.on('framereceived', () => (s.received += 1));
    ws.on('close', () => (s.closed = true));
    ws.on('socketerror', (e) => (s.error = String(e)));
  });
  await page.goto(`${hostURL}/login`);
  await page.locator('input[placeholder="user@example.com"]').fill(user);
  await page.locator('input[type="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  if (page.url().includes('/password/confirm')) throw new Error(`${user} was sent to the first-login password change`);
  return { context, page, rec };
}

/** Whether a browser record concerns the extension: its bundle, its API or its streams. */
export function byExtension(text) {
  return /okg-console|okgconsole|\[okg/i.test(text);
}

/**
 * Serves one page on another origin (its own port) that opens a websocket to wsURL and
 * reports to window.result whether it opened and how it closed.
 */
export function foreignPage(wsURL) {
  const html = `<!doctype html><meta charset="utf-8"><title>foreign</title><script>
  window.result = { opened: false, closed: false, messages: 0 };
  const ws = new WebSocket(${JSON.stringify(wsURL)}, ['okgconsole.v1']);
  ws.onopen = () => { window.result.opened = true; };
  ws.onmessage = () => { window.result.messages += 1; };
  ws.onclose = (e) => { window.result.closed = true; window.result.code = e.code; };
  </script>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/**
 * A websocket handshake made by hand through the host (Node has no WebSocket client before
 * 22): resolves the status the upgrade got (101 when it was accepted).
 */
export function handshake(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('okg-console-kshost').toString('base64'),
        'Sec-WebSocket-Protocol': 'okgconsole.v1',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ status: res.statusCode, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('handshake timed out')));
    req.end();
  });
}
