'use strict';
// Data for the consultation scenarios ("registration rush", "consultation page", "CSV export
// memory"), written straight into a migrated SQLite file with better-sqlite3, in the app's own
// column names and value formats (TypeORM on SQLite: uuid text ids, 0/1 booleans, UTC
// 'YYYY-MM-DD HH:MM:SS.SSS' datetimes, JSON text for simple-json), plus the seat invariant check.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Database = require('better-sqlite3');
const { sqliteDatetime, sha256 } = require('./data-helpers');

const DIST = path.resolve(__dirname, '..', 'dist');
const { regionOf } = require(path.join(DIST, 'organisations', 'regions.js'));

const COUNTRIES = ['SN', 'KE', 'PH', 'MX', 'NP', 'MA', 'CO', 'BD', 'GH', 'LB'];
const GENDERS = ['female', 'male', 'other', 'undisclosed'];

/**
 * `count` organisations, each with one verified member (role cso, focal point) who holds an API
 * token. Returns `[{ organisationId, userId, email, token }]` (token is the raw bearer token).
 */
function populateMembers(file, count) {
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    const now = sqliteDatetime(new Date());
    const insertUser = db.prepare(`INSERT INTO users
      (id, email, name, "passwordHash", role, locale, "emailVerifiedAt", "disabledAt", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, 'cso', 'en', ?, NULL, ?, ?)`);
    const insertToken = db.prepare(`INSERT INTO api_tokens
      (id, "userId", label, "tokenHash", scope, "lastUsedAt", "createdAt", "expiresAt")
      VALUES (?, ?, 'bench', ?, 'write', NULL, ?, ?)`);
    const insertOrganisation = db.prepare(`INSERT INTO organisations
      (id, name, acronym, "nameKey", "acronymKey", country, region, type, "thematicAreas", website,
       email, description, "foundedYear", "migrantLed", "womenLed", "youthLed", "observerStatus",
       "observerSince", "suspendedReason", "createdAt", "updatedAt")
      VALUES (?, ?, NULL, ?, NULL, ?, ?, 'ngo', '["migrants_rights"]', NULL, NULL, '', NULL, 0, 0, 0,
       'observer', ?, NULL, ?, ?)`);
    const insertMembership = db.prepare(`INSERT INTO memberships
      (id, "userId", "organisationId", role, "createdAt") VALUES (?, ?, ?, 'focal_point', ?)`);
    const members = [];
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const userId = crypto.randomUUID();
        const organisationId = crypto.randomUUID();
        const email = `bench-member-${i}@example.org`;
        const token = `cvn_${crypto.randomBytes(32).toString('base64url')}`;
        // Never used to sign in: no password verifies against it.
        insertUser.run(userId, email, `Bench Member ${i}`, '!', now, now, now);
        insertToken.run(
          crypto.randomUUID(),
          userId,
          sha256(token),
          now,
          sqliteDatetime(new Date(Date.now() + 365 * 86_400_000)),
        );
        const country = COUNTRIES[i % COUNTRIES.length];
        const name = `Bench Migrant Workers Network ${i}`;
        insertOrganisation.run(
          organisationId,
          name,
          name.toLowerCase(),
          country,
          regionOf(country),
          now,
          now,
          now,
        );
        insertMembership.run(crypto.randomUUID(), userId, organisationId, now);
        members.push({ organisationId, userId, email, token });
      }
    })();
    return members;
  } finally {
    db.close();
  }
}

/**
 * `count` confirmed registrations for the consultation, spread over the members' organisations,
 * and the consultation's seat counter to match. Returns the seconds it took.
 */
function populateRegistrations(file, consultationId, members, count) {
  const started = Date.now();
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    const insert = db.prepare(`INSERT INTO registrations
      (id, "consultationId", "organisationId", "registeredById", "participantName", "participantEmail",
       position, gender, nationality, "accessibilityNeeds", "dietaryNeeds", "needsVisaLetter",
       "publishConsent", status, "waitlistSeq", "offerExpiresAt", "checkedInAt", "submissionId",
       "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, 'Programme officer', ?, ?, ?, '', ?, 1, 'confirmed', NULL, NULL, NULL,
       NULL, ?, ?)`);
    const base = Date.now() - count * 1000;
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const member = members[i % members.length];
        const at = sqliteDatetime(new Date(base + i * 1000));
        insert.run(
          crypto.randomUUID(),
          consultationId,
          member.organisationId,
          member.userId,
          `Participant Ñandú-Éloïse ${i}`,
          `csv-participant-${i}@example.org`,
          GENDERS[i % GENDERS.length],
          COUNTRIES[i % COUNTRIES.length],
          i % 10 === 0 ? 'Wheelchair access, please; step-free route to the room' : '',
          i % 2,
          at,
          at,
        );
      }
      const { changes } = db
        .prepare(
          `UPDATE consultations SET "seatsConfirmed" = "seatsConfirmed" + ?
             WHERE id = ? AND "seatsConfirmed" + "seatsOffered" + ? <= capacity`,
        )
        .run(count, consultationId, count);
      if (changes !== 1) throw new Error(`the consultation has no room for ${count} registrations`);
      refillCounters(db, consultationId);
    })();
    return (Date.now() - started) / 1000;
  } finally {
    db.close();
  }
}

