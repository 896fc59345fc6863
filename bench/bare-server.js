'use strict';
// Baseline for the benchmark: the cheapest possible node:http server doing the same shape of work
// (a ~2 KB HTML page, a JSON answer after reading a request body), so app/baseline ratios show what
// the framework, templates and database cost on this machine. With PAGE_FILE it serves that file's
// bytes as its page: the bench saves the app's own page there, so both send the same bytes.
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const http = require('node:http');

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';

const filler = Array.from(
  { length: 28 },
  (_, i) => `      <li><a href="/consultations/${i + 1}">Consultation ${i + 1}</a></li>`,
).join('\n');
const page = process.env.PAGE_FILE
  ? fs.readFileSync(process.env.PAGE_FILE)
  : Buffer.from(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Convene baseline</title>
  </head>
  <body>
    <main>
      <h1>Baseline</h1>
      <ul>
${filler}
      </ul>
    </main>
  </body>
</html>
`);

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/') {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': page.length,
    });
    res.end(page);
  } else if (req.method === 'GET' && path === '/health') {
    sendJson(res, 200, { status: 'ok' });
  } else if (req.method === 'POST' && path.endsWith('/tokens')) {
    // Also answers /api/v1/tokens so this file can stand in for the app (BENCH_APP_CMD).
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        sendJson(res, 400, { error: 'invalid JSON' });
        return;
      }
      sendJson(res, 201, { token: 'bench-0123456789abcdef0123456789abcdef' });
    });
  } else {
    sendJson(res, 404, { error: 'not found' });
  }
});

function sendJson(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

// Longer than Node's 5 s default so keep-alive sockets never close under the load generator.
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  process.stdout.write(`bare server listening on http://${host}:${server.address().port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
