'use strict';
// "registration rush on PostgreSQL" (only with BENCH_PG_URL=postgres://… naming a server the
// bench may create databases on): two app instances on one fresh migrated database, the load
// spread over both, against two instances of ./pg-baseline.js (the necessary statements) on a
// copy of the same starting database; the seats and the counters are checked after each run.
const crypto = require('node:crypto');
const { URL } = require('node:url');
const { Client } = require('pg');
const { sha256 } = require('./data-helpers');

const INSTANCES = 2;

function databaseUrl(base, name) {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(base, statement) {
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** `count` organisations, each with a verified member holding a write token (as on SQLite). */
async function populateMembers(url, count) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const members = [];
    for (let i = 0; i < count; i++) {
      const [userId, organisationId] = [crypto.randomUUID(), crypto.randomUUID()];
      const token = `cvn_${crypto.randomBytes(32).toString('base64url')}`;
      const name = `Bench Migrant Workers Network ${i}`;
      await client.query(
        `INSERT INTO users (id, email, name, "passwordHash", role, locale, "emailVerifiedAt", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, '!', 'cso', 'en', now(), now(), now())`,
        [userId, `bench-member-${i}@example.org`, `Bench Member ${i}`],
      );
      await client.query(
        `INSERT INTO api_tokens (id, "userId", label, "tokenHash", scope, "createdAt", "expiresAt")
         VALUES ($1, $2, 'bench', $3, 'write', now(), now() + interval '365 days')`,
        [crypto.randomUUID(), userId, sha256(token)],
      );
      await client.query(
        `INSERT INTO organisations (id, name, "nameKey", country, region, type, "thematicAreas", description,
           "migrantLed", "womenLed", "youthLed", "observerStatus", "observerSince", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, 'SN', 'africa', 'ngo', '["migrants_rights"]', '', false, false, false,
           'observer', now(), now(), now())`,
        [organisationId, name, name.toLowerCase()],
      );
      await client.query(
        `INSERT INTO memberships (id, "userId", "organisationId", role, "createdAt")
         VALUES ($1, $2, $3, 'focal_point', now())`,
        [crypto.randomUUID(), userId, organisationId],
      );
      members.push({ organisationId, userId, token });
    }
    await client.query('COMMIT');
    return members;
  } finally {
    await client.end();
  }
}

