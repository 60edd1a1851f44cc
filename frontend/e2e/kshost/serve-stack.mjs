// Development: starts the KubeSphere host stack and keeps it running until Ctrl-C.
//   node e2e/kshost/serve-stack.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareHost, repoRoot } from './host.mjs';
import { startStack } from './stack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, '..', 'artifacts', 'kshost');
fs.mkdirSync(artifacts, { recursive: true });
await prepareHost();
const stack = await startStack({ repoRoot, bundle: path.join(repoRoot, 'frontend', 'dist', 'okg-console', 'index.js'), artifacts });
console.log(JSON.stringify({ host: stack.hostURL, standin: stack.standinURL, backend: stack.backendURL }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stack.stop().then(() => process.exit(0)));
setInterval(() => undefined, 1 << 30);
