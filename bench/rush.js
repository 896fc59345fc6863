'use strict';
// The registration rush, in rounds (median of BENCH_ROUNDS, default 3): each round starts every
// server on its own fresh copy of the same starting database, one at a time:
//  - the app, the same-SQL baseline and the necessary-work baseline (./registration-baseline.js in
//    its two BASELINE_WORK modes), into an empty consultation; the seat invariant after each run;
//  - the app into a consultation whose waiting list already holds `waitingList.waiting`
//    registrations (`waitingList.heavy` of them from one organisation that keeps registering) and
//    into an empty one of the same capacity: the cost must not grow with the list;
//  - the app at a fixed arrival rate (open loop, `fixedRate.requestsPerSecond`), its p99.
const path = require('node:path');
const { runRate } = require('./load');

/** The median of a few numbers (null when there are none). */
function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The run whose req/s is the median of the rounds, with every round's req/s beside it. */
function medianRun(runs) {
  const rps = runs.map((run) => run.requestsPerSecond);
  const middle = median(rps);
  const chosen = runs.reduce((best, run) =>
    Math.abs(run.requestsPerSecond - middle) < Math.abs(best.requestsPerSecond - middle)
      ? run
      : best,
  );
  return { ...chosen, requestsPerSecond: middle, rounds: rps };
}

function rounds() {
  const value = Number(process.env.BENCH_ROUNDS ?? 3);
  if (!Number.isInteger(value) || value < 1)
    throw new Error('BENCH_ROUNDS must be a positive integer');
  return value;
}

/**
 * @param ctx what run.js lends: its process helpers, the starting database, the consultations and
 *   members, the load and the scenario's settings.
 */
async function runRush(ctx) {
  const { h, scenario, load, members, pristine, dir } = ctx;
  const n = rounds();
  const request = (consultationId) => scenario.request({ consultationId, members });
  const servers = {
    app: (file, port) =>
      h.startChild('app (registration rush)', h.appCommand, h.appEnvFor(file, port)),
    'same-SQL baseline': (file, port) => baseline(h, 'same-sql', file, port),
    'necessary-work baseline': (file, port) => baseline(h, 'necessary', file, port),
  };
  const runs = { app: [], 'same-SQL baseline': [], 'necessary-work baseline': [] };
  const seats = {};
  const lists = { empty: [], full: [] };
  h.write(
    `\n${scenario.name}: ${n} rounds of ${load.connections} connections, ${load.warmupMs} ms warm-up + ${load.durationMs} ms, ` +
      `capacity ${scenario.capacity}, ${members.length} organisations, a new participant each request\n`,
  );
  for (let round = 1; round <= n; round++) {
    h.write(` round ${round}\n`);
    for (const [server, start] of Object.entries(servers)) {
      const measured = await once(
        h,
        pristine,
        dir,
        start,
        (port) => ({
          ...request(ctx.rushConsultation),
          port,
        }),
        load,
        server,
        ctx.rushConsultation,
      );
      runs[server].push(measured.stats);
      if (!seats[server] || !measured.seats.ok) seats[server] = measured.seats;
    }
    for (const [list, consultationId] of [
      ['empty', ctx.emptyListConsultation],
      ['full', ctx.fullListConsultation],
    ]) {
      const measured = await once(
        h,
        pristine,
        dir,
        servers.app,
        (port) => ({
          ...request(consultationId),
          port,
        }),
        load,
        `app, ${list === 'full' ? `${scenario.waitingList.waiting} waiting` : 'empty list'}`,
        consultationId,
      );
      lists[list].push(measured.stats);
    }
  }
  const app = medianRun(runs.app);
  const same = medianRun(runs['same-SQL baseline']);
  const necessary = medianRun(runs['necessary-work baseline']);
  const ratio = (a, b) =>
    b.requestsPerSecond > 0 ? a.requestsPerSecond / b.requestsPerSecond : null;
  const cpuRatio = (a, b) =>
    a.cpuMsPerRequest > 0 && b.cpuMsPerRequest !== null
      ? b.cpuMsPerRequest / a.cpuMsPerRequest
      : null;
  const results = [
    {
      name: scenario.name,
      kind: 'rush',
      ...load,
      rounds: n,
      goal: scenario.goal,
      servers: [
        { label: 'app', stats: { ...app, seats: seats.app } },
        {
          label: 'necessary-work baseline',
          stats: { ...necessary, seats: seats['necessary-work baseline'] },
        },
        { label: 'same-SQL baseline', stats: { ...same, seats: seats['same-SQL baseline'] } },
      ],
      ratio: ratio(app, necessary),
      ratioLabel: 'app/necessary-work baseline',
      sameSqlRatio: ratio(app, same),
      cpuRatio: cpuRatio(app, necessary),
      goalMet: ratio(app, necessary) !== null && ratio(app, necessary) >= scenario.goal.minRatio,
      seatsOk: Object.values(seats).every((s) => s.ok),
    },
  ];
  const empty = medianRun(lists.empty);
  const full = medianRun(lists.full);
  const listRatio = ratio(full, empty);
  results.push({
    name: `${scenario.name}, long waiting list`,
    kind: 'rush',
    ...load,
    rounds: n,
    goal: scenario.waitingList.goal,
    servers: [
      { label: 'app, empty waiting list', stats: empty },
      {
        label: `app, ${scenario.waitingList.waiting} waiting (${scenario.waitingList.heavy} of one organisation)`,
        stats: full,
      },
    ],
    ratio: listRatio,
    ratioLabel: 'long list/empty list',
    goalMet: listRatio !== null && listRatio >= scenario.waitingList.goal.minRatio,
  });
  results.push(await fixedRate(h, ctx, request(ctx.rushConsultation)));
  return results;
}