/** The registration counters of the consultation, recounted from its rows (as the migration fills them). */
function refillCounters(db, consultationId) {
  db.prepare('DELETE FROM registration_counters WHERE "consultationId" = ?').run(consultationId);
  db.prepare(
    `INSERT INTO registration_counters ("consultationId", "organisationId", held)
    SELECT "consultationId", "organisationId", COUNT(*) FROM registrations
    WHERE "consultationId" = ? AND status IN ('pending', 'confirmed', 'waitlisted', 'offered')
    GROUP BY "consultationId", "organisationId"`,
  ).run(consultationId);
  db.prepare(
    `UPDATE consultations SET
    "waitlistLength" = (SELECT COUNT(*) FROM registrations r WHERE r."consultationId" = consultations.id AND r.status = 'waitlisted'),
    "waitlistNext" = COALESCE((SELECT CAST(MAX(r."waitlistSeq") AS integer) FROM registrations r WHERE r."consultationId" = consultations.id), 0)
    WHERE id = ?`,
  ).run(consultationId);
}

/**
 * A consultation already full (its `capacity` seats confirmed) and `waiting` registrations on its
 * waiting list, `heavy` of them from the first member's organisation and the rest spread over the
 * others; the counters to match. Returns the seconds it took.
 */
function populateWaitingList(file, consultationId, members, { capacity, waiting, heavy }) {
  const started = Date.now();
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    const insert = db.prepare(`INSERT INTO registrations
      (id, "consultationId", "organisationId", "registeredById", "participantName", "participantEmail",
       position, gender, nationality, "accessibilityNeeds", "dietaryNeeds", "needsVisaLetter",
       "publishConsent", status, "waitlistSeq", "offerExpiresAt", "checkedInAt", "submissionId",
       "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, 'Programme officer', ?, 'SN', '', '', 0, 1, ?, ?, NULL, NULL,
       NULL, ?, ?)`);
    const at = sqliteDatetime(new Date());
    db.transaction(() => {
      for (let i = 0; i < capacity + waiting; i += 1) {
        const queued = i >= capacity ? i - capacity : -1;
        const member =
          queued >= 0 && queued < heavy ? members[0] : members[1 + (i % (members.length - 1))];
        insert.run(
          crypto.randomUUID(),
          consultationId,
          member.organisationId,
          member.userId,
          `Waiting Participant ${i}`,
          `waiting-participant-${i}@example.org`,
          GENDERS[i % GENDERS.length],
          queued >= 0 ? 'waitlisted' : 'confirmed',
          queued >= 0 ? queued + 1 : null,
          at,
          at,
        );
      }
      db.prepare('UPDATE consultations SET "seatsConfirmed" = ?, capacity = ? WHERE id = ?').run(
        capacity,
        capacity,
        consultationId,
      );
      refillCounters(db, consultationId);
    })();
    return (Date.now() - started) / 1000;
  } finally {
    db.close();
  }
}

/** Raises the per-organisation limit beyond what the API accepts (1000), so the rush never hits it. */
function setPerOrganisationLimit(file, consultationId, limit) {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('UPDATE consultations SET "perOrganisationLimit" = ? WHERE id = ?').run(
      limit,
      consultationId,
    );
  } finally {
    db.close();
  }
}

/** A consistent copy of a (possibly open, WAL-mode) SQLite file, by SQLite's online backup. */
async function copyDatabase(from, to) {
  fs.rmSync(to, { force: true });
  const db = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await db.backup(to);
  } finally {
    db.close();
  }
}

/**
 * The seat invariant of the consultation: confirmed + offered ≤ capacity, and each counter equals
 * its registrations. Returns `{ ok, problems, counts }`; safe while the server is still running.
 */
function checkSeats(file, consultationId) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const read = db.transaction(() => {
      const consultation = db
        .prepare(
          'SELECT capacity, "seatsConfirmed" AS confirmed, "seatsOffered" AS offered FROM consultations WHERE id = ?',
        )
        .get(consultationId);
      const byStatus = Object.fromEntries(
        db
          .prepare(
            'SELECT status, COUNT(*) AS n FROM registrations WHERE "consultationId" = ? GROUP BY status',
          )
          .all(consultationId)
          .map(({ status, n }) => [status, n]),
      );
      const duplicates = db
        .prepare(
          `SELECT COUNT(*) AS n FROM (SELECT "participantEmail" FROM registrations
             WHERE "consultationId" = ? AND status IN ('pending', 'confirmed', 'waitlisted', 'offered')
             GROUP BY "participantEmail" HAVING COUNT(*) > 1)`,
        )
        .get(consultationId).n;
      return { consultation, byStatus, duplicates };
    });
    const { consultation, byStatus, duplicates } = read();
    if (!consultation) return { ok: false, problems: ['consultation not found'], counts: {} };
    const problems = [];
    const confirmedRows = byStatus.confirmed ?? 0;
    const offeredRows = byStatus.offered ?? 0;
    if (consultation.confirmed + consultation.offered > consultation.capacity) {
      problems.push(
        `oversold: seatsConfirmed ${consultation.confirmed} + seatsOffered ${consultation.offered} > capacity ${consultation.capacity}`,
      );
    }
    if (consultation.confirmed !== confirmedRows) {
      problems.push(
        `seatsConfirmed ${consultation.confirmed} ≠ ${confirmedRows} confirmed registrations`,
      );
    }
    if (consultation.offered !== offeredRows) {
      problems.push(`seatsOffered ${consultation.offered} ≠ ${offeredRows} offered registrations`);
    }
    if (duplicates) problems.push(`${duplicates} emails with more than one active registration`);
    return {
      ok: problems.length === 0,
      problems,
      counts: { ...consultation, registrations: byStatus },
    };
  } finally {
    db.close();
  }
}

module.exports = {
  populateMembers,
  populateRegistrations,
  populateWaitingList,
  setPerOrganisationLimit,
  copyDatabase,
  checkSeats,
  sqliteDatetime,
};
