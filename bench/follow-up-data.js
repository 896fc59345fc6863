'use strict';
// Data for the "follow-up page" scenario, written straight into a migrated SQLite file with
// better-sqlite3 in the app's column names and value formats (as ./funding-data.js): `years`
// completed annual consultations (2014 onwards, one a year), `organisations` organisations named as
// responsible, and `points` action points spread evenly over the years, each with
// UPDATES_PER_POINT progress updates by a responsible organisation. Statuses and fields come from a
// fixed seed, so every run shows the same page.
const crypto = require('node:crypto');
const path = require('node:path');
const Database = require('better-sqlite3');
const { random, sqliteDatetime } = require('./data-helpers');

const DIST = path.resolve(__dirname, '..', 'dist');
const { THEMATIC_AREAS } = require(path.join(DIST, 'organisations', 'organisation.entity.js'));

const FIRST_YEAR = 2014;
const UPDATES_PER_POINT = 3;
const ORGANISATIONS = 20;
const DAY = 86_400_000;
const STATUSES = ['open', 'in_progress', 'in_progress', 'completed', 'discontinued'];
const TEXTS = [
  'Continue the deliberation on alternatives to detention, with CSOs, in every region.',
  'Include civil society in the campaign to change the public perception of migrants.',
  'Ensure human rights are respected in assisted voluntary return and reintegration.',
  'Publish the consultations’ conclusions in the three languages within a month.',
];

/** Fills the migrated SQLite file at `file`; returns `{ points, updates, years, seconds }`. */
function populateFollowUp(file, points, years) {
  const started = Date.now();
  const next = random(0xa11 + points);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    const insertOrganisation = db.prepare(`INSERT INTO organisations
      (id, name, acronym, "nameKey", "acronymKey", country, region, type, "thematicAreas", website,
       email, description, "foundedYear", "migrantLed", "womenLed", "youthLed", "observerStatus",
       "observerSince", "suspendedReason", "createdAt", "updatedAt")
      VALUES (@id, @name, NULL, @nameKey, NULL, 'SN', 'africa', 'network', '["migrants_rights"]',
       NULL, NULL, '', 2000, 1, 0, 0, 'observer', @at, NULL, @at, @at)`);
    const insertConsultation = db.prepare(`INSERT INTO consultations
      (id, title, theme, description, venue, city, country, timezone, "startsAt", "endsAt",
       "registrationOpensAt", "registrationClosesAt", capacity, "perOrganisationLimit", eligibility,
       "requiresApproval", "fundingBudgetMinor", "fundingCurrency", "fundingDeadline", status,
       "seatsConfirmed", "seatsOffered", "createdAt", "updatedAt")
      VALUES (@id, @title, 'Migration and development', 'The annual consultation.',
       'IOM Headquarters', 'Geneva', 'CH', 'Europe/Zurich', @startsAt, @endsAt, @opensAt, @closesAt,
       100, 10, 'open', 0, 0, 'USD', @closesAt, 'completed', 0, 0, @opensAt, @opensAt)`);
    const insertPoint = db.prepare(`INSERT INTO action_points
      (id, reference, "consultationId", year, text, language, translations, "responsibleHost",
       "responsibleOrganisationIds", themes, "targetDate", status, "completionProposed",
       "lastActivityAt", "createdAt", "updatedAt")
      VALUES (@id, @reference, @consultationId, @year, @text, 'en', '{}', @host, @organisations,
       @themes, @targetDate, @status, 0, @lastActivityAt, @createdAt, @lastActivityAt)`);
    const insertUpdate = db.prepare(`INSERT INTO action_point_updates
      (id, "actionPointId", at, "authorId", "organisationId", kind, text, status, link)
      VALUES (?, ?, ?, NULL, ?, 'progress', ?, NULL, ?)`);

    let updates = 0;
    db.transaction(() => {
      const organisations = Array.from({ length: ORGANISATIONS }, (_, i) => {
        const id = crypto.randomUUID();
        const name = `Migrant Solidarity Network ${i + 1}`;
        insertOrganisation.run({
          id,
          name,
          nameKey: name.toLowerCase(),
          at: sqliteDatetime(new Date(Date.UTC(FIRST_YEAR - 1, 0, 1))),
        });
        return id;
      });
      const consultations = Array.from({ length: years }, (_, i) => {
        const year = FIRST_YEAR + i;
        const id = crypto.randomUUID();
        const starts = Date.UTC(year, 8, 12, 7);
        insertConsultation.run({
          id,
          title: `Annual Consultation with Civil Society ${year}`,
          startsAt: sqliteDatetime(new Date(starts)),
          endsAt: sqliteDatetime(new Date(starts + 8 * 3_600_000)),
          opensAt: sqliteDatetime(new Date(starts - 100 * DAY)),
          closesAt: sqliteDatetime(new Date(starts - 10 * DAY)),
        });
        return { id, year, starts };
      });
      for (let n = 0; n < points; n++) {
        const { id: consultationId, year, starts } = consultations[n % years];
        const sequence = Math.floor(n / years) + 1;
        const pointId = crypto.randomUUID();
        const responsible = [pick(organisations), pick(organisations)].filter(
          (id, i, all) => all.indexOf(id) === i,
        );
        const last = starts + (UPDATES_PER_POINT + 1) * 30 * DAY;
        insertPoint.run({
          id: pointId,
          reference: `${year}-AP${sequence}`,
          consultationId,
          year,
          text: pick(TEXTS),
          host: next() < 0.3 ? 1 : 0,
          organisations: JSON.stringify(responsible),
          themes: JSON.stringify([pick(THEMATIC_AREAS)]),
          targetDate: new Date(starts + 365 * DAY).toISOString().slice(0, 10),
          status: pick(STATUSES),
          lastActivityAt: sqliteDatetime(new Date(last)),
          createdAt: sqliteDatetime(new Date(starts + DAY + n)),
        });
        for (let u = 1; u <= UPDATES_PER_POINT; u++) {
          insertUpdate.run(
            crypto.randomUUID(),
            pointId,
            sqliteDatetime(new Date(starts + u * 30 * DAY)),
            pick(responsible),
            `Progress report ${u}: a workshop held, a study published and shared with the organisers.`,
            u === UPDATES_PER_POINT ? 'https://example.org/reports/progress' : null,
          );
          updates++;
        }
      }
    })();
    const broken = db.pragma('foreign_key_check');
    if (broken.length) throw new Error(`foreign key check failed: ${JSON.stringify(broken[0])}`);
    db.pragma('journal_mode = WAL');
    return { points, updates, years, seconds: (Date.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

module.exports = { populateFollowUp };
