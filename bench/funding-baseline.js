'use strict';
// Baseline for the "funding ranking" scenario: loading the same rows with one SQL query. A
// node:http + better-sqlite3 server answering GET /api/v1/consultations/:id/funding-applications
// with one prepared SELECT of the consultation's applications joined to their registrations and
// organisations (every column the app's ranking reads, and those its answer shows), sent as JSON.
// It neither authenticates (the app's token lookup is one indexed read) nor scores nor sorts: it
// is the floor any implementation pays to load and ship the rows, so app/baseline shows what the
// ranking (scoring, its other queries, TypeORM's entity building, the view) costs on top.
//
//   PORT, HOST (127.0.0.1), DATABASE_FILE (required).
const { Buffer } = require('node:buffer');
const http = require('node:http');
const Database = require('better-sqlite3');

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';
const file = process.env.DATABASE_FILE;
if (!file) throw new Error('DATABASE_FILE is required');

const ROUTE = /^\/api\/v1\/consultations\/([0-9a-f-]{36})\/funding-applications$/i;

// The app's connection settings (src/database/data-source-options.ts and TypeORM's driver).
const db = new Database(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const applications = db.prepare(`SELECT a.id, a."registrationId", a."consultationId",
    a."organisationId", a.lines, a."requestedMinor", a.currency, a."departureCity",
    a."departureCountry", a.justification, a."couldAttendWithout", a.status, a."awardedMinor",
    a."decisionReason", a."decidedAt", a."createdAt",
    r."participantName", r.gender, r.status AS "registrationStatus",
    o.name AS "organisationName", o.region, o."foundedYear", o."migrantLed", o."womenLed",
    o."youthLed"
  FROM funding_applications a
  JOIN registrations r ON r.id = a."registrationId"
  JOIN organisations o ON o.id = a."organisationId"
  WHERE a."consultationId" = ?`);

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
  const match = req.method === 'GET' ? ROUTE.exec(req.url) : null;
  if (!match) return send(res, 404, { error: 'not found' });
  const items = applications.all(match[1]);
  return send(res, 200, { items, total: items.length, page: 1, pageSize: items.length });
});

function send(res, status, body) {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
  });
  res.end(payload);
}

server.keepAliveTimeout = 65_000;
server.listen(port, host);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    db.close();
    process.exit(0);
  });
}
