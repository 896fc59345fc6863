'use strict';
// Baselines for the "registration rush" scenario: a hand-written node:http + better-sqlite3 server
// answering POST /api/v1/consultations/:id/registrations on its own copy of the app's database
// (same schema, same data), in one of two modes (BASELINE_WORK):
//
// - `same-sql` (default): the same SQL statements as the app's RegistrationIntake.register()
//   (src/registrations/registration.intake.ts), so app/baseline shows what Nest, Fastify,
//   validation and TypeORM cost on top of the app's database work. Per request: the bearer token's
//   user (api_tokens ⋈ users by sha256(token)); the membership; then in one BEGIN IMMEDIATE
//   transaction: the consultation, the organisation, an active registration for the email, the
//   per-organisation counter claimed under the limit, the conditional seat update (else the
//   waiting-list counters, RETURNING the number and the place), INSERT the registration, an audit
//   event, the registering member and any account of the participant (their languages), then one
//   outbox message per recipient; COMMIT; 201 + JSON.
// - `necessary`: only the work a registration needs: the token's user, the membership (with the
//   organisation's name and status in the same statement), then in one transaction the
//   consultation's rules, the O(1) per-organisation counter, the conditional seat claim (or the
//   waiting-list counters), one registration row, one audit row and an outbox row for the
//   participant and one for the registering member (in the member's language; the worker may
//   look for the participant's account when it sends). The unique index refuses a second active
//   registration of one email.
//
//   PORT, HOST (127.0.0.1), DATABASE_FILE (required), APP_BASE_URL (links in the mail payload),
//   BASELINE_WORK (same-sql | necessary).
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const http = require('node:http');
const { URL } = require('node:url');
const Database = require('better-sqlite3');

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';
const baseUrl = process.env.APP_BASE_URL || `http://${host}:${port}`;
const file = process.env.DATABASE_FILE;
if (!file) throw new Error('DATABASE_FILE is required');
const work = process.env.BASELINE_WORK || 'same-sql';
if (!['same-sql', 'necessary'].includes(work)) throw new Error(`BASELINE_WORK ${work}?`);

const MAX_BODY = 1024 * 1024;
const TOKEN_USE_RESOLUTION_MS = 5 * 60_000;
const ACTIVE = "('pending', 'confirmed', 'waitlisted', 'offered')";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GENDERS = new Set(['female', 'male', 'other', 'undisclosed']);
const ROUTE = /^\/api\/v1\/consultations\/([^/]+)\/registrations$/;

