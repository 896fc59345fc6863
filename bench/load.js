'use strict';
// Closed-loop load generator: `connections` workers, each sending its next request as soon as the
// previous one ends, over a shared keep-alive agent. Only 127.0.0.1 is ever targeted.
const { Buffer } = require('node:buffer');
const http = require('node:http');
const { setInterval, clearInterval } = require('node:timers');

const REQUEST_TIMEOUT_MS = 15_000;
const NS_PER_MS = 1_000_000n;

/**
 * `target.paths`, when given, is a list of paths sent in turn (round-robin over all connections)
 * instead of the single `target.path`. `target.vary(n)`, when given, is called for the n-th request
 * (0, 1, 2... over all connections) and returns what differs in it: `{ path?, headers?, body? }`
 * (headers are merged over `target.headers`), e.g. a new participant in every registration.
 * @param {{ port: number, method?: string, path?: string, paths?: string[],
 *   body?: string | object, headers?: Record<string, string>,
 *   vary?: (n: number) => { path?: string, headers?: Record<string, string>, body?: string | object } }} target
 * @param {{ connections: number, durationMs: number, warmupMs?: number }} options
 */
async function runLoad(target, { connections, durationMs, warmupMs = 0 }) {
  const prepared = prepare(target);
  const paths = target.paths?.length ? target.paths : [prepared.path];
  let sent = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const start = process.hrtime.bigint();
  const measureStart = start + BigInt(warmupMs) * NS_PER_MS;
  const measureEnd = measureStart + BigInt(durationMs) * NS_PER_MS;

  const latencies = [];
  const statuses = {};
  const networkErrors = {};
  let successes = 0;

  async function worker() {
    while (process.hrtime.bigint() < measureEnd) {
      const n = sent++;
      const path = paths[n % paths.length];
      const request = target.vary
        ? prepare({ ...target, path, ...varied(target, n) })
        : path === prepared.path
          ? prepared
          : { ...prepared, path };
      const result = await send(agent, request);
      // Counting completions inside the window (whenever they started) estimates steady-state
      // throughput without bias; requests still in flight at the end are ignored.
      if (result.ended < measureStart || result.ended > measureEnd) continue;
      if (result.error) {
        networkErrors[result.error] = (networkErrors[result.error] || 0) + 1;
        continue;
      }
      statuses[result.status] = (statuses[result.status] || 0) + 1;
      if (result.status >= 200 && result.status < 300) {
        successes += 1;
        latencies.push(Number(result.ended - result.started) / 1e6);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: connections }, worker));
  } finally {
    agent.destroy();
  }

  latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(statuses)
    .filter(([status]) => Number(status) < 200 || Number(status) >= 300)
    .reduce((sum, [, count]) => sum + count, 0);
  const failedConnections = Object.values(networkErrors).reduce((sum, count) => sum + count, 0);
  return {
    requestsPerSecond: successes / (durationMs / 1000),
    // Every request of the run (warm-up included), all answered or failed by now.
    requests: sent,
    successes,
    non2xx,
    networkErrors: failedConnections,
    errors: non2xx + failedConnections,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : null,
    statuses,
    networkErrorCodes: networkErrors,
  };
}

/**
 * Open-loop load: requests start at a fixed rate whatever the answers do, and each latency runs
 * from the request's scheduled start (so a stall delays the ones behind it and shows in the p99,
 * rather than being hidden by a closed loop that waits). Requests after `warmupMs` are measured.
 * @param {{ requestsPerSecond: number, durationMs: number, warmupMs?: number, maxSockets?: number }} options
 */
async function runRate(target, { requestsPerSecond, durationMs, warmupMs = 0, maxSockets = 256 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const intervalNs = BigInt(Math.round(1e9 / requestsPerSecond));
  const start = process.hrtime.bigint();
  const measureStart = start + BigInt(warmupMs) * NS_PER_MS;
  const end = measureStart + BigInt(durationMs) * NS_PER_MS;
  const latencies = [];
  const statuses = {};
  const networkErrors = {};
  const pending = [];
  let successes = 0;
  let measured = 0;
  let n = 0;
  const fire = (scheduled, index) => {
    const request = target.vary
      ? prepare({ ...target, ...varied(target, index) })
      : prepare(target);
    pending.push(
      send(agent, request).then((result) => {
        if (scheduled < measureStart) return;
        measured += 1;
        if (result.error) {
          networkErrors[result.error] = (networkErrors[result.error] || 0) + 1;
          return;
        }
        statuses[result.status] = (statuses[result.status] || 0) + 1;
        if (result.status >= 200 && result.status < 300) {
          successes += 1;
          latencies.push(Number(result.ended - scheduled) / 1e6);
        }
      }),
    );
  };
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = process.hrtime.bigint();
      for (let next = start + BigInt(n) * intervalNs; next <= now && next < end;) {
        fire(next, n);
        n += 1;
        next = start + BigInt(n) * intervalNs;
      }
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  try {
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  const failedConnections = Object.values(networkErrors).reduce((sum, count) => sum + count, 0);
  return {
    requestsPerSecond: successes / (durationMs / 1000),
    offeredRequestsPerSecond: requestsPerSecond,
    requests: n,
    successes,
    non2xx: measured - successes - failedConnections,
    networkErrors: failedConnections,
    errors: measured - successes,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : null,
    statuses,
    networkErrorCodes: networkErrors,
    cpuMsPerRequest: null,
  };
}

/** `target.vary(n)`'s changes, with its headers merged over the target's. */
function varied(target, n) {
  const changes = target.vary(n);
  return changes.headers
    ? { ...changes, headers: { ...target.headers, ...changes.headers } }
    : changes;
}

/**
 * One request with the body fully read; used as a pre-flight check before a measured run. A target
 * with `vary` sends its request number `n` (default -1, so it never repeats one of the run's).
 */
async function probe(target, n = -1) {
  const prepared = prepare(target.vary ? { ...target, ...varied(target, n) } : target);
  const agent = new http.Agent({ keepAlive: false });
  try {
    return await send(agent, prepared, true);
  } finally {
    agent.destroy();
  }
}

function prepare({ port, method = 'GET', path, body, headers = {} }) {
  const payload =
    body === undefined
      ? undefined
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const allHeaders = { ...headers };
  if (payload) allHeaders['content-length'] = String(payload.length);
  return { port, method, path, payload, headers: allHeaders };
}

function send(agent, { port, method, path, payload, headers }, keepBody = false) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      resolve({ started, ended: process.hrtime.bigint(), ...result });
    };
    const req = http.request({ agent, host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => {
        if (keepBody) chunks.push(chunk);
      });
      res.on('end', () =>
        finish({
          status: res.statusCode,
          body: keepBody ? Buffer.concat(chunks).toString('utf8') : undefined,
        }),
      );
      res.on('error', (err) => finish({ error: err.code || err.message }));
      res.on('close', () => {
        if (!res.complete) finish({ error: 'ABORTED' });
      });
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      const err = new Error('request timed out');
      err.code = 'TIMEOUT';
      req.destroy(err);
    });
    req.on('error', (err) => finish({ error: err.code || err.message }));
    req.end(payload);
  });
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

module.exports = { runLoad, runRate, probe, percentile };
