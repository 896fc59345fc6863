'use strict';
// Convene benchmark: runs each scenario in ./scenarios.js against the built app and against a bare
// node:http baseline (./bare-server.js), each in its own child process on 127.0.0.1, then prints a
// table and writes bench/results/latest.json. Then the "directory search" scenario: the app alone,
// once per directory size, each on a fresh SQLite file migrated by dist/database/migrate.js and
// filled by ./directory-data.js.
//
//   BENCH_APP_CMD      overrides the app command (split on whitespace, run from the project root),
//                      e.g. BENCH_APP_CMD="node bench/bare-server.js" to test the harness itself.
//   BENCH_DURATION_MS  overrides every scenario's measured duration (quick smoke runs).
//   BENCH_DIRECTORY_SIZES  comma-separated directory sizes (default 1000,100000); the goal compares
//                      the last with the first. The directory scenario is skipped with BENCH_APP_CMD.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout, clearTimeout } = require('node:timers');
const { runLoad, probe } = require('./load');
const scenarios = require('./scenarios');

const { directorySearch } = scenarios;

const ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(__dirname, 'results', 'latest.json');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const MIGRATE_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const OUTPUT_TAIL_BYTES = 64 * 1024;
const ADMIN_EMAIL = 'bench-admin@example.org';

const children = new Set();
let tmpDir;

async function main() {
  const appCommand = resolveAppCommand();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-bench-'));
  const adminPassword = randomString(20);
  const [appPort, barePort] = await Promise.all([freePort(), freePort()]);

  const bare = startChild('baseline', [process.execPath, path.join(__dirname, 'bare-server.js')], {
    PORT: String(barePort),
    HOST,
  });
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

  const durationOverride = process.env.BENCH_DURATION_MS
    ? Number(process.env.BENCH_DURATION_MS)
    : undefined;
  if (durationOverride !== undefined && !(durationOverride > 0)) {
    throw new Error('BENCH_DURATION_MS must be a positive number of milliseconds');
  }
  const directorySizes = resolveDirectorySizes();

  const results = [];
  for (const scenario of scenarios({ adminEmail: ADMIN_EMAIL, adminPassword })) {
    const load = {
      connections: scenario.connections,
      durationMs: durationOverride ?? scenario.durationMs,
      warmupMs: scenario.warmupMs ?? 1000,
    };
    process.stdout.write(
      `\n${scenario.name}: ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms\n`,
    );
    const measured = {};
    for (const [server, port] of [
      ['app', appPort],
      ['baseline', barePort],
    ]) {
      const target = { ...scenario[server], port };
      await preflight(scenario.name, server, target);
      measured[server] = await runLoad(target, load);
      process.stdout.write(
        `  ${server}: ${formatNumber(measured[server].requestsPerSecond, 1)} req/s\n`,
      );
    }
    const ratio =
      measured.baseline.requestsPerSecond > 0
        ? measured.app.requestsPerSecond / measured.baseline.requestsPerSecond
        : null;
    results.push({
      name: scenario.name,
      ...load,
      goal: scenario.goal ?? null,
      ratio,
      goalMet: scenario.goal ? ratio !== null && ratio >= scenario.goal.minRatio : null,
      app: { request: describe(scenario.app), ...measured.app },
      baseline: { request: describe(scenario.baseline), ...measured.baseline },
    });
  }
  // The directory runs start their own app, one at a time, with nothing else running.
  await stopChildren();

  if (process.env.BENCH_APP_CMD?.trim()) {
    process.stdout.write(
      `\n${directorySearch.name}: skipped (needs the real app; BENCH_APP_CMD is set)\n`,
    );
  } else {
    results.push(
      await runDirectoryScenario(appCommand, directorySizes, {
        connections: directorySearch.connections,
        durationMs: durationOverride ?? directorySearch.durationMs,
        warmupMs: directorySearch.warmupMs ?? 1000,
      }),
    );
  }

  printTable(results);
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        appCommand: appCommand.join(' '),
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        scenarios: results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nResults written to ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
}

/** The app's environment: only 127.0.0.1, its own database, mail and upload dirs under the temp dir. */
function appEnv({ port, dataDir, databaseFile, seedDemo, adminPassword = randomString(20) }) {
  return {
    PORT: String(port),
    HOST,
    NODE_ENV: 'production',
    SESSION_SECRET: randomString(64),
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

    const stats = await runLoad(
      { ...requests[0], port, paths: requests.map((request) => request.path) },
      load,
    );
    process.stdout.write(
      `  ${formatCount(size)} organisations: ${formatNumber(stats.requestsPerSecond, 1)} req/s, ` +
        `p50 ${formatNumber(stats.p50Ms, 2)} ms, p99 ${formatNumber(stats.p99Ms, 2)} ms\n`,
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
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio'];
  const row = (name, server, stats, comparison) => [
    name,
    server,
    formatNumber(stats.requestsPerSecond, 1),
    formatNumber(stats.p50Ms, 2),
    formatNumber(stats.p99Ms, 2),
    describeErrors(stats),
    comparison,
  ];
  const rows = [];
  for (const result of results) {
    if (result.kind === 'sizes') {
      const first = result.sizes[0];
      const last = result.sizes[result.sizes.length - 1];
      for (const stats of result.sizes) {
        const server = `app, ${formatCount(stats.organisations)} orgs, ${describeRange(stats.matchesPerQuery)} matches/query`;
        rows.push(
          row(
            result.name,
            server,
            stats,
            stats === last ? formatSizeRatio(result, first, last) : '',
          ),
        );
      }
    } else {
      for (const server of ['app', 'baseline']) {
        rows.push(
          row(result.name, server, result[server], server === 'app' ? formatRatio(result) : ''),
        );
      }
    }
  }
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((cells) => cells[i].length)),
  );
  const numeric = new Set([2, 3, 4]);
  const line = (cells) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const cells of rows) process.stdout.write(`${line(cells)}\n`);
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
  if (!result.goal) return ratio;
  return `${ratio} (goal ≥ ${result.goal.minRatio}: ${result.goalMet ? 'goal met' : 'goal missed'})`;
}

function formatSizeRatio(result, first, last) {
  const ratio = result.ratio === null ? 'n/a' : result.ratio.toFixed(2);
  const label = `p50 ${formatCount(last.organisations)}/${formatCount(first.organisations)}`;
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
