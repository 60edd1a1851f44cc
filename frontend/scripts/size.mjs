// Prints the size of the KubeSphere bundle (host externals are not in it) and of the
// standalone assets; fails when the KubeSphere bundle exceeds its gzip budget.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP = 300 * 1024;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function report(label, file) {
  const buf = fs.readFileSync(file);
  const gz = gzipSync(buf, { level: 9 }).length;
  console.log(`${label.padEnd(44)} ${kb(buf.length).padStart(10)} raw ${kb(gz).padStart(10)} gzip`);
  return gz;
}

const ks = path.join(dist, 'okg-console', 'index.js');
if (!fs.existsSync(ks)) {
  console.error('dist/okg-console/index.js is missing: run `npm run build` first');
  process.exit(1);
}
const gz = report('KubeSphere bundle  okg-console/index.js', ks);
const assets = path.join(dist, 'assets');
for (const f of fs.existsSync(assets) ? fs.readdirSync(assets).sort() : []) report(`standalone         assets/${f}`, path.join(assets, f));
console.log(`KubeSphere bundle gzip ${kb(gz)} of ${kb(BUDGET_GZIP)} budget`);
process.exit(gz > BUDGET_GZIP ? 1 : 0);
