'use strict';
// Convene benchmark, each server in its own child process on 127.0.0.1, then a table and
// bench/results/latest.json:
//  - each scenario in ./scenarios.js against the built app (demo data) and against a bare node:http
//    baseline (./bare-server.js);
//  - the consultation scenarios, on a fresh migrated SQLite file with members written by
//    ./registration-data.js and consultations created and published through the API:
//    "consultation page" (the public page against the bare server sending the same bytes),
//    "registration rush" (./rush.js: in rounds, the registration API against
//    ./registration-baseline.js doing the necessary work and doing the app's own SQL, each on a
//    fresh copy of the same database, the seat invariant checked after each run; the rush into a
//    50,000-long waiting list against an empty one; p99 at a fixed 400 req/s) and "CSV export
//    memory" (the app's RSS while staff download 10k registrations);
//  - "registration rush on PostgreSQL" (./pg-rush.js, only with BENCH_PG_URL): two app instances
//    against two ./pg-baseline.js instances, no seat oversold;
//  - "directory search": the app alone, once per directory size, each on a fresh SQLite file
//    migrated by dist/database/migrate.js and filled by ./directory-data.js;
//  - "archive search": the app alone, once per archive size (1k and 20k published submissions),
//    each on a fresh SQLite file migrated and filled by ./archive-data.js;
//  - "funding ranking": a reviewer's ranked list of 2,000 travel funding applications (the app
//    scores and sorts them) against ./funding-baseline.js loading the same rows with one SQL query,
//    on a fresh migrated SQLite file filled by ./funding-data.js; the order is checked.
//  - "follow-up page": the public /follow-up page, the app alone, with 10 and with 300 action points
//    over 10 years, each on a fresh SQLite file filled by ./follow-up-data.js.
//
//   BENCH_ONLY         comma-separated scenario names to run, e.g.
//                      BENCH_ONLY="registration rush,csv export memory"; case, spaces and punctuation
//                      do not matter (registration-rush) and the start of one name is enough (csv).
//   BENCH_APP_CMD      overrides the app command (split on whitespace, run from the project root),
//                      e.g. BENCH_APP_CMD="node bench/bare-server.js" to test the harness itself.
//                      The consultation and directory scenarios need the real app: skipped.
//   BENCH_DURATION_MS  overrides every scenario's measured duration (quick smoke runs).
//   BENCH_DIRECTORY_SIZES  comma-separated directory sizes (default 1000,100000); the goal compares
//                      the last with the first.
//   BENCH_ARCHIVE_SIZES  comma-separated archive sizes (default 1000,20000).
//   BENCH_CPU_PROF     a directory: every app started by the bench runs with node --cpu-prof and
//                      writes its .cpuprofile there when stopped (open it in Chrome DevTools, or
//                      `node bench/profile-summary.js <dir> [top] [start-up ms]` for each package's share).
//   BENCH_ROUNDS       rounds of the registration rush (default 3; the median is reported).
//   BENCH_PG_URL       postgres://… of a server the bench may create (and drop) databases on.
const { Buffer } = require('node:buffer');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout, clearTimeout, setInterval, clearInterval } = require('node:timers');
const { runLoad, probe } = require('./load');
const { runRush } = require('./rush');
const { runPgRush } = require('./pg-rush');
const scenarios = require('./scenarios');
const door = require('./check-in');
const letterGeneration = require('./letters');
const staffLists = require('./staff-lists');

const {
  directorySearch,
  archiveSearch,
  consultationPage,
  registrationRush,
  csvExport,
  fundingRanking,
  followUpPage,
  consultationBody,
} = scenarios;

const ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(__dirname, 'results', 'latest.json');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const MIGRATE_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const CSV_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_BYTES = 64 * 1024;
const ADMIN_EMAIL = 'bench-admin@example.org';
const PG_RUSH = 'registration rush on postgresql';

// USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on every Linux build Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

const children = new Set();
const failures = [];
let tmpDir;

