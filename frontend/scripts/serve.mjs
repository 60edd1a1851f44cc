// A tiny static server for tests: frontend/dist as the backend serves it, bound to 127.0.0.1.
//   /dist/okg-console/index.js -> dist/okg-console/index.js   (the KubeSphere JSBundle path)
//   /<file>                    -> dist/<file>                  (standalone assets)
//   /__harness/<file>          -> extra test files
//   anything else without a file extension -> dist/index.html (standalone SPA routes)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function serve({ root, extra = {} }) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const rel = decodeURIComponent(url.pathname);
    let file;
    if (extra[rel]) file = extra[rel];
    else if (rel.startsWith('/dist/')) file = path.join(root, rel.slice('/dist/'.length));
    else file = path.join(root, rel);
    if (!file.startsWith(root) && !Object.values(extra).includes(file)) {
      res.writeHead(403).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (path.extname(rel) === '' && !rel.startsWith('/kapis/')) file = path.join(root, 'index.html');
      else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
