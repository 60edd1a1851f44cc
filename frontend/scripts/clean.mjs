// Empties dist/ but keeps dist/.gitkeep: the Go side embeds frontend/dist, which must exist in a clean checkout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
fs.mkdirSync(dist, { recursive: true });
for (const entry of fs.readdirSync(dist)) {
  if (entry !== '.gitkeep') fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
}
fs.writeFileSync(path.join(dist, '.gitkeep'), '');