async function main() {
  const appCommand = resolveAppCommand();
  const realApp = !process.env.BENCH_APP_CMD?.trim();
  const adminPassword = randomString(20);
  const pairScenarios = scenarios({ adminEmail: ADMIN_EMAIL, adminPassword });
  const selected = resolveOnly([
    ...pairScenarios.map((scenario) => scenario.name),
    consultationPage.name,
    registrationRush.name,
    csvExport.name,
    directorySearch.name,
    archiveSearch.name,
    fundingRanking.name,
    followUpPage.name,
    PG_RUSH,
    ...door.names,
    ...staffLists.names,
    letterGeneration.name,
  ]);
  const durationOverride = process.env.BENCH_DURATION_MS
    ? Number(process.env.BENCH_DURATION_MS)
    : undefined;
  if (durationOverride !== undefined && !(durationOverride > 0)) {
    throw new Error('BENCH_DURATION_MS must be a positive number of milliseconds');
  }
  const loadOf = (scenario) => ({
    connections: scenario.connections,
    durationMs: durationOverride ?? scenario.durationMs,
    warmupMs: scenario.warmupMs ?? 1000,
  });
  const directorySizes = selected.has(directorySearch.name) ? resolveDirectorySizes() : null;
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-bench-'));
  const results = [];

  const pairs = pairScenarios.filter((scenario) => selected.has(scenario.name));
  if (pairs.length) {
    const [appPort, barePort] = await Promise.all([freePort(), freePort()]);
    let bare = startBare(barePort);
    const app = startChild(
      'app',
      appCommand,
      appEnv({
        port: appPort,
        dataDir: tmpDir,
        databaseFile: path.join(tmpDir, 'bench.sqlite'),
        seedDemo: true,
        adminPassword,
      }),
    );
    process.stdout.write(`Starting app (${appCommand.join(' ')}) and baseline...\n`);
    await Promise.all([waitReady(bare, barePort), waitReady(app, appPort)]);
    if (realApp && pairs.some((scenario) => scenario.sameBytes)) {
      // The pages are compared serving the same bytes: the bare server sends the app's home page.
      const home = pairs.find((scenario) => scenario.sameBytes);
      await stopChild(bare);
      bare = startBare(barePort, await savePage(home.name, { ...home.app, port: appPort }));
      await waitReady(bare, barePort);
    }
    for (const scenario of pairs) {
      results.push(
        await runPair(
          scenario,
          loadOf(scenario),
          {
            app: { ...scenario.app, port: appPort },
            baseline: { ...scenario.baseline, port: barePort },
          },
          { app, baseline: bare },
        ),
      );
    }
    // The other scenarios start their own servers, with nothing else running.
    await stopChildren();
  }

  const consultationScenarios = [consultationPage, registrationRush, csvExport].filter((scenario) =>
    selected.has(scenario.name),
  );
  if (consultationScenarios.length && !realApp) {
    for (const { name } of consultationScenarios) {
      process.stdout.write(`\n${name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`);
    }
  } else if (consultationScenarios.length) {
    results.push(
      ...(await runConsultationScenarios(appCommand, {
        page: selected.has(consultationPage.name) ? loadOf(consultationPage) : null,
        rush: selected.has(registrationRush.name) ? loadOf(registrationRush) : null,
        csv: selected.has(csvExport.name),
      })),
    );
  }

  if (directorySizes && !realApp) {
    process.stdout.write(
      `\n${directorySearch.name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`,
    );
  } else if (directorySizes) {
    results.push(await runDirectoryScenario(appCommand, directorySizes, loadOf(directorySearch)));
  }

  if (selected.has(archiveSearch.name) && !realApp) {
    process.stdout.write(
      `\n${archiveSearch.name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`,
    );
  } else if (selected.has(archiveSearch.name)) {
    results.push(await runArchiveScenario(appCommand, loadOf(archiveSearch)));
  }

  if (selected.has(fundingRanking.name) && !realApp) {
    process.stdout.write(
      `\n${fundingRanking.name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`,
    );
  } else if (selected.has(fundingRanking.name)) {
    results.push(await runFundingRanking(appCommand, loadOf(fundingRanking)));
  }

  if (selected.has(followUpPage.name) && !realApp) {
    process.stdout.write(
      `\n${followUpPage.name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`,
    );
  } else if (selected.has(followUpPage.name)) {
    results.push(await runFollowUpPage(appCommand, loadOf(followUpPage)));
  }

  if (selected.has(PG_RUSH) && (!realApp || !process.env.BENCH_PG_URL?.trim())) {
    process.stdout.write(
      `\n${PG_RUSH}: skipped (${realApp ? 'set BENCH_PG_URL=postgres://… to a server the bench may create databases on' : 'needs the real app'})\n`,
    );
  } else if (selected.has(PG_RUSH)) {
    const helpers = rushHelpers(appCommand, null, { dir: tmpDir, adminPassword: randomString(20) });
    results.push(
      await runPgRush(
        {
          ...helpers,
          appEnvFor: (port) => helpers.appEnvFor(path.join(tmpDir, 'unused.sqlite'), port),
          migrate,
          createApiToken,
          publishConsultation,
          adminEmail: ADMIN_EMAIL,
          pgBaselineCommand: [process.execPath, path.join(__dirname, 'pg-baseline.js')],
          fail: (problem) => failures.push(problem),
        },
        registrationRush,
        loadOf(registrationRush),
      ),
    );
  }
  const helpers = { tmpDir, freePort, appEnv, migrate, startChild, waitReady, stopChild };
  Object.assign(helpers, { measure, pairResult, readRssKb, failures });
  results.push(...(await door.run(helpers, { appCommand, realApp, selected, loadOf })));
  results.push(...(await staffLists.run(helpers, { appCommand, realApp, selected, loadOf })));
  // Not a request scenario: it prints its own line (time and peak RSS of 200 letters).
  const letters = selected.has(letterGeneration.name) ? await letterGeneration.run() : null;

  printTable(results);
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        appCommand: appCommand.join(' '),
        only: process.env.BENCH_ONLY?.trim() || null,
        letters,
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        loadAverage: os.loadavg(),
        scenarios: results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nResults written to ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
  if (failures.length) {
    throw new Error(`correctness check failed:\n  ${failures.join('\n  ')}`);
  }
}

/**
 * BENCH_ONLY as the set of scenario names to run (all when unset). An item matches a name written
 * the same way ignoring case, spaces and punctuation, or else the start of exactly one name.
 */
function resolveOnly(names) {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return new Set(names);
  const slug = (text) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const chosen = new Set();
  for (const item of raw.split(',').map(slug).filter(Boolean)) {
    const exact = names.filter((name) => slug(name) === item);
    const matches = exact.length ? exact : names.filter((name) => slug(name).startsWith(item));
    if (matches.length !== 1) {
      throw new Error(
        `BENCH_ONLY: "${item}" ${matches.length ? 'is ambiguous' : 'matches no scenario'}; ` +
          `scenarios: ${names.map((name) => `"${name}"`).join(', ')}`,
      );
    }
    chosen.add(matches[0]);
  }
  return chosen;
}

/** The same load on the app and then on its baseline; the goal compares their req/s. */
async function runPair(scenario, load, targets, servers = {}) {
  process.stdout.write(
    `\n${scenario.name}: ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms\n`,
  );
  const measured = {};
  for (const server of ['app', 'baseline']) {
    measured[server] = await measure(scenario.name, server, targets[server], load, servers[server]);
  }
  return pairResult(scenario, load, targets, measured);
}

/**
 * One load run. With the server's child process, also the CPU time it spent per request over the
 * whole run (warm-up included): unlike req/s it hardly moves when other work shares the machine.
 */
async function measure(name, server, target, load, child) {
  await preflight(name, server, target);
  const cpuBefore = child ? cpuMs(child.pid) : null;
  const stats = await runLoad(target, load);
  const cpuAfter = child ? cpuMs(child.pid) : null;
  stats.cpuMsPerRequest =
    cpuBefore !== null && cpuAfter !== null && stats.requests > 0
      ? (cpuAfter - cpuBefore) / stats.requests
      : null;
  process.stdout.write(
    `  ${server}: ${formatNumber(stats.requestsPerSecond, 1)} req/s, ` +
      `p50 ${formatNumber(stats.p50Ms, 2)} ms, p99 ${formatNumber(stats.p99Ms, 2)} ms, ` +
      `${formatNumber(stats.cpuMsPerRequest, 2)} CPU ms/request\n`,
  );
  return stats;
}

/** User + system CPU time of a process so far, in ms (Linux /proc; null elsewhere). */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function pairResult(scenario, load, targets, measured) {
  const ratio =
    measured.baseline.requestsPerSecond > 0
      ? measured.app.requestsPerSecond / measured.baseline.requestsPerSecond
      : null;
  const cpu = [measured.app.cpuMsPerRequest, measured.baseline.cpuMsPerRequest];
  return {
    name: scenario.name,
    ...load,
    goal: scenario.goal ?? null,
    ratio,
    goalMet: scenario.goal ? ratio !== null && ratio >= scenario.goal.minRatio : null,
    // The same comparison from CPU time per request: baseline/app (higher is better for the app).
    cpuRatio: cpu[0] > 0 && cpu[1] !== null ? cpu[1] / cpu[0] : null,
    app: { request: describe(targets.app), ...measured.app },
    baseline: { request: describe(targets.baseline), ...measured.baseline },
  };
}

/**
 * One migrated database with `registrationRush.organisations` members (direct SQL); the app started
 * on it creates and publishes the consultations through the API as the admin. Copies of that state
 * feed the registration baseline and the CSV export's app.
 */
