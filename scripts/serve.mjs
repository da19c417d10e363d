// A small static server for dist/ (no dependencies).
//   node scripts/serve.mjs [--port N] [--dir dist] [--plain]
// By default it sends COOP/COEP so the page is cross-origin isolated.
// --plain sends no such headers, like a basic static host: the bundled
// service worker must then make the page isolated by itself.
// --csp also sends the page's Content-Security-Policy as a header on every
// file, as a host may: then workers have it too, not only the page.
// --log prints each request's path on stdout (the tests count them).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = path.resolve(opt('--dir', 'dist'));
const port = Number(opt('--port', process.env.PORT || 8080));
const plain = args.includes('--plain');
const cspHeader = args.includes('--csp');
const log = args.includes('--log');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

// The CSP of dist/index.html's meta tag.
function pageCsp() {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  return (html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/) || [])[1] || "default-src 'self'";
}

export function createServer() {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (log) console.log(`request ${url.pathname}`);
    fs.readFile(file, (err, body) => {
      const headers = { 'Cache-Control': 'no-cache' };
      if (!plain) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        headers['Cross-Origin-Resource-Policy'] = 'same-origin';
      }
      if (cspHeader) headers['Content-Security-Policy'] = pageCsp();
      if (err) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      headers['Content-Type'] = types[path.extname(file)] || 'application/octet-stream';
      res.writeHead(200, headers).end(body);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  createServer().listen(port, '127.0.0.1', () => {
    console.log(`Lockstep: serving ${root} at http://localhost:${port}/` +
      (plain ? ' (plain: no COOP/COEP headers)' : ''));
  });
}
