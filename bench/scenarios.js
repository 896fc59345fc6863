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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GENDERS = ['female', 'male', 'other', 'undisclosed'];

/**
 * A consultation body valid for POST /api/v1/consultations (as test/support/consultations.ts),
 * open for registration now to everyone, registered without approval.
 */
module.exports.consultationBody = function consultationBody(overrides = {}) {
  const now = Date.now();
  const starts = new Date(now + 90 * DAY);
  return {
    title: 'Migrants and Development',
    theme: 'Integrating migration into the post-2015 development agenda',
    description: 'The annual consultation with civil society.',
    venue: 'IOM Headquarters, 17 route des Morillons',
    city: 'Geneva',
    country: 'CH',
    timezone: 'Europe/Zurich',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 8 * HOUR).toISOString(),
    registrationOpensAt: new Date(now - DAY).toISOString(),
    registrationClosesAt: new Date(now + 60 * DAY).toISOString(),
    capacity: 10,
    perOrganisationLimit: 100,
    eligibility: 'open',
    requiresApproval: false,
    fundingBudget: { amount: '20000.00', currency: 'USD' },
    fundingDeadline: new Date(now + 30 * DAY).toISOString(),
    sessions: [
      {
        title: "Migrants' rights",
        startsAt: new Date(starts.getTime() + HOUR).toISOString(),
        endsAt: new Date(starts.getTime() + 2 * HOUR).toISOString(),
      },
    ],
    ...overrides,
  };
};

/** The public page of a published consultation (HTML, anonymous) against the bare server's page. */
module.exports.consultationPage = {
  name: 'consultation page',
  app: (consultationId) => ({
    method: 'GET',
    path: `/consultations/${consultationId}`,
    headers: { accept: 'text/html' },
  }),
  baseline: { method: 'GET', path: '/', headers: { accept: 'text/html' } },
  connections: 50,
  durationMs: 5000,
  warmupMs: 1000,
  goal: { minRatio: 0.3 },
};

/**
 * Many members registering participants at once: the whole API request, a new participant every
 * time, spread over `organisations` organisations (one member + API token each), against
 * ./registration-baseline.js on a copy of the same database. The per-organisation limit is raised
 * past the API's maximum in the database so it never rejects; the `capacity` seats fill first and
 * the rest of the run is the waiting list. After each run the seat invariant is checked.
 */
module.exports.registrationRush = {
  name: 'registration rush',
  organisations: 50,
  capacity: 1000,
  perOrganisationLimit: 1_000_000,
  connections: 50,
  durationMs: 5000,
  warmupMs: 1000,
  goal: { minRatio: 0.5 },
  /** @param {{ consultationId: string, members: { organisationId: string, token: string }[] }} ctx */
  request: ({ consultationId, members }) => ({
    method: 'POST',
    path: `/api/v1/consultations/${consultationId}/registrations`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    vary: (n) => {
      const member = members[((n % members.length) + members.length) % members.length];
      const seq = n + 2; // request -1 (the pre-flight) is participant 1
      return {
        headers: { authorization: `Bearer ${member.token}` },
        body: {
          organisationId: member.organisationId,
          participant: {
            name: `Participant ${seq}`,
            email: `participant-${seq}@example.org`,
            gender: GENDERS[seq % GENDERS.length],
            nationality: 'SN',
            position: 'Programme officer',
            needsVisaLetter: seq % 2 === 0,
            publishConsent: true,
          },
        },
      };
    },
  }),
};

/**
 * Staff download the participants of a consultation with `registrations` confirmed registrations;
 * the app's resident set size is sampled every `sampleMs`, `idleMs` before and then during the
 * download. `goal.maxRssIncreaseMb` is the highest acceptable peak increase over the level before.
 */
module.exports.csvExport = {
  name: 'CSV export memory',
  registrations: 10_000,
  sampleMs: 50,
  idleMs: 1000,
  request: (consultationId) => ({
    method: 'GET',
    path: `/api/v1/consultations/${consultationId}/registrations.csv`,
  }),
  goal: { maxRssIncreaseMb: 50 },
};

/**
 * Staff read the ranked travel funding applications of a consultation with `applications`
 * submitted applications (./funding-data.js: one per registration and organisation): the app
 * scores every application and sorts them. The baseline (./funding-baseline.js) loads the same
 * rows with one SQL query and sends them as JSON. Both are measured as HTTP requests by the same
 * load generator, one at a time, so p50 is the time to answer one request; app p50 / baseline p50
 * is informational (no goal was set). HTTP rather than the query's time in-process: both sides
 * then pay the same fixed costs any answer has (the request, encoding and sending ~2,000 items as
 * JSON), so the ratio shows the ranking's own cost instead of being inflated by work the app could
 * not avoid. The app's answer is checked: every application, sorted by
 * priority score, highest first.
 */
module.exports.fundingRanking = {
  name: 'funding ranking',
  applications: 2_000,
  connections: 1,
  durationMs: 5000,
  warmupMs: 1000,
  /** @param {{ consultationId: string, token?: string }} ctx */
  request: ({ consultationId, token }) => ({
    method: 'GET',
    path: `/api/v1/consultations/${consultationId}/funding-applications`,
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  }),
};

/**
 * The public follow-up page (HTML, anonymous), every action point since the first consultation,
 * with `years` completed consultations and ./follow-up-data.js's action points at each size.
 * `goal.maxP50Ratio` is the highest acceptable p50(largest) / p50(smallest).
 */
module.exports.followUpPage = {
  name: 'follow-up page',
  sizes: [10, 300],
  years: 10,
  request: { method: 'GET', path: '/follow-up', headers: { accept: 'text/html' } },
  connections: 16,
  durationMs: 5000,
  warmupMs: 1000,
  goal: { maxP50Ratio: 2 },
};
