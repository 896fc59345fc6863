'use strict';
// The door's scenarios, run by ./run.js with its helpers:
//  - "check-in by scan": POST /api/v1/check-ins at 50 connections, each request a different
//    participant's badge (first scans check in and write an audit row; once every badge has been
//    scanned, repeats answer "already checked in"), against ./check-in-baseline.js (bare node:http +
//    better-sqlite3, the same route) on a copy of the same database; goal app/baseline ≥ 0.5.
//  - "badge sheet": staff download GET /api/v1/consultations/:id/badges.pdf?perPage=8 for 500
//    confirmed participants, once warm and then timed; the time to the last byte, the pages
//    (checked: 500 / 8 rounded up) and the app's peak RSS while it streams.
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { setInterval, clearInterval } = require('node:timers');

const HOST = '127.0.0.1';

const checkInScan = {
  name: 'check-in by scan',
  registrations: 6000,
  organisations: 60,
  connections: 50,
  durationMs: 5000,
  warmupMs: 1000,
  goal: { minRatio: 0.5 },
};

const badgeSheet = {
  name: 'badge sheet',
  registrations: 500,
  organisations: 50,
  perPage: 8,
};

const names = [checkInScan.name, badgeSheet.name];

function signingKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** A migrated database filled by ./check-in-data.js, in its own directory, with the app's env. */
async function prepare(h, label, size) {
  const { populateCheckIn } = require('./check-in-data');
  const dataDir = fs.mkdtempSync(path.join(h.tmpDir, `${label}-`));
  const databaseFile = path.join(dataDir, `${label}.sqlite`);
  const port = await h.freePort();
  const key = signingKey();
  const env = {
    ...h.appEnv({ port, dataDir, databaseFile, seedDemo: false }),
    BADGE_SIGNING_KEY: key.privateKeyPem,
  };
  await h.migrate(env);
  const data = populateCheckIn(databaseFile, { ...size, privateKeyPem: key.privateKeyPem });
  return { dataDir, databaseFile, port, env, key, data };
}

