// Named checks for the e2e scripts: each logs "ok <name> (<ms>)" or "FAIL <name>" with
// the error, and a failure saves a screenshot of the page then in view.
import path from 'node:path';

export function checkRunner({ artifacts, prefix = '', page }) {
  const counts = { passed: 0, failures: 0 };
  async function check(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      counts.passed += 1;
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (err) {
      counts.failures += 1;
      console.log(`FAIL ${name}\n     ${err?.stack ?? err}`);
      await page()
        ?.screenshot({ path: path.join(artifacts, `FAIL-${prefix}${name.replace(/\W+/g, '-')}.png`), fullPage: true })
        .catch(() => undefined);
    }
  }
  return { check, counts };
}