async function runConsultationScenarios(appCommand, want) {
  // Loaded here: it needs dist/ and better-sqlite3, which the pair scenarios do not.
  const data = require('./registration-data');
  const dir = fs.mkdtempSync(path.join(tmpDir, 'consultations-'));
  const appFile = path.join(dir, 'app.sqlite');
  const adminPassword = randomString(20);
  const port = await freePort();
  const env = appEnv({ port, dataDir: dir, databaseFile: appFile, seedDemo: false, adminPassword });
  process.stdout.write(
    `\nConsultations: migrating; ${registrationRush.organisations} organisations, each with a member holding an API token...\n`,
  );
  await migrate(env);
  const members = data.populateMembers(appFile, registrationRush.organisations);
  let app = startChild('app (consultations)', appCommand, env);
  await waitReady(app, port);
  const adminToken = await createApiToken(port, ADMIN_EMAIL, adminPassword);
  const rushConsultation = await publishConsultation(port, adminToken, {
    title: 'Global Consultation on Migrant Workers (bench)',
    capacity: registrationRush.capacity,
    perOrganisationLimit: Math.min(1000, registrationRush.perOrganisationLimit),
  });
  data.setPerOrganisationLimit(appFile, rushConsultation, registrationRush.perOrganisationLimit);
  // Two more rush targets of one seat each: an empty waiting list, and one already long.
  let emptyListConsultation = null;
  let fullListConsultation = null;
  if (want.rush) {
    const { waiting, heavy } = registrationRush.waitingList;
    [emptyListConsultation, fullListConsultation] = [
      await publishConsultation(port, adminToken, {
        title: 'Rush, empty list (bench)',
        capacity: 1,
      }),
      await publishConsultation(port, adminToken, {
        title: 'Rush, long list (bench)',
        capacity: 1,
      }),
    ];
    for (const id of [emptyListConsultation, fullListConsultation])
      data.setPerOrganisationLimit(appFile, id, registrationRush.perOrganisationLimit);
    const seconds = data.populateWaitingList(appFile, fullListConsultation, members, {
      capacity: 1,
      waiting,
      heavy,
    });
    process.stdout.write(
      `  ${waiting} waiting registrations (${heavy} of one organisation) written in ${seconds.toFixed(1)} s\n`,
    );
  }
  const csvConsultation = want.csv
    ? await publishConsultation(port, adminToken, {
        title: 'Regional Consultation on Labour Mobility (bench export)',
        capacity: csvExport.registrations * 2,
        perOrganisationLimit: 1000,
      })
    : null;
  // The state both registration servers start from, and the export's starting point.
  const baselineFile = path.join(dir, 'baseline.sqlite');
  const csvFile = path.join(dir, 'csv.sqlite');
  if (want.rush) await data.copyDatabase(appFile, baselineFile);
  if (want.csv) await data.copyDatabase(appFile, csvFile);

  const results = [];
  if (want.page) {
    const barePort = await freePort();
    const page = { ...consultationPage.app(rushConsultation), port };
    const bare = startBare(barePort, await savePage(consultationPage.name, page));
    await waitReady(bare, barePort);
    results.push(
      await runPair(
        consultationPage,
        want.page,
        {
          app: { ...consultationPage.app(rushConsultation), port },
          baseline: { ...consultationPage.baseline, port: barePort },
        },
        { app, baseline: bare },
      ),
    );
    await stopChild(bare);
  }

  if (want.rush) {
    if (children.has(app)) await stopChild(app);
    results.push(
      ...(await runRush({
        h: rushHelpers(appCommand, data, { dir, adminPassword }),
        scenario: registrationRush,
        load: want.rush,
        members,
        pristine: baselineFile,
        dir,
        rushConsultation,
        emptyListConsultation,
        fullListConsultation,
      })),
    );
  }
  if (children.has(app)) await stopChild(app);

  if (want.csv) {
    const seconds = data.populateRegistrations(
      csvFile,
      csvConsultation,
      members,
      csvExport.registrations,
    );
    process.stdout.write(
      `\n${csvExport.name}: ${csvExport.registrations} registrations written in ${seconds.toFixed(1)} s, ` +
        `app RSS sampled every ${csvExport.sampleMs} ms\n`,
    );
    const csvPort = await freePort();
    app = startChild(
      'app (CSV export)',
      appCommand,
      appEnv({ port: csvPort, dataDir: dir, databaseFile: csvFile, seedDemo: false }),
    );
    await waitReady(app, csvPort);
    results.push(
      await runCsvExport(app, { ...csvExport.request(csvConsultation), port: csvPort }, adminToken),
    );
    await stopChild(app);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return results;
}

/** What ./rush.js borrows from this file to start, measure and stop its servers. */
function rushHelpers(appCommand, data, { dir, adminPassword }) {
  return {
    appCommand,
    data,
    host: HOST,
    durationOverride: process.env.BENCH_DURATION_MS
      ? Number(process.env.BENCH_DURATION_MS)
      : undefined,
    appEnvFor: (file, port) =>
      appEnv({ port, dataDir: dir, databaseFile: file, seedDemo: false, adminPassword }),
    startChild,
    waitReady,
    stopChild,
    measure,
    freePort,
    reportSeats,
    write: (text) => process.stdout.write(text),
    removeDatabase: (file) => {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

function reportSeats(server, check) {
  const { capacity, confirmed, offered, registrations } = check.counts;
  const statuses = Object.entries(registrations ?? {})
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  if (check.ok) {
    process.stdout.write(
      `  ${server} seats: ok (capacity ${capacity}, seatsConfirmed ${confirmed}, seatsOffered ${offered}; registrations: ${statuses})\n`,
    );
  } else {
    const problem = `${registrationRush.name}, ${server}: seats FAILED: ${check.problems.join('; ')}`;
    process.stdout.write(`  ${problem}\n`);
    process.stderr.write(`\n!!! ${problem}\n\n`);
    failures.push(problem);
  }
  return { ok: check.ok, problems: check.problems, ...check.counts };
}

/**
 * The app's VmRSS every `csvExport.sampleMs`: `idleMs` before the request (their median is the
 * level before), then during the download, which is read as fast as it comes.
 */
async function runCsvExport(app, target, adminToken) {
  const samples = [];
  const sample = () => {
    const kb = readRssKb(app.pid);
    if (kb !== null) samples.push({ at: Date.now(), kb });
  };
  sample();
  const timer = setInterval(sample, csvExport.sampleMs);
  let download;
  let startedAt;
  let endedAt;
  try {
    await sleep(csvExport.idleMs);
    startedAt = Date.now();
    download = await downloadCsv({ ...target, headers: { authorization: `Bearer ${adminToken}` } });
    sample();
    endedAt = Date.now();
  } finally {
    clearInterval(timer);
  }
  const before = median(samples.filter((s) => s.at < startedAt).map((s) => s.kb));
  const during = samples.filter((s) => s.at >= startedAt && s.at <= endedAt).map((s) => s.kb);
  const peak = during.length ? Math.max(...during) : null;
  const increaseMb = before !== null && peak !== null ? (peak - before) / 1024 : null;
  const expectedLines = csvExport.registrations + 1;
  const problems = [];
  if (download.status !== 200) {
    problems.push(`answered ${download.status}: ${download.head.slice(0, 200)}`);
  } else {
    if (!download.bom) problems.push('no UTF-8 BOM');
    if (download.lines !== expectedLines) {
      problems.push(`${download.lines} lines, expected ${expectedLines}`);
    }
  }
  const goalMet =
    problems.length === 0 && increaseMb !== null && increaseMb <= csvExport.goal.maxRssIncreaseMb;
  process.stdout.write(
    `  RSS before ${formatNumber(before / 1024, 1)} MB, peak during ${formatNumber(peak / 1024, 1)} MB ` +
      `(+${formatNumber(increaseMb, 1)} MB, ${during.length} samples); ${download.bytes} bytes, ` +
      `${download.lines} lines, BOM ${download.bom ? 'yes' : 'no'}, ${endedAt - startedAt} ms\n`,
  );
  if (problems.length) {
    const problem = `${csvExport.name}: ${problems.join('; ')}`;
    process.stderr.write(`\n!!! ${problem}\n\n`);
    failures.push(problem);
  }
  return {
    name: csvExport.name,
    kind: 'memory',
    request: describe(target),
    registrations: csvExport.registrations,
    goal: {
      ...csvExport.goal,
      description: `peak RSS increase ≤ ${csvExport.goal.maxRssIncreaseMb} MB; ${expectedLines} lines with a BOM`,
    },
    goalMet,
    rssBeforeMb: before === null ? null : before / 1024,
    rssPeakMb: peak === null ? null : peak / 1024,
    rssIncreaseMb: increaseMb,
    samples: during.length,
    durationMs: endedAt - startedAt,
    status: download.status,
    bytes: download.bytes,
    lines: download.lines,
    bom: download.bom,
    problems,
  };
}

function readRssKb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Streams the answer, counting bytes and lines and keeping only its start. */
function downloadCsv({ port, path: requestPath, headers }) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: HOST, port, path: requestPath, headers, agent: false }, (res) => {
      let bytes = 0;
      let newlines = 0;
      let last = 10;
      let head = Buffer.alloc(0);
      res.on('data', (chunk) => {
        if (head.length < 1024) head = Buffer.concat([head, chunk.subarray(0, 1024)]);
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
        last = chunk[chunk.length - 1];
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          bytes,
          // A last line without a newline counts too.
          lines: bytes === 0 ? 0 : newlines + (last === 10 ? 0 : 1),
          bom: head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf,
          head: head.toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(CSV_TIMEOUT_MS, () => req.destroy(new Error('CSV download timed out')));
    req.on('error', reject);
  });
}

/** POST /api/v1/tokens; the raw bearer token. */
async function createApiToken(port, email, password) {
  const result = await probe({
    port,
    method: 'POST',
    path: '/api/v1/tokens',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: { email, password, label: 'bench' },
  });
  return expectJson(result, 201, 'POST /api/v1/tokens').token;
}

/** Creates and publishes a consultation through the API as the admin; its id. */
async function publishConsultation(port, adminToken, overrides) {
  const authorization = `Bearer ${adminToken}`;
  const created = expectJson(
    await probe({
      port,
      method: 'POST',
      path: '/api/v1/consultations',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization },
      body: consultationBody(overrides),
    }),
    201,
    'POST /api/v1/consultations',
  );
  expectJson(
    await probe({
      port,
      method: 'POST',
      path: `/api/v1/consultations/${created.id}/publish`,
      headers: { accept: 'application/json', authorization },
    }),
    200,
    'POST /api/v1/consultations/:id/publish',
  );
  return created.id;
}

function expectJson(result, status, what) {
  if (result.error || result.status !== status) {
    throw new Error(
      `${what} answered ${result.error || result.status}: ${(result.body || '').slice(0, 300)}`,
    );
  }
  return JSON.parse(result.body);
}

function startBare(port, pageFile) {
  return startChild('baseline', [process.execPath, path.join(__dirname, 'bare-server.js')], {
    PORT: String(port),
    HOST,
    ...(pageFile ? { PAGE_FILE: pageFile } : {}),
  });
}

/** The app's answer to `target`, saved to a file for the bare server to send the same bytes. */
async function savePage(name, target) {
  const answer = await probe(target);
  if (answer.status !== 200) throw new Error(`${name}: the app answered ${answer.status}`);
  const file = path.join(tmpDir, `${name.replace(/\W+/g, '-')}.html`);
  fs.writeFileSync(file, answer.body);
  return file;
}

/** The app's environment: only 127.0.0.1, its own database, mail and upload dirs under the temp dir. */
let badgeKey;
function benchBadgeKey() {
  badgeKey ??= crypto
    .generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return badgeKey;
}

let dataKeys;
function benchDataKeys() {
  dataKeys ??= `bench:${crypto.randomBytes(32).toString('base64')}`;
  return dataKeys;
}

function appEnv({ port, dataDir, databaseFile, seedDemo, adminPassword = randomString(20) }) {
  return {
    PORT: String(port),
    HOST,
    NODE_ENV: 'production',
    SESSION_SECRET: randomString(64),
    // Production refuses to start without these; the door's scenario passes its own badge key.
    BADGE_SIGNING_KEY: benchBadgeKey(),
    DATA_ENCRYPTION_KEYS: benchDataKeys(),
    DATABASE_URL: `sqlite:${databaseFile}`,
    SEED_DEMO: String(seedDemo),
    MAIL_POLL_MS: '0',
    MAIL_DIR: path.join(dataDir, 'mail'),
    // Set (empty) so a developer's .env cannot point the bench at a real SMTP server or upload dir.
    SMTP_URL: '',
    UPLOAD_DIR: path.join(dataDir, 'uploads'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD: adminPassword,
    APP_BASE_URL: `http://${HOST}:${port}`,
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
    SIGNIN_MAX_FAILURES_PER_ADDRESS: '1000000',
  };
}

function resolveDirectorySizes() {
  const override = process.env.BENCH_DIRECTORY_SIZES?.trim();
  const sizes = override
    ? override.split(',').map((size) => Number(size.trim()))
    : directorySearch.sizes;
  if (sizes.length < 2 || !sizes.every((size) => Number.isInteger(size) && size > 0)) {
    throw new Error(
      'BENCH_DIRECTORY_SIZES must list at least two positive integers, e.g. 1000,100000',
    );
  }
  return sizes;
}

/**
 * For each size: a fresh SQLite file, migrated, filled with that many observer organisations, and
 * its own app; the same query words at every size. The goal compares the last size's p50 with the
 * first's.
 */
async function runDirectoryScenario(appCommand, sizes, load) {
  // Loaded here: it needs dist/ and better-sqlite3, which the other scenarios do not.
  const { populateDirectory, QUERY_WORDS, MATCHES_PER_QUERY } = require('./directory-data');
  const requests = QUERY_WORDS.map((word) => directorySearch.request(word));
  process.stdout.write(
    `\n${directorySearch.name}: ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms per size, ` +
      `${requests.length} query words in turn (each in ${MATCHES_PER_QUERY} organisations at every size)\n`,
  );
  const measured = [];
  for (const size of sizes) {
    const dataDir = fs.mkdtempSync(path.join(tmpDir, `directory-${size}-`));
    const databaseFile = path.join(dataDir, 'directory.sqlite');
    const port = await freePort();
    const env = appEnv({ port, dataDir, databaseFile, seedDemo: false });
    await migrate(env);
    const data = populateDirectory(databaseFile, size);
    process.stdout.write(
      `  ${formatCount(size)} organisations: ${data.terms} search terms written in ${data.seconds.toFixed(1)} s\n`,
    );
    const app = startChild(`app (${formatCount(size)} organisations)`, appCommand, env);
    await waitReady(app, port);

    // One request per query word: the answers must be 200 with the same total at every size.
    const totals = [];
    for (const request of requests) {
      const result = await probe({ ...request, port });
      let total = null;
      if (!result.error && result.status === 200) {
        try {
          total = JSON.parse(result.body).total;
        } catch {
          // reported below
        }
      }
      if (typeof total !== 'number') {
        const problem = result.error || `${result.status} ${(result.body || '').slice(0, 200)}`;
        process.stdout.write(`  warning: GET ${request.path} failed: ${problem}\n`);
      }
      totals.push(total);
    }
    const found = totals.filter((total) => typeof total === 'number');
    const matched = {
      min: found.length ? Math.min(...found) : null,
      max: found.length ? Math.max(...found) : null,
      sum: found.reduce((sum, total) => sum + total, 0),
    };
    process.stdout.write(
      `  ${formatCount(size)} organisations: matched ${matched.sum} in total over ${requests.length} queries ` +
        `(${describeRange(matched)} per query, expected ${MATCHES_PER_QUERY})\n`,
    );
    if (
      found.length !== totals.length ||
      matched.min !== MATCHES_PER_QUERY ||
      matched.max !== MATCHES_PER_QUERY
    ) {
      process.stdout.write(
        '  warning: result counts differ from the generated data; the comparison is unfair\n',
      );
    }

    const cpuBefore = cpuMs(app.pid);
    const stats = await runLoad(
      { ...requests[0], port, paths: requests.map((request) => request.path) },
      load,
    );
    const cpuAfter = cpuMs(app.pid);
    stats.cpuMsPerRequest =
      cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / stats.requests : null;
    process.stdout.write(
      `  ${formatCount(size)} organisations: ${formatNumber(stats.requestsPerSecond, 1)} req/s, ` +
        `p50 ${formatNumber(stats.p50Ms, 2)} ms, p99 ${formatNumber(stats.p99Ms, 2)} ms, ` +
        `${formatNumber(stats.cpuMsPerRequest, 2)} CPU ms/request\n`,
    );
    await stopChild(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
    measured.push({
      organisations: size,
      searchTerms: data.terms,
      generateSeconds: data.seconds,
      queries: requests.length,
      matchesPerQuery: { expected: MATCHES_PER_QUERY, ...matched },
      ...stats,
    });
  }

  const first = measured[0];
  const last = measured[measured.length - 1];
  const ratio = first.p50Ms > 0 && last.p50Ms !== null ? last.p50Ms / first.p50Ms : null;
  return {
    name: directorySearch.name,
    kind: 'sizes',
    ...load,
    request: `GET /api/v1/organisations?observer=true&q=<word>, words: ${QUERY_WORDS.join(' ')}`,
    goal: {
      ...directorySearch.goal,
      description: `p50 at ${formatCount(last.organisations)} ≤ ${directorySearch.goal.maxP50Ratio}× p50 at ${formatCount(first.organisations)}`,
    },
    ratio,
    goalMet: ratio !== null && ratio <= directorySearch.goal.maxP50Ratio,
    sizes: measured,
  };
}

/**
 * For each size: a fresh SQLite file, migrated, filled with that many published submissions, and
 * its own app; the same (accent-free, upper-case) query words at every size, each matching the
 * same number of submissions. The goal compares the last size's p50 with the first's.
 */
async function runArchiveScenario(appCommand, load) {
  const { populateArchive, QUERY_WORDS, MATCHES_PER_QUERY } = require('./archive-data');
  const override = process.env.BENCH_ARCHIVE_SIZES?.trim();
  const sizes = override ? override.split(',').map((n) => Number(n.trim())) : archiveSearch.sizes;
  const requests = QUERY_WORDS.map((word) => archiveSearch.request(word));
  process.stdout.write(
    `\n${archiveSearch.name}: ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms per size, ` +
      `${requests.length} query words in turn (each in ${MATCHES_PER_QUERY} submissions at every size)\n`,
  );
  const measured = [];
  for (const size of sizes) {
    const dataDir = fs.mkdtempSync(path.join(tmpDir, `archive-${size}-`));
    const databaseFile = path.join(dataDir, 'archive.sqlite');
    const port = await freePort();
    const env = appEnv({ port, dataDir, databaseFile, seedDemo: false });
    await migrate(env);
    const data = populateArchive(databaseFile, size);
    const app = startChild(`app (${formatCount(size)} submissions)`, appCommand, env);
    await waitReady(app, port);
    const totals = [];
    for (const request of requests) {
      const result = await probe({ ...request, port });
      let total = null;
      try {
        total = result.status === 200 ? JSON.parse(result.body).total : null;
      } catch {
        // reported below
      }
      totals.push(total);
    }
    if (totals.some((total) => total !== MATCHES_PER_QUERY)) {
      process.stdout.write(
        `  warning: result counts ${totals.join(',')} differ from ${MATCHES_PER_QUERY}; the comparison is unfair\n`,
      );
    }
    const stats = await runLoad(
      { ...requests[0], port, paths: requests.map((request) => request.path) },
      load,
    );
    process.stdout.write(
      `  ${formatCount(size)} submissions (written in ${data.seconds.toFixed(1)} s): ` +
        `${formatNumber(stats.requestsPerSecond, 1)} req/s, p50 ${formatNumber(stats.p50Ms, 2)} ms, ` +
        `p99 ${formatNumber(stats.p99Ms, 2)} ms\n`,
    );
    await stopChild(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const found = totals.filter((total) => typeof total === 'number');
    const matchesPerQuery = {
      expected: MATCHES_PER_QUERY,
      min: found.length ? Math.min(...found) : null,
      max: found.length ? Math.max(...found) : null,
      sum: found.reduce((sum, total) => sum + total, 0),
    };
    measured.push({ submissions: size, queries: requests.length, matchesPerQuery, ...stats });
  }
  const first = measured[0];
  const last = measured[measured.length - 1];
  const ratio = first.p50Ms > 0 && last.p50Ms !== null ? last.p50Ms / first.p50Ms : null;
  return {
    name: archiveSearch.name,
    kind: 'sizes',
    ...load,
    request: `GET /api/v1/submissions?q=<word>, words: ${QUERY_WORDS.join(' ')}`,
    goal: {
      ...archiveSearch.goal,
      description: `p50 at ${formatCount(last.submissions)} ≤ ${archiveSearch.goal.maxP50Ratio}× p50 at ${formatCount(first.submissions)}`,
    },
    ratio,
    goalMet: ratio !== null && ratio <= archiveSearch.goal.maxP50Ratio,
    sizes: measured,
  };
}

/**
 * For each size: a fresh SQLite file, migrated and filled by ./follow-up-data.js, and its own app.
 * The page must answer 200 and show every action point (the count it prints); the goal compares
 * the largest size's p50 with the smallest's.
 */
async function runFollowUpPage(appCommand, load) {
  const { populateFollowUp } = require('./follow-up-data');
  const { sizes, years, request } = followUpPage;
  process.stdout.write(
    `\n${followUpPage.name}: ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms per size, ` +
      `GET ${request.path} over ${years} years\n`,
  );
  const measured = [];
  for (const size of sizes) {
    const dataDir = fs.mkdtempSync(path.join(tmpDir, `follow-up-${size}-`));
    const databaseFile = path.join(dataDir, 'follow-up.sqlite');
    const port = await freePort();
    const env = appEnv({ port, dataDir, databaseFile, seedDemo: false });
    await migrate(env);
    const data = populateFollowUp(databaseFile, size, years);
    const app = startChild(`app (${size} action points)`, appCommand, env);
    await waitReady(app, port);
    const page = await probe({ ...request, port });
    const shown = (page.body || '').match(/class="action-point"/g)?.length ?? 0;
    process.stdout.write(
      `  ${size} action points, ${data.updates} updates written in ${data.seconds.toFixed(1)} s; ` +
        `the page: ${page.error || page.status}, ${shown} shown, ${Math.round((page.body || '').length / 1024)} kB\n`,
    );
    // The page shows the newest FOLLOW_UP_PAGE_SIZE points (src/follow-up/follow-up.views.ts), and the
    // count of them all.
    const expected = Math.min(size, 20);
    if (
      page.status !== 200 ||
      shown !== expected ||
      !(page.body || '').includes(`${size} action point`)
    ) {
      const problem = `${followUpPage.name}: the page at ${size} answered ${page.error || page.status} with ${shown} action points`;
      process.stderr.write(`\n!!! ${problem}\n\n`);
      failures.push(problem);
    }
    const cpuBefore = cpuMs(app.pid);
    const stats = await runLoad({ ...request, port }, load);
    const cpuAfter = cpuMs(app.pid);
    stats.cpuMsPerRequest =
      cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / stats.requests : null;
    process.stdout.write(
      `  ${size} action points: ${formatNumber(stats.requestsPerSecond, 1)} req/s, ` +
        `p50 ${formatNumber(stats.p50Ms, 2)} ms, p99 ${formatNumber(stats.p99Ms, 2)} ms, ` +
        `${formatNumber(stats.cpuMsPerRequest, 2)} CPU ms/request\n`,
    );
    await stopChild(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
    measured.push({
      label: `app, ${size} action points over ${years} years`,
      actionPoints: size,
      updates: data.updates,
      pageBytes: (page.body || '').length,
      ...stats,
    });
  }
  const first = measured[0];
  const last = measured[measured.length - 1];
  const ratio = first.p50Ms > 0 && last.p50Ms !== null ? last.p50Ms / first.p50Ms : null;
  return {
    name: followUpPage.name,
    kind: 'sizes',
    ...load,
    request: `GET ${request.path}`,
    goal: {
      ...followUpPage.goal,
      description: `p50 at ${last.actionPoints} ≤ ${followUpPage.goal.maxP50Ratio}× p50 at ${first.actionPoints} action points`,
    },
    ratio,
    goalMet: ratio !== null && ratio <= followUpPage.goal.maxP50Ratio,
    sizes: measured,
  };
}

/**
 * A fresh migrated SQLite file with `fundingRanking.applications` submitted applications written
 * by ./funding-data.js; the app (as a reviewer, by API token) and then the baseline on the same
 * file, each alone. Before the app's run its answer is checked: every application of the
 * consultation once, by priority score, highest first.
 */
async function runFundingRanking(appCommand, load) {
  const { populateFunding } = require('./funding-data');
  const dataDir = fs.mkdtempSync(path.join(tmpDir, 'funding-'));
  const databaseFile = path.join(dataDir, 'funding.sqlite');
  const port = await freePort();
  const env = appEnv({ port, dataDir, databaseFile, seedDemo: false });
  await migrate(env);
  const data = populateFunding(databaseFile, fundingRanking.applications);
  const { confirmed, waitlisted, pending } = data.registrations;
  process.stdout.write(
    `\n${fundingRanking.name}: ${load.connections} connection(s), ${load.warmupMs} ms warm-up + ${load.durationMs} ms; ` +
      `${data.applications} submitted applications (registrations: ${confirmed} confirmed, ` +
      `${waitlisted} waitlisted, ${pending} pending) written in ${data.seconds.toFixed(1)} s\n`,
  );
  const request = fundingRanking.request({
    consultationId: data.consultationId,
    token: data.staffToken,
  });
  const measured = {};

  const app = startChild('app (funding ranking)', appCommand, env);
  await waitReady(app, port);
  const ranking = checkRanking(await probe({ ...request, port }), data.applications);
  process.stdout.write(
    `  ranking: ${ranking.ok ? 'ok' : 'FAILED'} (${ranking.items} items${ranking.ok ? `, scores ${ranking.scores}` : `: ${ranking.problems.join('; ')}`})\n`,
  );
  if (!ranking.ok) {
    const problem = `${fundingRanking.name}: ranking FAILED: ${ranking.problems.join('; ')}`;
    process.stderr.write(`\n!!! ${problem}\n\n`);
    failures.push(problem);
  }
  measured.app = await measure(fundingRanking.name, 'app', { ...request, port }, load, app);
  await stopChild(app);

  const baselinePort = await freePort();
  const baseline = startChild(
    'funding baseline',
    [process.execPath, path.join(__dirname, 'funding-baseline.js')],
    { PORT: String(baselinePort), HOST, DATABASE_FILE: databaseFile },
  );
  await waitReady(baseline, baselinePort);
  const rows = await probe({ ...request, port: baselinePort });
  const baselineItems = rows.status === 200 ? JSON.parse(rows.body).items.length : null;
  if (baselineItems !== data.applications) {
    process.stdout.write(
      `  warning: the baseline answered ${rows.error || rows.status} with ${baselineItems} rows, expected ${data.applications}\n`,
    );
  }
  measured.baseline = await measure(
    fundingRanking.name,
    'baseline',
    { ...request, port: baselinePort },
    load,
    baseline,
  );
  await stopChild(baseline);
  fs.rmSync(dataDir, { recursive: true, force: true });

  const ratio =
    measured.app.p50Ms !== null && measured.baseline.p50Ms > 0
      ? measured.app.p50Ms / measured.baseline.p50Ms
      : null;
  process.stdout.write(`  p50 app/baseline = ${formatNumber(ratio, 2)} (informational, no goal)\n`);
  return {
    name: fundingRanking.name,
    kind: 'latency',
    ...load,
    applications: data.applications,
    registrations: data.registrations,
    goal: null,
    // Time, not throughput: app p50 / baseline p50 (lower is better for the app).
    p50Ratio: ratio,
    ranking,
    app: { request: describe(request), ...measured.app },
    baseline: {
      request: `${describe(request)} (one SELECT, ./funding-baseline.js)`,
      items: baselineItems,
      ...measured.baseline,
    },
  };
}

/**
 * The app's ranked list: 200, `expected` items, each application once, those awaiting a decision
 * first and then by priority score, highest first (every generated application awaits one).
 */
function checkRanking(result, expected) {
  const problems = [];
  let items = [];
  if (result.error || result.status !== 200) {
    problems.push(
      `answered ${result.error || result.status}: ${(result.body || '').slice(0, 200)}`,
    );
  } else {
    items = JSON.parse(result.body).items ?? [];
    if (items.length !== expected) problems.push(`${items.length} items, expected ${expected}`);
    if (new Set(items.map((item) => item.id)).size !== items.length) {
      problems.push('an application is listed more than once');
    }
    const waiting = (item) => (item.status === 'submitted' ? 0 : 1);
    const unsorted = items.findIndex(
      (item, i) =>
        i > 0 &&
        (waiting(items[i - 1]) > waiting(item) ||
          (waiting(items[i - 1]) === waiting(item) &&
            items[i - 1].priority?.score < item.priority?.score)),
    );
    if (items.some((item) => typeof item.priority?.score !== 'number')) {
      problems.push('an item has no priority score');
    } else if (unsorted !== -1) {
      problems.push(
        `not sorted by priority score: item ${unsorted} (${items[unsorted].priority.score}) after ${items[unsorted - 1].priority.score}`,
      );
    }
  }
  const scores = items.map((item) => item.priority?.score).filter((s) => typeof s === 'number');
  return {
    ok: problems.length === 0,
    items: items.length,
    problems,
    scores: scores.length ? `${scores[0]}…${scores[scores.length - 1]}` : null,
    distinctScores: new Set(scores).size,
  };
}

/** `node dist/database/migrate.js` on the given environment's database, bounded in time. */
async function migrate(env) {
  const child = startChild(
    'migrate',
    [process.execPath, path.join(ROOT, 'dist', 'database', 'migrate.js')],
    env,
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), MIGRATE_TIMEOUT_MS);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  if (code !== 0) {
    throw new StartupError(child, `failed (code ${code}, signal ${signal})`);
  }
}

function resolveAppCommand() {
  const override = process.env.BENCH_APP_CMD?.trim();
  if (override) {
    const [command, ...args] = override.split(/\s+/);
    return [command === 'node' ? process.execPath : command, ...args];
  }
  const entry = path.join(ROOT, 'dist', 'main.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`${path.relative(process.cwd(), entry)} not found; run "npm run build" first`);
  }
  const profileDir = process.env.BENCH_CPU_PROF?.trim();
  if (profileDir) {
    const dir = path.resolve(profileDir);
    fs.mkdirSync(dir, { recursive: true });
    return [process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, entry];
  }
  return [process.execPath, entry];
}

function startChild(label, [command, ...args], env) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.label = label;
  child.output = { stdout: '', stderr: '' };
  // Always drain the pipes (a full pipe would stall the server) but keep only the tail.
  for (const stream of ['stdout', 'stderr']) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (text) => {
      child.output[stream] = (child.output[stream] + text).slice(-OUTPUT_TAIL_BYTES);
    });
  }
  child.exited = new Promise((resolve) => {
    const done = (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    };
    child.on('exit', done);
    child.on('error', (err) => {
      child.output.stderr += `failed to start ${command}: ${err.message}\n`;
      // A command that could not be spawned never emits 'exit'.
      if (child.pid === undefined) done(null, null);
    });
  });
  // 'close' comes after the pipes are drained, so the output tail is complete.
  child.closed = new Promise((resolve) => child.on('close', resolve));
  children.add(child);
  return child;
}

async function waitReady(child, port) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exit = null;
  child.exited.then((value) => (exit = value));
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit) {
      throw new StartupError(child, `exited early (code ${exit.code}, signal ${exit.signal})`);
    }
    const status = await healthStatus(port).catch((err) => {
      lastProblem = err.code || err.message;
      return null;
    });
    if (status === 200) return;
    if (status !== null) lastProblem = `GET /health answered ${status}`;
    await sleep(200);
  }
  throw new StartupError(child, `not ready after ${READY_TIMEOUT_MS / 1000} s (${lastProblem})`);
}