/** Seats never oversold, and every counter equal to its rows. */
async function check(url, consultationId) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT c.capacity, c."seatsConfirmed", c."seatsOffered", c."waitlistLength",
        (SELECT COUNT(*)::int FROM registrations r WHERE r."consultationId" = c.id AND r.status = 'confirmed') AS confirmed,
        (SELECT COUNT(*)::int FROM registrations r WHERE r."consultationId" = c.id AND r.status = 'waitlisted') AS waitlisted,
        (SELECT COALESCE(SUM(held), 0)::int FROM registration_counters k WHERE k."consultationId" = c.id) AS held,
        (SELECT COUNT(*)::int FROM registrations r WHERE r."consultationId" = c.id
           AND r.status IN ('pending', 'confirmed', 'waitlisted', 'offered')) AS active
       FROM consultations c WHERE c.id = $1`,
      [consultationId],
    );
    const c = rows[0];
    const problems = [];
    if (c.seatsConfirmed + c.seatsOffered > c.capacity) problems.push('oversold');
    if (c.seatsConfirmed !== c.confirmed)
      problems.push(`seatsConfirmed ${c.seatsConfirmed} ≠ ${c.confirmed}`);
    if (c.waitlistLength !== c.waitlisted)
      problems.push(`waitlistLength ${c.waitlistLength} ≠ ${c.waitlisted}`);
    if (c.held !== c.active) problems.push(`held ${c.held} ≠ ${c.active} active`);
    return {
      ok: problems.length === 0,
      problems,
      capacity: c.capacity,
      confirmed: c.confirmed,
      waitlisted: c.waitlisted,
    };
  } finally {
    await client.end();
  }
}

async function runPgRush(h, scenario, load) {
  const base = process.env.BENCH_PG_URL;
  const name = `convene_bench_${Date.now().toString(36)}`;
  const [appUrl, baselineUrl] = [databaseUrl(base, name), databaseUrl(base, `${name}_baseline`)];
  h.write(`\n${scenario.name} on PostgreSQL: ${INSTANCES} instances each, database ${name}\n`);
  await admin(base, `CREATE DATABASE ${name}`);
  const started = [];
  try {
    const port = await h.freePort();
    const env = { ...h.appEnvFor(port), DATABASE_URL: appUrl };
    await h.migrate(env);
    const members = await populateMembers(appUrl, scenario.organisations);
    const first = h.startChild('app (PostgreSQL setup)', h.appCommand, env);
    await h.waitReady(first, port);
    const adminToken = await h.createApiToken(port, h.adminEmail, env.ADMIN_PASSWORD);
    const consultationId = await h.publishConsultation(port, adminToken, {
      title: 'Global Consultation on Migrant Workers (bench, PostgreSQL)',
      capacity: scenario.capacity,
      perOrganisationLimit: 1000,
    });
    await h.stopChild(first);
    await admin(
      appUrl,
      `UPDATE consultations SET "perOrganisationLimit" = ${scenario.perOrganisationLimit}`,
    );
    await admin(base, `CREATE DATABASE ${name}_baseline TEMPLATE ${name}`);
    const request = scenario.request({ consultationId, members });
    const measured = {};
    const seats = {};
    for (const [server, url, start] of [
      [
        'app',
        appUrl,
        (p) =>
          h.startChild(`app :${p}`, h.appCommand, {
            ...h.appEnvFor(p),
            DATABASE_URL: appUrl,
            ADMIN_PASSWORD: env.ADMIN_PASSWORD,
          }),
      ],
      [
        'baseline',
        baselineUrl,
        (p) =>
          h.startChild(`pg baseline :${p}`, h.pgBaselineCommand, {
            PORT: String(p),
            HOST: h.host,
            DATABASE_URL: baselineUrl,
          }),
      ],
    ]) {
      const ports = [];
      for (let i = 0; i < INSTANCES; i++) ports.push(await h.freePort());
      const children = ports.map((p) => start(p));
      started.push(...children);
      await Promise.all(children.map((child, i) => h.waitReady(child, ports[i])));
      // Each request goes to the next instance in turn, as a round-robin balancer would send it.
      const target = {
        ...request,
        port: ports[0],
        vary: (n) => ({
          ...request.vary(n),
          port: ports[((n % INSTANCES) + INSTANCES) % INSTANCES],
        }),
      };
      measured[server] = await h.measure(
        `${scenario.name} (PostgreSQL)`,
        `${server} ×${INSTANCES}`,
        target,
        load,
        children[0],
      );
      for (const child of children) await h.stopChild(child);
      seats[server] = await check(url, consultationId);
      h.write(
        `  ${server} seats: ${seats[server].ok ? 'ok' : `FAILED: ${seats[server].problems.join('; ')}`} (capacity ${seats[server].capacity}, ${seats[server].confirmed} confirmed, ${seats[server].waitlisted} waitlisted)\n`,
      );
      if (!seats[server].ok)
        h.fail(`${scenario.name} on PostgreSQL, ${server}: ${seats[server].problems.join('; ')}`);
    }
    const ratio =
      measured.baseline.requestsPerSecond > 0
        ? measured.app.requestsPerSecond / measured.baseline.requestsPerSecond
        : null;
    return {
      name: `${scenario.name} on PostgreSQL`,
      kind: 'rush',
      ...load,
      goal: scenario.goal,
      servers: [
        { label: `app ×${INSTANCES}`, stats: { ...measured.app, seats: seats.app } },
        {
          label: `pg baseline ×${INSTANCES} (necessary statements)`,
          stats: { ...measured.baseline, seats: seats.baseline },
        },
      ],
      ratio,
      ratioLabel: 'app/pg baseline',
      goalMet: ratio !== null && ratio >= scenario.goal.minRatio,
      seatsOk: seats.app.ok && seats.baseline.ok,
    };
  } finally {
    for (const child of started) await h.stopChild(child);
    for (const db of [`${name}_baseline`, name])
      await admin(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}

module.exports = { runPgRush };
