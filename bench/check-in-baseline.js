'use strict';
// Baseline for the "check-in by scan" scenario: the same route on bare node:http + better-sqlite3.
// POST /api/v1/check-ins {code}: the bearer token looked up (one indexed read), the code's Ed25519
// signature verified (dist/registrations/check-in-code.js, the app's own format), then in one
// transaction the registration read, its version and status checked, and, unless already checked
// in, checkedInAt set and an audit row written; the answer is the registration and
// alreadyCheckedInAt as JSON. No framework, validation pipe, session or ORM: the floor for the
// work the route must do.
//
//   PORT, HOST (127.0.0.1), DATABASE_FILE, BADGE_PUBLIC_KEY (PEM) (required).
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const http = require('node:http');
const path = require('node:path');
const Database = require('better-sqlite3');

const { verifyCheckInCode } = require(
  path.resolve(__dirname, '..', 'dist', 'registrations', 'check-in-code.js'),
);

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';
const file = process.env.DATABASE_FILE;
if (!file || !process.env.BADGE_PUBLIC_KEY)
  throw new Error('DATABASE_FILE and BADGE_PUBLIC_KEY are required');
const publicKey = crypto.createPublicKey(process.env.BADGE_PUBLIC_KEY);

const db = new Database(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const tokenUser =
  db.prepare(`SELECT u.id, u.role FROM api_tokens t JOIN users u ON u.id = t."userId"
  WHERE t."tokenHash" = ? AND u."disabledAt" IS NULL`);
const registration = db.prepare('SELECT * FROM registrations WHERE id = ?');
const checkIn = db.prepare(
  'UPDATE registrations SET "checkedInAt" = ?, "updatedAt" = ? WHERE id = ?',
);
const audit =
  db.prepare(`INSERT INTO audit_events (id, "actorId", action, entity, "entityId", details, at)
  VALUES (?, ?, 'registration.checked_in', 'registration', ?, ?, ?)`);

const scan = db.transaction((claims, actorId) => {
  const row = registration.get(claims.registrationId);
  if (!row || row.consultationId !== claims.consultationId) return [404, { error: 'not found' }];
  if (row.participantVersion !== claims.participantVersion) return [409, { reason: 'superseded' }];
  if (row.status !== 'confirmed') return [409, { reason: 'not_confirmed' }];
  if (row.checkedInAt) return [200, { registration: row, alreadyCheckedInAt: row.checkedInAt }];
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  checkIn.run(now, now, row.id);
  audit.run(
    crypto.randomUUID(),
    actorId,
    row.id,
    JSON.stringify({ status: row.status, via: 'badge' }),
    now,
  );
  return [200, { registration: { ...row, checkedInAt: now }, alreadyCheckedInAt: null }];
});

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/api/v1/check-ins')
    return send(res, 404, { error: 'not found' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization || '');
    const user = bearer
      ? tokenUser.get(crypto.createHash('sha256').update(bearer[1]).digest('hex'))
      : undefined;
    if (!user) return send(res, 401, { error: 'unauthorized' });
    if (user.role !== 'reviewer' && user.role !== 'admin')
      return send(res, 403, { error: 'forbidden' });
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { error: 'bad json' });
    }
    const claims = verifyCheckInCode(publicKey, body.code);
    if (!claims) return send(res, 400, { error: 'invalid code' });
    const [status, answer] = scan(claims, user.id);
    return send(res, status, answer);
  });
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