function healthStatus(port) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: HOST, port, path: '/health', agent: false, timeout: 2000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })),
    );
    req.on('error', reject);
  });
}

class StartupError extends Error {
  constructor(child, problem) {
    super(`${child.label} ${problem}`);
    this.child = child;
  }
}

/** One request first, so a misconfigured scenario shows its real answer instead of just errors. */
async function preflight(name, server, target) {
  const result = await probe(target);
  if (result.error) {
    process.stdout.write(
      `  warning: ${server} ${target.method} ${target.path} failed: ${result.error}\n`,
    );
  } else if (result.status < 200 || result.status >= 300) {
    const snippet = (result.body || '').replace(/\s+/g, ' ').slice(0, 300);
    process.stdout.write(
      `  warning: ${server} ${target.method} ${target.path} answered ${result.status} before the "${name}" run: ${snippet}\n`,
    );
  }
}

function printTable(results) {
  const header = [
    'scenario',
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU ms/req',
    'errors',
    'result',
  ];
  const row = (name, server, stats, comparison) => [
    name,
    server,
    formatNumber(stats.requestsPerSecond, 1),
    formatNumber(stats.p50Ms, 2),
    formatNumber(stats.p99Ms, 2),
    formatNumber(stats.cpuMsPerRequest, 2),
    describeErrors(stats),
    comparison,
  ];
  const rows = [];
  for (const result of results) {
    if (result.kind === 'sizes') {
      const first = result.sizes[0];
      const last = result.sizes[result.sizes.length - 1];
      for (const stats of result.sizes) {
        const size = stats.submissions
          ? `${formatCount(stats.submissions)} submissions`
          : `${formatCount(stats.organisations)} orgs`;
        const server =
          stats.label ?? `app, ${size}, ${describeRange(stats.matchesPerQuery)} matches/query`;
        rows.push(
          row(
            result.name,
            server,
            stats,
            stats === last ? formatSizeRatio(result, first, last) : '',
          ),
        );
      }
    } else if (result.kind === 'latency') {
      const ratio = `p50 app/baseline = ${formatNumber(result.p50Ratio, 2)} (informational)`;
      rows.push(
        row(
          result.name,
          `app, ${formatCount(result.applications)} applications`,
          result.app,
          `${ratio}; ranking: ${result.ranking.ok ? 'ok' : 'FAILED'}`,
        ),
      );
      rows.push(row(result.name, 'baseline, one SELECT', result.baseline, ''));
    } else if (result.kind === 'rush') {
      result.servers.forEach(({ label, stats }, i) => {
        const parts = [
          i === 0 ? formatRushRatio(result) : '',
          stats.seats ? `seats: ${stats.seats.ok ? 'ok' : 'FAILED'}` : '',
          stats.rounds ? `rounds ${stats.rounds.map((r) => r.toFixed(0)).join('/')} req/s` : '',
        ].filter(Boolean);
        rows.push(row(result.name, label, stats, parts.join('; ')));
      });
    } else if (result.kind === 'rate') {
      const goal = `p99 ≤ ${result.goal.maxP99Ms} ms: ${result.goalMet ? 'goal met' : 'goal missed'}`;
      rows.push(
        row(
          result.name,
          'app, open loop',
          result.app,
          `${goal}; seats: ${result.app.seats.ok ? 'ok' : 'FAILED'}`,
        ),
      );
    } else if (result.kind === 'document') {
      rows.push(door.tableRow(result));
    } else if (result.kind === 'staff-list') {
      rows.push(...result.tableRows);
    } else if (result.kind === 'memory') {
      rows.push([
        result.name,
        `app, ${formatCount(result.registrations)} registrations`,
        '-',
        '-',
        '-',
        '-',
        result.status === 200 ? '0' : `1 (${result.status})`,
        formatMemory(result),
      ]);
    } else {
      for (const server of ['app', 'baseline']) {
        const seats = result[server].seats;
        const parts = [
          server === 'app' ? formatRatio(result) : '',
          seats ? `seats: ${seats.ok ? 'ok' : 'FAILED'}` : '',
        ].filter(Boolean);
        rows.push(row(result.name, server, result[server], parts.join('; ')));
      }
    }
  }
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((cells) => cells[i].length)),
  );
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const cells of rows) process.stdout.write(`${line(cells)}\n`);
}

