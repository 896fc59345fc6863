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
