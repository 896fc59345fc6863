'use strict';
// Synthetic published submissions for the "archive search" scenario, written straight into a
// migrated SQLite file with better-sqlite3 (the migration's triggers fill the FTS5 index as rows
// go in, as they do for the app). Bodies are ~120 words drawn from a common vocabulary, so common
// words are in a share of the archive that grows with its size. Each query word (QUERY_WORDS,
// accented in the text and searched without accents) is put into exactly MATCHES_PER_QUERY
// submissions whatever the size, so every search returns the same number at 1k and at 20k and the
// comparison measures the cost of the archive's size alone.
const crypto = require('node:crypto');
const path = require('node:path');
const Database = require('better-sqlite3');
const { random, sqliteDatetime } = require('./data-helpers');

const DIST = path.resolve(__dirname, '..', 'dist');
const { regionOf, knownCountries } = require(path.join(DIST, 'organisations', 'regions.js'));
const { ORGANISATION_TYPES, THEMATIC_AREAS } = require(
  path.join(DIST, 'organisations', 'organisation.entity.js'),
);

const MATCHES_PER_QUERY = 10;
const ORGANISATIONS = 300;

/** As written in the text; the bench searches them folded (see QUERY_WORDS). */
const RARE_WORDS = 'détentión écluse ñandú cañón forêt île çedille übergang égalité zéphyr'.split(
  ' ',
);
const QUERY_WORDS = RARE_WORDS.map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase());

const VOCABULARY = (
  'migrants rights workers labour mobility protection families remittances diaspora return ' +
  'integration health crisis climate displacement recruitment fees wages contracts visas borders ' +
  'asylum refugees children women youth education housing justice access services legal aid ' +
  'states governments civil society organisations consultation agenda development sustainable ' +
  'recommendations partnership dialogue cooperation data evidence policy practice communities ' +
  'local national regional international programmes funding capacity training awareness campaign'
).split(' ');

function populateArchive(file, count) {
  const designated = QUERY_WORDS.length * MATCHES_PER_QUERY;
  if (count < designated) throw new Error(`the archive needs at least ${designated} submissions`);
  const next = random(0xa2c1 + count);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const countries = knownCountries();
  const wordAt = new Map();
  for (let j = 0; j < designated; j += 1) {
    wordAt.set(Math.floor(((j + 0.5) * count) / designated), RARE_WORDS[j % RARE_WORDS.length]);
  }
  const db = new Database(file);
  const started = Date.now();
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    const now = new Date();
    const at = sqliteDatetime(now);
    const consultationId = crypto.randomUUID();
    const callId = crypto.randomUUID();
    db.transaction(() => {
      db.prepare(
        `INSERT INTO consultations
        (id, title, theme, description, venue, city, country, timezone, "startsAt", "endsAt",
         "registrationOpensAt", "registrationClosesAt", capacity, "perOrganisationLimit", eligibility,
         "requiresApproval", "fundingBudgetMinor", "fundingCurrency", "fundingDeadline", status,
         "seatsConfirmed", "seatsOffered", "createdAt", "updatedAt")
        VALUES (?, 'Migrants and Development', 'Inputs', '', 'IOM Headquarters', 'Geneva', 'CH',
         'Europe/Zurich', ?, ?, ?, ?, 100, 10, 'open', 0, 0, 'USD', NULL, 'published', 0, 0, ?, ?)`,
      ).run(consultationId, at, at, at, at, at, at);
      db.prepare(
        `INSERT INTO input_calls (id, "consultationId", "sessionId", title, guidance, language,
         translations, "opensAt", "closesAt", "wordLimit", eligibility, "perOrganisation",
         "allowAttachment", "createdAt", "updatedAt")
        VALUES (?, ?, NULL, 'Written input', '', 'en', '{}', ?, ?, 1000, 'any', 1000, 0, ?, ?)`,
      ).run(
        callId,
        consultationId,
        at,
        sqliteDatetime(new Date(now.getTime() + 86_400_000)),
        at,
        at,
      );
      const insertOrganisation = db.prepare(`INSERT INTO organisations
        (id, name, acronym, "nameKey", "acronymKey", country, region, type, "thematicAreas", website,
         email, description, "foundedYear", "migrantLed", "womenLed", "youthLed", "observerStatus",
         "observerSince", "suspendedReason", "createdAt", "updatedAt")
        VALUES (?, ?, NULL, ?, NULL, ?, ?, ?, ?, NULL, NULL, '', NULL, 0, 0, 0, 'observer', ?, NULL, ?, ?)`);
      const organisations = [];
      for (let i = 0; i < ORGANISATIONS; i += 1) {
        const id = crypto.randomUUID();
        const country = pick(countries);
        const name = `Archive organisation ${i}`;
        insertOrganisation.run(
          id,
          name,
          name.toLowerCase(),
          country,
          regionOf(country),
          pick(ORGANISATION_TYPES),
          JSON.stringify([pick(THEMATIC_AREAS)]),
          at,
          at,
          at,
        );
        organisations.push(id);
      }
      const insertSubmission = db.prepare(`INSERT INTO submissions
        (id, "callId", "consultationId", "sessionId", "organisationId", "submittedById", title, body,
         language, themes, "attachmentName", "attachmentStoredName", "attachmentSize", status, reason,
         "submittedAt", "publishedAt", "createdAt", "updatedAt")
        VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?, NULL, NULL, NULL, 'published', NULL, ?, ?, ?, ?)`);
      for (let i = 0; i < count; i += 1) {
        const words = Array.from({ length: 120 }, () => pick(VOCABULARY));
        const rare = wordAt.get(i);
        if (rare) words.splice(Math.floor(next() * words.length), 0, rare);
        const published = sqliteDatetime(new Date(now.getTime() - i * 60_000));
        insertSubmission.run(
          crypto.randomUUID(),
          callId,
          consultationId,
          pick(organisations),
          `Input ${i}: ${pick(VOCABULARY)} and ${pick(VOCABULARY)}`,
          words.join(' '),
          pick(['en', 'fr', 'es', 'other']),
          JSON.stringify([pick(THEMATIC_AREAS)]),
          published,
          published,
          published,
          published,
        );
      }
    })();
    return { seconds: (Date.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

module.exports = { populateArchive, QUERY_WORDS, MATCHES_PER_QUERY };