function formatMemory(result) {
  const checks = result.problems.length ? result.problems.join('; ') : `${result.lines} lines, BOM`;
  return (
    `peak RSS +${formatNumber(result.rssIncreaseMb, 1)} MB ` +
    `(goal ≤ ${result.goal.maxRssIncreaseMb} MB: ${result.goalMet ? 'goal met' : 'goal missed'}); ${checks}`
  );
}

function describeErrors(stats) {
  if (stats.errors === 0) return '0';
  const parts = [
    ...Object.entries(stats.statuses)
      .filter(([status]) => Number(status) < 200 || Number(status) >= 300)
      .map(([status, count]) => `${count}×${status}`),
    ...Object.entries(stats.networkErrorCodes).map(([code, count]) => `${count}×${code}`),
  ];
  return `${stats.errors} (${parts.join(', ')})`;
}

function formatRatio(result) {
  const ratio = `req/s app/baseline = ${result.ratio === null ? 'n/a' : result.ratio.toFixed(3)}`;
  const cpu =
    result.cpuRatio === null || result.cpuRatio === undefined
      ? ''
      : `; CPU/req baseline/app = ${result.cpuRatio.toFixed(3)}`;
  if (!result.goal) return `${ratio}${cpu}`;
  return `${ratio} (goal ≥ ${result.goal.minRatio}: ${result.goalMet ? 'goal met' : 'goal missed'})${cpu}`;
}

