'use strict';
// Baseline for the PostgreSQL rush: a hand-written node:http + pg server doing only the necessary
// statements of a registration (as registration-baseline.js's `necessary` mode on SQLite): the
// token's user, the membership with its organisation, then in one transaction the consultation's
// rules, the per-organisation counter claimed under the limit, the seat claimed by one
// `UPDATE … WHERE … RETURNING` (else the waiting-list counters, RETURNING the number and place),
// one registration row, one audit row and two outbox rows; COMMIT. No row is locked before the
// statement that needs it. Several instances may share one database, as the app's do.
//
//   PORT, HOST (127.0.0.1), DATABASE_URL (postgres://…, required), POOL_MAX (10).
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const http = require('node:http');
const { Pool } = require('pg');

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required');
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX || 10),
});
const ROUTE = /^\/api\/v1\/consultations\/([0-9a-f-]{36})\/registrations$/i;

const SQL = {
  tokenUser: `SELECT u.id, u.email, u.locale, u."disabledAt", t.scope FROM api_tokens t
    JOIN users u ON u.id = t."userId" WHERE t."tokenHash" = $1 AND t."expiresAt" > now()`,
  member: `SELECT o.id, o.name, o."observerStatus" FROM memberships m
    JOIN organisations o ON o.id = m."organisationId" WHERE m."userId" = $1 AND m."organisationId" = $2`,
  rules: `SELECT status, "registrationOpensAt" <= now() AND now() < "registrationClosesAt" AS open,
    eligibility, "perOrganisationLimit", "requiresApproval", title, city, "startsAt", timezone,
    "calendarSequence" FROM consultations WHERE id = $1`,
  claimPlace: `INSERT INTO registration_counters ("consultationId", "organisationId", held)
    VALUES ($1, $2, 1) ON CONFLICT ("consultationId", "organisationId")
    DO UPDATE SET held = registration_counters.held + 1 WHERE registration_counters.held < $3`,
  claimSeat: `UPDATE consultations SET "seatsConfirmed" = "seatsConfirmed" + 1
    WHERE id = $1 AND "seatsConfirmed" + "seatsOffered" < capacity RETURNING id`,
  joinWaitlist: `UPDATE consultations SET "waitlistNext" = "waitlistNext" + 1,
    "waitlistLength" = "waitlistLength" + 1 WHERE id = $1
    RETURNING "waitlistNext" AS seq, "waitlistLength" AS place`,
  insertRegistration: `INSERT INTO registrations
    (id, "consultationId", "organisationId", "registeredById", "participantName", "participantEmail",
     position, gender, nationality, "accessibilityNeeds", "dietaryNeeds", "needsVisaLetter",
     "publishConsent", status, "waitlistSeq", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now(), now())`,
  insertAudit: `INSERT INTO audit_events (id, "actorId", action, entity, "entityId", details, at)
    VALUES ($1, $2, 'registration.created', 'registration', $3, $4, now())`,
  insertOutbox: `INSERT INTO outbox_messages
    (id, recipient, template, locale, payload, "secretKeys", kind, status, attempts, "nextAttemptAt",
     "queuedAt", "createdAt")
    VALUES ($1, $2, 'registration', $3, $4, '[]', 'notification', 'queued', 0, now(), now(), now())`,
};

class HttpError extends Error {
  constructor(status, code) {
    super(code);
    this.status = status;
  }
}

async function register(token, consultationId, body) {
  const hash = crypto.createHash('sha256').update(token).digest('hex');
  const user = (await pool.query(SQL.tokenUser, [hash])).rows[0];
  if (!user || user.disabledAt) throw new HttpError(401, 'UNAUTHORIZED');
  const p = body?.participant;
  if (typeof body?.organisationId !== 'string' || typeof p?.email !== 'string')
    throw new HttpError(400, 'VALIDATION_FAILED');
  const organisation = (await pool.query(SQL.member, [user.id, body.organisationId])).rows[0];
  if (!organisation) throw new HttpError(404, 'NOT_FOUND');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const c = (await client.query(SQL.rules, [consultationId])).rows[0];
    if (!c || c.status === 'draft') throw new HttpError(404, 'NOT_FOUND');
    if (c.status !== 'published' || !c.open) throw new HttpError(409, 'REGISTRATION_CLOSED');
    if (c.eligibility === 'observers_only' && organisation.observerStatus !== 'observer')
      throw new HttpError(409, 'NOT_ELIGIBLE');
    const place = await client.query(SQL.claimPlace, [
      consultationId,
      organisation.id,
      c.perOrganisationLimit,
    ]);
    if (place.rowCount !== 1) throw new HttpError(409, 'ORGANISATION_LIMIT_REACHED');
    let status = 'pending';
    if (!c.requiresApproval)
      status = (await client.query(SQL.claimSeat, [consultationId])).rowCount
        ? 'confirmed'
        : 'waitlisted';
    const queued =
      status === 'waitlisted'
        ? (await client.query(SQL.joinWaitlist, [consultationId])).rows[0]
        : null;
    const id = crypto.randomUUID();
    const email = p.email.trim().toLowerCase();
    await client.query(SQL.insertRegistration, [
      id,
      consultationId,
      organisation.id,
      user.id,
      p.name,
      email,
      p.position ?? '',
      p.gender,
      p.nationality,
      p.accessibilityNeeds ?? '',
      p.dietaryNeeds ?? '',
      Boolean(p.needsVisaLetter),
      Boolean(p.publishConsent),
      status,
      queued?.seq ?? null,
    ]);
    const details = JSON.stringify({ consultationId, organisationId: organisation.id, status });
    await client.query(SQL.insertAudit, [crypto.randomUUID(), user.id, id, details]);
    const payload = JSON.stringify({
      event: status,
      participant: p.name,
      organisation: organisation.name,
      consultation: c.title,
      city: c.city,
      startsAt: c.startsAt.toISOString(),
      timezone: c.timezone,
      position: queued?.place ?? null,
      ...(status === 'confirmed'
        ? {
            attachments: [
              {
                kind: 'calendar',
                registrationId: id,
                participantVersion: 1,
                sequence: c.calendarSequence,
                method: 'PUBLISH',
                locale: user.locale,
              },
            ],
          }
        : {}),
    });
    for (const to of new Set([email, user.email]))
      await client.query(SQL.insertOutbox, [crypto.randomUUID(), to, user.locale, payload]);
    await client.query('COMMIT');
    return { id, status, waitlistPosition: queued?.place ?? null };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error?.code === '23505') throw new HttpError(409, 'ALREADY_REGISTERED');
    throw error;
  } finally {
    client.release();
  }
}

function sendJson(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const pathname = req.url.split('?')[0];
  if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok' });
  const route = req.method === 'POST' ? ROUTE.exec(pathname) : null;
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || '')?.[1];
  if (!route) return sendJson(res, 404, { error: 'NOT_FOUND' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    (async () => {
      if (!token) throw new HttpError(401, 'UNAUTHORIZED');
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new HttpError(400, 'INVALID_JSON');
      }
      sendJson(res, 201, await register(token, route[1].toLowerCase(), body));
    })().catch((error) => {
      if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
      else {
        process.stderr.write(`${error?.stack ?? error}\n`);
        sendJson(res, 500, { error: 'INTERNAL' });
      }
    });
  });
});

server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  process.stdout.write(`pg baseline listening on http://${host}:${server.address().port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => pool.end().then(() => process.exit(0)));
    server.closeAllConnections();
  });
}
