'use strict';
// The staff lists' scenarios, run by ./run.js with its helpers, each on a fresh migrated SQLite file
// filled by ./check-in-data.js (confirmed participants of one consultation, a reviewer with a token):
//  - "staff participant list": a signed-in reviewer's /staff/consultations/:id/participants, the
//    first page and a filtered, sorted second page, with 100 and then with 10,000 registrations;
//    goal: the p50 with 10,000 ≤ 2× the p50 with 100, for each of the two pages.
//  - "xlsx export memory": GET /api/v1/consultations/:id/registrations.xlsx of 10,000 rows, once
//    warm and then timed; goal: the app's peak RSS while it streams ≤ its idle RSS + 80 MB.
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const querystring = require('node:querystring');
const { setInterval, clearInterval } = require('node:timers');

const HOST = '127.0.0.1';
const ROOT = path.resolve(__dirname, '..');
const PASSWORD = 'bench staff passphrase';

const participantList = {
  name: 'staff participant list',
  sizes: [100, 10_000],
  organisations: 50,
  connections: 4,
  durationMs: 4000,
  warmupMs: 1000,
  goal: { maxP50Ratio: 2 },
};

const xlsxExport = {
  name: 'xlsx export memory',
  registrations: 10_000,
  organisations: 50,
  goal: { maxRssGrowthMb: 80 },
};

const names = [participantList.name, xlsxExport.name];

let h;

