'use strict';
// Convene benchmark: runs each scenario in ./scenarios.js against the built app and against a bare
// node:http baseline (./bare-server.js), each in its own child process on 127.0.0.1, then prints a
// table and writes bench/results/latest.json.
//
//   BENCH_APP_CMD      overrides the app command (split on whitespace, run from the project root),
//                      e.g. BENCH_APP_CMD="node bench/bare-server.js" to test the harness itself.
//   BENCH_DURATION_MS  overrides every scenario's measured duration (quick smoke runs).
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

const ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(__dirname, 'results', 'latest.json');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
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
  const app = startChild('app', appCommand, {
    PORT: String(appPort),
    HOST,
    NODE_ENV: 'production',
    SESSION_SECRET: randomString(64),
    DATABASE_URL: `sqlite:${path.join(tmpDir, 'bench.sqlite')}`,
    SEED_DEMO: 'true',
    MAIL_POLL_MS: '0',
    MAIL_DIR: path.join(tmpDir, 'mail'),
    // Set (empty) so a developer's .env cannot point the bench at a real SMTP server or upload dir.
    SMTP_URL: '',
    UPLOAD_DIR: path.join(tmpDir, 'uploads'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD: adminPassword,
    APP_BASE_URL: `http://${HOST}:${appPort}`,
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
    SIGNIN_MAX_FAILURES_PER_ADDRESS: '1000000',
  });

  process.stdout.write(`Starting app (${appCommand.join(' ')}) and baseline...\n`);
  await Promise.all([waitReady(bare, barePort), waitReady(app, appPort)]);

  const durationOverride = process.env.BENCH_DURATION_MS
    ? Number(process.env.BENCH_DURATION_MS)
    : undefined;
  if (durationOverride !== undefined && !(durationOverride > 0)) {
    throw new Error('BENCH_DURATION_MS must be a positive number of milliseconds');
  }

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
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'app/baseline'];
  const rows = [];
  for (const result of results) {
    for (const server of ['app', 'baseline']) {
      const stats = result[server];
      rows.push([
        result.name,
        server,
        formatNumber(stats.requestsPerSecond, 1),
        formatNumber(stats.p50Ms, 2),
        formatNumber(stats.p99Ms, 2),
        describeErrors(stats),
        server === 'app' ? formatRatio(result) : '',
      ]);
    }
  }
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i].length)),
  );
  const numeric = new Set([2, 3, 4]);
  const line = (cells) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
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
  const ratio = result.ratio === null ? 'n/a' : result.ratio.toFixed(3);
  if (!result.goal) return ratio;
  return `${ratio} (goal ≥ ${result.goal.minRatio}: ${result.goalMet ? 'goal met' : 'goal missed'})`;
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

async function stopChildren() {
  await Promise.all(
    [...children].map(async (child) => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await child.exited;
      clearTimeout(timer);
    }),
  );
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