function baseline(h, mode, file, port) {
  return h.startChild(
    `registration baseline (${mode})`,
    [process.execPath, path.join(__dirname, 'registration-baseline.js')],
    {
      PORT: String(port),
      HOST: h.host,
      DATABASE_FILE: file,
      BASELINE_WORK: mode,
      APP_BASE_URL: `http://${h.host}:${port}`,
    },
  );
}

/** One server on a fresh copy of the starting database, one measured load, the seats checked. */
async function once(h, pristine, dir, start, target, load, label, consultationId) {
  const file = path.join(dir, `round-${Date.now().toString(36)}.sqlite`);
  await h.data.copyDatabase(pristine, file);
  const port = await h.freePort();
  const child = start(file, port);
  try {
    await h.waitReady(child, port);
    const stats = await h.measure('registration rush', label, target(port), load, child);
    const seats = h.reportSeats(label, h.data.checkSeats(file, consultationId));
    return { stats, seats };
  } finally {
    await h.stopChild(child);
    h.removeDatabase(file);
  }
}

/** The app under a fixed arrival rate: its latency when it is not pushed to its limit. */
async function fixedRate(h, ctx, request) {
  const { scenario, pristine, dir } = ctx;
  const { requestsPerSecond, goal } = scenario.fixedRate;
  const durationMs = h.durationOverride ?? scenario.fixedRate.durationMs;
  const file = path.join(dir, 'fixed-rate.sqlite');
  await h.data.copyDatabase(pristine, file);
  const port = await h.freePort();
  const child = h.startChild('app (fixed rate)', h.appCommand, h.appEnvFor(file, port));
  try {
    await h.waitReady(child, port);
    h.write(`\n${scenario.name} at ${requestsPerSecond} req/s: ${durationMs} ms, open loop\n`);
    const stats = await runRate(
      { ...request, port },
      { requestsPerSecond, durationMs, warmupMs: 1000 },
    );
    h.write(
      `  app: ${stats.requestsPerSecond.toFixed(1)} req/s answered, p50 ${stats.p50Ms?.toFixed(2)} ms, ` +
        `p99 ${stats.p99Ms?.toFixed(2)} ms (from each request's scheduled start)\n`,
    );
    const seats = h.reportSeats('app (fixed rate)', h.data.checkSeats(file, ctx.rushConsultation));
    return {
      name: `${scenario.name} at ${requestsPerSecond} req/s`,
      kind: 'rate',
      durationMs,
      goal,
      app: { ...stats, seats },
      goalMet: stats.p99Ms !== null && stats.p99Ms <= goal.maxP99Ms && stats.errors === 0,
    };
  } finally {
    await h.stopChild(child);
    h.removeDatabase(file);
  }
}

module.exports = { runRush, median };