function signingKey() {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A migrated, filled database whose reviewer can sign in with PASSWORD; the app's env and port. */
async function prepare(label, registrations, organisations) {
  const { populateCheckIn } = require('./check-in-data');
  const Database = require('better-sqlite3');
  const { hashPassword } = require(path.join(ROOT, 'dist/accounts/passwords.js'));
  const dataDir = fs.mkdtempSync(path.join(h.tmpDir, `${label}-`));
  const databaseFile = path.join(dataDir, `${label}.sqlite`);
  const port = await h.freePort();
  const privateKeyPem = signingKey();
  const env = {
    ...h.appEnv({ port, dataDir, databaseFile, seedDemo: false }),
    BADGE_SIGNING_KEY: privateKeyPem,
    // Production refuses to start without it; a key of the run's own.
    DATA_ENCRYPTION_KEYS: `bench:${crypto.randomBytes(32).toString('base64')}`,
  };
  await h.migrate(env);
  const data = populateCheckIn(databaseFile, { registrations, organisations, privateKeyPem });
  const db = new Database(databaseFile);
  try {
    db.prepare(`UPDATE users SET "passwordHash" = ? WHERE email = 'bench-door@example.org'`).run(
      await hashPassword(PASSWORD),
    );
    // Every third participant needs a visa letter, so the filtered page filters something.
    db.prepare(`UPDATE registrations SET "needsVisaLetter" = 1 WHERE rowid % 3 = 0`).run();
  } finally {
    db.close();
  }
  return { dataDir, port, env, data };
}

function request(port, method, requestPath, headers = {}, body = '') {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, method, path: requestPath, headers, agent: false },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const cookiesOf = (res) => (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);

/** Signs the reviewer in through the form, as a browser would; answers the session's Cookie header. */
async function signIn(port) {
  const form = await request(port, 'GET', '/signin');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
  if (!csrf) throw new Error('staff lists: no CSRF token on /signin');
  const body = querystring.stringify({
    _csrf: csrf,
    email: 'bench-door@example.org',
    password: PASSWORD,
  });
  const done = await request(
    port,
    'POST',
    '/signin',
    {
      cookie: cookiesOf(form).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
    },
    body,
  );
  if (done.status !== 303) throw new Error(`staff lists: sign-in answered ${done.status}`);
  const jar = new Map(
    [...cookiesOf(form), ...cookiesOf(done)].map((c) => [c.slice(0, c.indexOf('=')), c]),
  );
  return [...jar.values()].join('; ');
}

const PAGES = {
  'first page': '',
  'filtered page': '?status=confirmed&needsVisaLetter=false&sort=name&dir=desc',
};

async function runParticipantList(appCommand, load) {
  const measured = [];
  for (const size of participantList.sizes) {
    const { dataDir, port, env, data } = await prepare(
      `staff-list-${size}`,
      size,
      participantList.organisations,
    );
    const app = h.startChild(`app (staff list, ${size})`, appCommand, env);
    await h.waitReady(app, port);
    const cookie = await signIn(port);
    for (const [page, query] of Object.entries(PAGES)) {
      const target = {
        port,
        path: `/staff/consultations/${data.consultationId}/participants${query}`,
        headers: { cookie, accept: 'text/html' },
      };
      const probe = await request(port, 'GET', target.path, target.headers);
      if (probe.status !== 200)
        h.failures.push(`${participantList.name}: ${page} answered ${probe.status}`);
      const stats = await h.measure(
        `${participantList.name}, ${page}`,
        `app, ${size}`,
        target,
        load,
        app,
      );
      measured.push({ page, registrations: size, ...stats });
    }
    await h.stopChild(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const ratios = Object.keys(PAGES).map((page) => {
    const [small, large] = participantList.sizes.map((size) =>
      measured.find((m) => m.page === page && m.registrations === size),
    );
    return { page, p50Ratio: small.p50Ms > 0 ? large.p50Ms / small.p50Ms : null };
  });
  const goalMet = ratios.every(
    (r) => r.p50Ratio !== null && r.p50Ratio <= participantList.goal.maxP50Ratio,
  );
  for (const r of ratios) {
    process.stdout.write(
      `  ${r.page}: p50 ${participantList.sizes[1]}/${participantList.sizes[0]} = ${r.p50Ratio?.toFixed(2)} (goal ≤ ${participantList.goal.maxP50Ratio})\n`,
    );
  }
  return {
    name: participantList.name,
    kind: 'staff-list',
    ...load,
    goal: participantList.goal,
    goalMet,
    ratios,
    measured,
    tableRows: measured.map((m) => {
      const ratio = ratios.find((r) => r.page === m.page);
      const last = m.registrations === participantList.sizes[participantList.sizes.length - 1];
      return [
        `${participantList.name}, ${m.page}`,
        `app, ${m.registrations} registrations`,
        m.requestsPerSecond.toFixed(1),
        m.p50Ms.toFixed(2),
        m.p99Ms.toFixed(2),
        m.cpuMsPerRequest === null ? '-' : m.cpuMsPerRequest.toFixed(2),
        '0',
        last
          ? `p50 ratio ${ratio.p50Ratio?.toFixed(2)} (goal ≤ 2): ${ratio.p50Ratio <= 2 ? 'goal met' : 'goal missed'}`
          : '',
      ];
    }),
  };
}

/** Downloads the workbook, sampling the app's RSS every 20 ms. */
function download(port, requestPath, token, pid) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let peakKb = 0;
    let bytes = 0;
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
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => {
          clearInterval(timer);
          sample();
          resolve({
            status: res.statusCode,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            bytes,
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

async function runXlsxExport(appCommand) {
  const { dataDir, port, env, data } = await prepare(
    'xlsx',
    xlsxExport.registrations,
    xlsxExport.organisations,
  );
  process.stdout.write(`\n${xlsxExport.name}: ${xlsxExport.registrations} registrations\n`);
  const requestPath = `/api/v1/consultations/${data.consultationId}/registrations.xlsx`;
  const app = h.startChild('app (xlsx export)', appCommand, env);
  await h.waitReady(app, port);
  const idleKb = h.readRssKb(app.pid);
  await download(port, requestPath, data.staffToken, app.pid); // warm
  const timed = await download(port, requestPath, data.staffToken, app.pid);
  await h.stopChild(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const growthMb = idleKb === null ? null : (timed.peakKb - idleKb) / 1024;
  const goalMet =
    timed.status === 200 && growthMb !== null && growthMb <= xlsxExport.goal.maxRssGrowthMb;
  if (timed.status !== 200) h.failures.push(`${xlsxExport.name}: answered ${timed.status}`);
  const summary =
    `${(timed.ms / 1000).toFixed(2)} s, ${(timed.bytes / 1024 / 1024).toFixed(1)} MB; RSS ${(idleKb / 1024).toFixed(0)} MB idle, ` +
    `peak ${(timed.peakKb / 1024).toFixed(0)} MB (+${growthMb?.toFixed(0)} MB, goal ≤ +${xlsxExport.goal.maxRssGrowthMb}): ${goalMet ? 'goal met' : 'goal missed'}`;
  process.stdout.write(`  ${summary}\n`);
  return {
    name: xlsxExport.name,
    kind: 'staff-list',
    registrations: xlsxExport.registrations,
    status: timed.status,
    seconds: timed.ms / 1000,
    bytes: timed.bytes,
    idleRssMb: idleKb / 1024,
    peakRssMb: timed.peakKb / 1024,
    growthMb,
    goal: xlsxExport.goal,
    goalMet,
    tableRows: [
      [
        xlsxExport.name,
        `app, ${xlsxExport.registrations} rows`,
        '-',
        timed.ms.toFixed(0),
        '-',
        '-',
        timed.status === 200 ? '0' : `1 (${timed.status})`,
        summary,
      ],
    ],
  };
}

/** The scenarios of `selected` this file owns, each in its own processes; skipped without the real app. */
async function run(helpers, { appCommand, realApp, selected, loadOf }) {
  h = helpers;
  const results = [];
  for (const name of names.filter((n) => selected.has(n))) {
    if (!realApp) {
      process.stdout.write(`\n${name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`);
    } else if (name === participantList.name) {
      process.stdout.write(`\n${name}\n`);
      results.push(await runParticipantList(appCommand, loadOf(participantList)));
    } else {
      results.push(await runXlsxExport(appCommand));
    }
  }
  return results;
}

module.exports = { names, run, participantList, xlsxExport };