/** The first server against the second (median of the rounds), and against the same-SQL one. */
function formatRushRatio(result) {
  const ratio = `req/s ${result.ratioLabel} = ${formatNumber(result.ratio, 3)}`;
  const goal = `(goal ≥ ${result.goal.minRatio}: ${result.goalMet ? 'goal met' : 'goal missed'})`;
  const same =
    result.sameSqlRatio === undefined
      ? ''
      : `; app/same-SQL = ${formatNumber(result.sameSqlRatio, 3)}`;
  return `${ratio} ${goal}${same}`;
}

function formatSizeRatio(result, first, last) {
  const ratio = result.ratio === null ? 'n/a' : result.ratio.toFixed(2);
  const sizeOf = (stats) => stats.submissions ?? stats.organisations ?? stats.actionPoints;
  const label = `p50 ${formatCount(sizeOf(last))}/${formatCount(sizeOf(first))}`;
  return `${label} = ${ratio} (goal ≤ ${result.goal.maxP50Ratio}: ${result.goalMet ? 'goal met' : 'goal missed'})`;
}

/** 1000 → "1k", 100000 → "100k", 1500 → "1.5k". */
function formatCount(count) {
  if (count >= 1_000_000 && count % 100_000 === 0) return `${count / 1_000_000}M`;
  if (count >= 1000 && count % 100 === 0) return `${count / 1000}k`;
  return String(count);
}

