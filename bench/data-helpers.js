'use strict';
// Helpers shared by the bench's data generators, which write straight into the app's SQLite file.
const crypto = require('node:crypto');

/** Deterministic PRNG (mulberry32), so every run generates the same names and fields (not ids). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The way TypeORM writes a datetime column on SQLite: UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
function sqliteDatetime(date) {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** What the app stores for a bearer token. */
function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

module.exports = { random, sqliteDatetime, sha256 };