async function runCheckInScan(h, appCommand, load) {
  const prepared = await prepare(h, 'check-in', checkInScan);
  const { data, port, env, key, dataDir, databaseFile } = prepared;
  process.stdout.write(
    `\n${checkInScan.name}: ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms; ` +
      `${data.codes.length} confirmed participants written in ${data.seconds.toFixed(1)} s\n`,
  );
  const baselineFile = path.join(dataDir, 'baseline.sqlite');
  fs.copyFileSync(databaseFile, baselineFile);
  const target = (serverPort) => ({
    port: serverPort,
    method: 'POST',
    path: '/api/v1/check-ins',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${data.staffToken}`,
    },
    // Each request another badge; the preflight probe (n = -1) takes the last one.
    vary: (n) => ({ body: { code: data.codes[(n + data.codes.length) % data.codes.length] } }),
  });
  const measured = {};
  const app = h.startChild('app (check-in)', appCommand, env);
  await h.waitReady(app, port);
  measured.app = await h.measure(checkInScan.name, 'app', target(port), load, app);
  await h.stopChild(app);

  const baselinePort = await h.freePort();
  const baseline = h.startChild(
    'check-in baseline',
    [process.execPath, path.join(__dirname, 'check-in-baseline.js')],
    {
      PORT: String(baselinePort),
      HOST,
      DATABASE_FILE: baselineFile,
      BADGE_PUBLIC_KEY: key.publicKeyPem,
    },
  );
  await h.waitReady(baseline, baselinePort);
  measured.baseline = await h.measure(
    checkInScan.name,
    'baseline',
    target(baselinePort),
    load,
    baseline,
  );
  await h.stopChild(baseline);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const result = h.pairResult(
    checkInScan,
    load,
    { app: target(port), baseline: target(baselinePort) },
    measured,
  );
  process.stdout.write(
    `  req/s app/baseline = ${result.ratio === null ? 'n/a' : result.ratio.toFixed(3)} (goal ≥ ${checkInScan.goal.minRatio})\n`,
  );
  return result;
}

/** Downloads the sheet, sampling the app's RSS every 20 ms; resolves time, bytes and pages. */
function downloadSheet(port, requestPath, token, pid) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let peakKb = 0;
    const sample = () => {
      const kb = h.readRssKb(pid);
      if (kb !== null && kb > peakKb) peakKb = kb;
    };
    const timer = setInterval(sample, 20);
    const req = http.get(
      {
        host: HOST,
        port,
        path: requestPath,
        headers: { authorization: `Bearer ${token}` },
        agent: false,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          clearInterval(timer);
          sample();
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            bytes: body.length,
            pages: (body.toString('latin1').match(/\/Type \/Page\b(?!s)/g) || []).length,
            peakKb,
          });
        });
      },
    );
    req.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
  });
}

let h;

async function runBadgeSheet(helpers, appCommand) {
  h = helpers;
  const { data, port, env, dataDir } = await prepare(h, 'badges', badgeSheet);
  const requestPath = `/api/v1/consultations/${data.consultationId}/badges.pdf?perPage=${badgeSheet.perPage}`;
  process.stdout.write(
    `\n${badgeSheet.name}: ${data.codes.length} confirmed participants, ${badgeSheet.perPage} a page\n`,
  );
  const app = h.startChild('app (badge sheet)', appCommand, env);
  await h.waitReady(app, port);
  const idleKb = h.readRssKb(app.pid);
  await downloadSheet(port, requestPath, data.staffToken, app.pid); // warm
  const timed = await downloadSheet(port, requestPath, data.staffToken, app.pid);
  await h.stopChild(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const expectedPages = Math.ceil(badgeSheet.registrations / badgeSheet.perPage);
  const problems = [];
  if (timed.status !== 200) problems.push(`answered ${timed.status}`);
  if (timed.pages !== expectedPages)
    problems.push(`${timed.pages} pages, expected ${expectedPages}`);
  for (const problem of problems) h.failures.push(`${badgeSheet.name}: ${problem}`);
  const result = {
    name: badgeSheet.name,
    kind: 'document',
    registrations: badgeSheet.registrations,
    perPage: badgeSheet.perPage,
    status: timed.status,
    seconds: timed.ms / 1000,
    bytes: timed.bytes,
    pages: timed.pages,
    idleRssMb: idleKb === null ? null : idleKb / 1024,
    peakRssMb: timed.peakKb / 1024,
    problems,
  };
  process.stdout.write(
    `  ${result.seconds.toFixed(2)} s, ${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.pages} pages; ` +
      `RSS ${result.idleRssMb?.toFixed(0)} MB idle, peak ${result.peakRssMb.toFixed(0)} MB${problems.length ? `; FAILED: ${problems.join('; ')}` : ''}\n`,
  );
  return result;
}

/** The scenarios of `selected` this file owns, each in its own processes; skipped without the real app. */
async function run(helpers, { appCommand, realApp, selected, loadOf }) {
  h = helpers;
  const results = [];
  for (const name of names.filter((n) => selected.has(n))) {
    if (!realApp) {
      process.stdout.write(`\n${name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`);
    } else if (name === checkInScan.name) {
      results.push(await runCheckInScan(helpers, appCommand, loadOf(checkInScan)));
    } else {
      results.push(await runBadgeSheet(helpers, appCommand));
    }
  }
  return results;
}

/** The table row of a "document" result (the badge sheet). */
function tableRow(result) {
  return [
    result.name,
    `app, ${result.registrations} badges, ${result.perPage} a page`,
    '-',
    (result.seconds * 1000).toFixed(0),
    '-',
    '-',
    result.problems.length ? `1 (${result.problems.join('; ')})` : '0',
    `${result.seconds.toFixed(2)} s, ${result.pages} pages, peak RSS ${result.peakRssMb.toFixed(0)} MB (idle ${result.idleRssMb?.toFixed(0)} MB)`,
  ];
}

module.exports = { names, run, tableRow, checkInScan, badgeSheet };
