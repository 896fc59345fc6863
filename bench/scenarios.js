'use strict';
// Each scenario runs against the app and then the bare baseline with the same load shape.
// `goal.minRatio` (optional) is the lowest acceptable app/baseline req/s ratio.

/** @param {{ adminEmail: string, adminPassword: string }} ctx */
module.exports = function scenarios({ adminEmail, adminPassword }) {
  return [
    {
      name: 'home page',
      app: { method: 'GET', path: '/', headers: { accept: 'text/html' } },
      baseline: { method: 'GET', path: '/', headers: { accept: 'text/html' } },
      connections: 50,
      durationMs: 5000,
      warmupMs: 1000,
    },
    {
      // argon2id verification dominates by design, hence few connections.
      name: 'sign-in (API token)',
      app: {
        method: 'POST',
        path: '/api/v1/tokens',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: { email: adminEmail, password: adminPassword, label: 'bench' },
      },
      baseline: {
        method: 'POST',
        path: '/tokens',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: { email: adminEmail, password: adminPassword, label: 'bench' },
      },
      connections: 8,
      durationMs: 5000,
      warmupMs: 1000,
    },
  ];
};

/**
 * The public directory API against a directory of each size, generated in the run by
 * ./directory-data.js (every query word is in the same number of organisations at every size).
 * `goal.maxP50Ratio` is the highest acceptable p50(largest size) / p50(smallest size).
 * BENCH_DIRECTORY_SIZES (comma-separated organisation counts) overrides `sizes` for smoke runs.
 */
module.exports.directorySearch = {
  name: 'directory search',
  sizes: [1_000, 100_000],
  request: (word) => ({
    method: 'GET',
    path: `/api/v1/organisations?observer=true&q=${encodeURIComponent(word)}`,
    headers: { accept: 'application/json' },
  }),
  connections: 16,
  durationMs: 5000,
  warmupMs: 1000,
  goal: { maxP50Ratio: 2 },
};