// The app's connection settings (src/database/data-source-options.ts and TypeORM's driver).
const db = new Database(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const sql = {
  tokenUser:
    db.prepare(`SELECT t.id AS "tokenId", t.scope AS "tokenScope", t."lastUsedAt", u.id, u.email, u.name, u.role,
      u.locale, u."disabledAt"
    FROM api_tokens t JOIN users u ON u.id = t."userId" WHERE t."tokenHash" = ? AND t."expiresAt" > ?`),
  touchToken: db.prepare('UPDATE api_tokens SET "lastUsedAt" = ? WHERE id = ?'),
  membership: db.prepare(
    'SELECT id, role FROM memberships WHERE "userId" = ? AND "organisationId" = ? LIMIT 1',
  ),
  begin: db.prepare('BEGIN IMMEDIATE'),
  commit: db.prepare('COMMIT'),
  rollback: db.prepare('ROLLBACK'),
  consultation: db.prepare('SELECT * FROM consultations WHERE id = ?'),
  organisation: db.prepare('SELECT id, name, "observerStatus" FROM organisations WHERE id = ?'),
  activeForEmail: db.prepare(`SELECT 1 FROM registrations
    WHERE "consultationId" = ? AND "participantEmail" = ? AND status IN ${ACTIVE} LIMIT 1`),
  claimPlace:
    db.prepare(`INSERT INTO registration_counters ("consultationId", "organisationId", held)
    VALUES (?, ?, 1) ON CONFLICT ("consultationId", "organisationId")
    DO UPDATE SET held = registration_counters.held + 1 WHERE registration_counters.held < ?`),
  claim: db.prepare(`UPDATE consultations
    SET "seatsConfirmed" = "seatsConfirmed" + 1, "updatedAt" = CURRENT_TIMESTAMP
    WHERE id = ? AND "seatsConfirmed" + "seatsOffered" < capacity`),
  joinWaitlist: db.prepare(`UPDATE consultations SET "waitlistNext" = "waitlistNext" + 1,
    "waitlistLength" = "waitlistLength" + 1 WHERE id = ?
    RETURNING "waitlistNext" AS seq, "waitlistLength" AS place`),
  // The necessary work's reads: the membership with the organisation, the consultation's rules.
  memberOrganisation: db.prepare(`SELECT o.id, o.name, o."observerStatus" FROM memberships m
    JOIN organisations o ON o.id = m."organisationId" WHERE m."userId" = ? AND m."organisationId" = ?`),
  rules: db.prepare(`SELECT id, status, "registrationOpensAt", "registrationClosesAt", eligibility,
    "perOrganisationLimit", "requiresApproval", title, city, "startsAt", timezone, "calendarSequence"
    FROM consultations WHERE id = ?`),
  insertRegistration: db.prepare(`INSERT INTO registrations
    (id, "consultationId", "organisationId", "registeredById", "participantName", "participantEmail",
     position, gender, nationality, "accessibilityNeeds", "dietaryNeeds", "needsVisaLetter",
     "publishConsent", status, "waitlistSeq", "offerExpiresAt", "checkedInAt", "submissionId",
     "createdAt", "updatedAt")
    VALUES (@id, @consultationId, @organisationId, @registeredById, @participantName,
     @participantEmail, @position, @gender, @nationality, @accessibilityNeeds, @dietaryNeeds,
     @needsVisaLetter, @publishConsent, @status, @waitlistSeq, NULL, NULL, NULL, @at, @at)`),
  insertAudit: db.prepare(`INSERT INTO audit_events
    (id, "actorId", action, entity, "entityId", details, at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
  people: db.prepare(`SELECT id, email, locale, "disabledAt" FROM users WHERE id = ?
    UNION ALL SELECT id, email, locale, "disabledAt" FROM users WHERE email = ?`),
  insertOutbox: db.prepare(`INSERT INTO outbox_messages
    (id, recipient, template, locale, payload, "secretKeys", kind, status, attempts,
     "nextAttemptAt", "queuedAt", "createdAt")
    VALUES (?, ?, 'registration', ?, ?, '[]', 'notification', 'queued', 0, ?, ?, ?)`),
};

class HttpError extends Error {
  constructor(status, code) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/** TypeORM's SQLite datetime format: UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
function toSqlite(date) {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function fromSqlite(text) {
  return text === null ? null : new Date(`${text.replace(' ', 'T')}Z`);
}

function link(pathname, query = {}) {
  const url = new URL(pathname, `${baseUrl}/`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

function authenticate(req) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || '');
  if (!match) throw new HttpError(401, 'UNAUTHORIZED');
  const hash = crypto.createHash('sha256').update(match[1]).digest('hex');
  const user = sql.tokenUser.get(hash, toSqlite(new Date()));
  if (!user || user.disabledAt) throw new HttpError(401, 'UNAUTHORIZED');
  if (user.tokenScope !== 'write') throw new HttpError(403, 'TOKEN_READ_ONLY');
  const now = Date.now();
  const lastUsed = fromSqlite(user.lastUsedAt);
  if (!lastUsed || now - lastUsed.getTime() > TOKEN_USE_RESOLUTION_MS) {
    sql.touchToken.run(toSqlite(new Date(now)), user.tokenId);
  }
  return user;
}

function text(value, max, { optional = false, lower = false, upper = false } = {}) {
  if (value === undefined && optional) return '';
  if (typeof value !== 'string') throw new HttpError(400, 'VALIDATION_FAILED');
  let result = value.trim();
  if (lower) result = result.toLowerCase();
  if (upper) result = result.toUpperCase();
  if ((!optional && result.length === 0) || result.length > max) {
    throw new HttpError(400, 'VALIDATION_FAILED');
  }
  return result;
}

function flag(value) {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new HttpError(400, 'VALIDATION_FAILED');
  return value;
}

function validate(body) {
  const p = body?.participant;
  if (!body || typeof body !== 'object' || typeof p !== 'object' || p === null) {
    throw new HttpError(400, 'VALIDATION_FAILED');
  }
  if (typeof body.organisationId !== 'string' || !UUID.test(body.organisationId)) {
    throw new HttpError(400, 'VALIDATION_FAILED');
  }
  const participant = {
    name: text(p.name, 200),
    email: text(p.email, 254, { lower: true }),
    position: text(p.position, 200, { optional: true }),
    gender: p.gender,
    nationality: text(p.nationality, 2, { upper: true }),
    accessibilityNeeds: p.accessibilityNeeds === undefined ? '' : p.accessibilityNeeds,
    dietaryNeeds: p.dietaryNeeds === undefined ? '' : p.dietaryNeeds,
    needsVisaLetter: flag(p.needsVisaLetter),
    publishConsent: flag(p.publishConsent),
  };
  if (
    !EMAIL.test(participant.email) ||
    !GENDERS.has(participant.gender) ||
    !/^[A-Z]{2}$/.test(participant.nationality) ||
    typeof participant.accessibilityNeeds !== 'string' ||
    typeof participant.dietaryNeeds !== 'string' ||
    participant.accessibilityNeeds.length > 2000 ||
    participant.dietaryNeeds.length > 2000
  ) {
    throw new HttpError(400, 'VALIDATION_FAILED');
  }
  return { organisationId: body.organisationId, participant };
}

/** The body of register(): everything from BEGIN IMMEDIATE to COMMIT. */
function register(user, consultationId, { organisationId, participant: p }) {
  const necessary = work === 'necessary';
  const member = necessary
    ? sql.memberOrganisation.get(user.id, organisationId)
    : sql.membership.get(user.id, organisationId);
  if (!member) throw new HttpError(404, 'NOT_FOUND');
  const now = new Date();
  const at = toSqlite(now);
  sql.begin.run();
  try {
    const c = (necessary ? sql.rules : sql.consultation).get(consultationId);
    if (!c || c.status === 'draft') throw new HttpError(404, 'NOT_FOUND');
    const opens = fromSqlite(c.registrationOpensAt);
    const closes = fromSqlite(c.registrationClosesAt);
    if (c.status !== 'published' || opens > now || now >= closes) {
      throw new HttpError(409, 'REGISTRATION_CLOSED');
    }
    const organisation = necessary ? member : sql.organisation.get(organisationId);
    if (!organisation) throw new HttpError(404, 'NOT_FOUND');
    if (c.eligibility === 'observers_only' && organisation.observerStatus !== 'observer') {
      throw new HttpError(409, 'NOT_ELIGIBLE');
    }
    if (!necessary && sql.activeForEmail.get(consultationId, p.email)) {
      throw new HttpError(409, 'ALREADY_REGISTERED');
    }
    const limit = c.perOrganisationLimit;
    if (sql.claimPlace.run(consultationId, organisationId, limit).changes !== 1) {
      throw new HttpError(409, 'ORGANISATION_LIMIT_REACHED');
    }
    let status = 'pending';
    if (!c.requiresApproval) {
      status = sql.claim.run(consultationId).changes === 1 ? 'confirmed' : 'waitlisted';
    }
    const queued = status === 'waitlisted' ? sql.joinWaitlist.get(consultationId) : null;
    const waitlistSeq = queued?.seq ?? null;
    const registration = {
      id: crypto.randomUUID(),
      consultationId,
      organisationId,
      registeredById: user.id,
      participantName: p.name,
      participantEmail: p.email,
      position: p.position,
      gender: p.gender,
      nationality: p.nationality,
      accessibilityNeeds: p.accessibilityNeeds,
      dietaryNeeds: p.dietaryNeeds,
      needsVisaLetter: p.needsVisaLetter ? 1 : 0,
      publishConsent: p.publishConsent ? 1 : 0,
      status,
      waitlistSeq,
      at,
    };
    sql.insertRegistration.run(registration);
    sql.insertAudit.run(
      crypto.randomUUID(),
      user.id,
      'registration.created',
      'registration',
      registration.id,
      JSON.stringify({ consultationId, organisationId, status }),
      at,
    );
    const position = queued?.place ?? null;
    tell(registration, c, organisation, now, position, necessary ? user : null);
    sql.commit.run();
    return { registration, createdAt: now, position };
  } catch (error) {
    if (db.inTransaction) sql.rollback.run();
    if (error?.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError(409, 'ALREADY_REGISTERED');
    throw error;
  }
}

/**
 * The participant and the registering member each get a queued message, as in the app: the
 * template's facts and, for a confirmation, what the worker renders the `.ics` from. The necessary
 * work knows the member already (`user`); the same-SQL one looks both people up, as the app does.
 */
function tell(registration, c, organisation, now, position, user) {
  const people = user
    ? []
    : sql.people.all(registration.registeredById, registration.participantEmail);
  const member = user ?? people.find((u) => u.id === registration.registeredById);
  const account = people.find((u) => u.email === registration.participantEmail);
  const startsAt = fromSqlite(c.startsAt);
  const consultationUrl = link(`/consultations/${c.id}`);
  const delegationUrl = link(`/organisations/${organisation.id}/delegation`);
  const payload = {
    event: registration.status,
    participant: registration.participantName,
    organisation: organisation.name,
    consultation: c.title,
    city: c.city,
    startsAt: startsAt.toISOString(),
    timezone: c.timezone,
    position,
    offerExpiresAt: null,
    reason: '',
    consultationUrl,
    delegationUrl,
    acceptUrl: link(`/organisations/${organisation.id}/delegation`, { offer: registration.id }),
    ...(registration.status === 'confirmed'
      ? {
          attachments: [
            {
              kind: 'calendar',
              registrationId: registration.id,
              participantVersion: 1,
              sequence: c.calendarSequence,
              method: 'PUBLISH',
              locale: account?.locale ?? member?.locale ?? 'en',
            },
          ],
        }
      : {}),
  };
  const recipients = new Map([
    [registration.participantEmail, account?.locale ?? member?.locale ?? 'en'],
  ]);
  if (member && !member.disabledAt && !recipients.has(member.email)) {
    recipients.set(member.email, member.locale);
  }
  const json = JSON.stringify(payload);
  const at = toSqlite(now);
  for (const [to, locale] of recipients) {
    sql.insertOutbox.run(crypto.randomUUID(), to, locale, json, at, at, at);
  }
}

function view({ registration: r, createdAt, position }) {
  return {
    id: r.id,
    consultationId: r.consultationId,
    organisationId: r.organisationId,
    registeredById: r.registeredById,
    participant: {
      name: r.participantName,
      email: r.participantEmail,
      position: r.position,
      gender: r.gender,
      nationality: r.nationality,
      accessibilityNeeds: r.accessibilityNeeds,
      dietaryNeeds: r.dietaryNeeds,
      needsVisaLetter: Boolean(r.needsVisaLetter),
      publishConsent: Boolean(r.publishConsent),
    },
    status: r.status,
    waitlistPosition: position,
    offerExpiresAt: null,
    checkedInAt: null,
    createdAt: createdAt.toISOString(),
  };
}

function sendJson(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
  });
  res.end(body);
}

function fail(res, error) {
  if (error instanceof HttpError) {
    sendJson(res, error.status, { error: error.code });
  } else {
    process.stderr.write(`${error?.stack ?? error}\n`);
    sendJson(res, 500, { error: 'INTERNAL' });
  }
}

const server = http.createServer((req, res) => {
  const pathname = req.url.split('?')[0];
  const route = req.method === 'POST' ? ROUTE.exec(pathname) : null;
  if (req.method === 'GET' && pathname === '/health') {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  if (!route) {
    sendJson(res, 404, { error: 'NOT_FOUND' });
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      if (size > MAX_BODY) throw new HttpError(413, 'PAYLOAD_TOO_LARGE');
      const user = authenticate(req);
      if (!UUID.test(route[1])) throw new HttpError(400, 'VALIDATION_FAILED');
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new HttpError(400, 'INVALID_JSON');
      }
      sendJson(res, 201, view(register(user, route[1].toLowerCase(), validate(body))));
    } catch (error) {
      fail(res, error);
    }
  });
});

// Longer than Node's 5 s default so keep-alive sockets never close under the load generator.
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  process.stdout.write(
    `registration baseline (${work}) listening on http://${host}:${server.address().port}\n`,
  );
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => {
      db.close();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}