function describeRange({ min, max }) {
  if (min === null || min === undefined) return '?';
  return min === max ? String(min) : `${min}-${max}`;
}

function formatNumber(value, digits) {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

function describe({ method = 'GET', path: requestPath }) {
  return `${method} ${requestPath}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function randomString(length) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function stopChild(child) {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await child.exited;
  clearTimeout(timer);
}

async function stopChildren() {
  await Promise.all([...children].map(stopChild));
}

function removeTmpDir() {
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

// Last resort if the process exits any other way: never leave a server behind.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  removeTmpDir();
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping servers...\n`);
    await stopChildren();
    process.exit(128 + os.constants.signals[signal]);
  });
}

main()
  .then(async () => {
    await stopChildren();
    removeTmpDir();
  })
  .catch(async (err) => {
    process.stderr.write(`\nbench failed: ${err.message}\n`);
    if (err instanceof StartupError) {
      await Promise.race([err.child.closed, sleep(1000)]);
      const { stdout, stderr } = err.child.output;
      if (stdout.trim())
        process.stderr.write(`--- ${err.child.label} stdout (tail) ---\n${stdout}\n`);
      process.stderr.write(`--- ${err.child.label} stderr (tail) ---\n${stderr || '(empty)'}\n`);
    }
    await stopChildren();
    removeTmpDir();
    process.exit(1);
  });
