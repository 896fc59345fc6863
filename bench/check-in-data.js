'use strict';
// Data for the "check-in by scan" and "badge sheet" scenarios, written straight into a migrated
// SQLite file with better-sqlite3 in the app's column names (as ./funding-data.js): a reviewer with
// an API token, `organisations` organisations, and one published consultation that starts in an
// hour (so the door is open) with `registrations` confirmed participants spread over them, and the
// signed check-in code of each (dist/registrations/check-in-code.js, with the key given).
const crypto = require('node:crypto');
const path = require('node:path');
const Database = require('better-sqlite3');
const { sqliteDatetime, sha256 } = require('./data-helpers');

const DIST = path.resolve(__dirname, '..', 'dist');
const { signCheckInCode } = require(path.join(DIST, 'registrations', 'check-in-code.js'));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COUNTRIES = ['SN', 'MX', 'PH', 'DE', 'KE', 'BR', 'IN', 'MA', 'CO', 'NG'];

/**
 * Fills the migrated SQLite file at `file`. Returns `{ consultationId, staffToken, codes,
 * seconds }`: `codes` are the registrations' check-in codes in insertion order.
 */
function populateCheckIn(file, { registrations, organisations, privateKeyPem }) {
  const started = Date.now();
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  const now = new Date();
  const nowText = sqliteDatetime(now);
  const at = (offsetMs) => sqliteDatetime(new Date(now.getTime() + offsetMs));
  const db = new Database(file);
  const consultationId = crypto.randomUUID();
  const staffToken = `cvn_${crypto.randomBytes(32).toString('base64url')}`;
  const codes = [];
  try {
    db.pragma('foreign_keys = ON');
    const insertUser = db.prepare(`INSERT INTO users
      (id, email, name, "passwordHash", role, locale, "emailVerifiedAt", "disabledAt", "createdAt", "updatedAt")
      VALUES (?, ?, ?, '!', ?, 'en', ?, NULL, ?, ?)`);
    const insertOrganisation = db.prepare(`INSERT INTO organisations
      (id, name, acronym, "nameKey", "acronymKey", country, region, type, "thematicAreas", website,
       email, description, "foundedYear", "migrantLed", "womenLed", "youthLed", "observerStatus",
       "observerSince", "suspendedReason", "createdAt", "updatedAt")
      VALUES (?, ?, NULL, ?, NULL, ?, 'Africa', 'ngo', '["other"]', NULL, NULL, '', NULL, 0, 0, 0,
       'observer', ?, NULL, ?, ?)`);
    const insertMembership = db.prepare(`INSERT INTO memberships
      (id, "userId", "organisationId", role, "createdAt") VALUES (?, ?, ?, 'focal_point', ?)`);
    const insertRegistration = db.prepare(`INSERT INTO registrations
      (id, "consultationId", "organisationId", "registeredById", "participantName", "participantEmail",
       position, gender, nationality, "accessibilityNeeds", "dietaryNeeds", "needsVisaLetter",
       "publishConsent", status, "waitlistSeq", "offerExpiresAt", "checkedInAt", "submissionId",
       "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, 'Programme officer', 'female', ?, '', '', 0, 1, 'confirmed', NULL,
       NULL, NULL, NULL, ?, ?)`);
    db.transaction(() => {
      const staffId = crypto.randomUUID();
      insertUser.run(
        staffId,
        'bench-door@example.org',
        'Bench Door',
        'reviewer',
        nowText,
        nowText,
        nowText,
      );
      db.prepare(
        `INSERT INTO api_tokens
        (id, "userId", label, "tokenHash", scope, "lastUsedAt", "createdAt", "expiresAt")
        VALUES (?, ?, 'bench', ?, 'write', NULL, ?, ?)`,
      ).run(crypto.randomUUID(), staffId, sha256(staffToken), nowText, at(365 * DAY));
      db.prepare(
        `INSERT INTO consultations
        (id, title, theme, description, venue, city, country, timezone, "startsAt", "endsAt",
         "registrationOpensAt", "registrationClosesAt", capacity, "perOrganisationLimit", eligibility,
         "requiresApproval", "fundingBudgetMinor", "fundingCurrency", "fundingDeadline", status,
         "seatsConfirmed", "seatsOffered", "createdAt", "updatedAt")
        VALUES (?, 'Annual Consultation at the door (bench)', 'Check-in', 'The annual consultation.',
         'IOM Headquarters', 'Geneva', 'CH', 'Europe/Zurich', ?, ?, ?, ?, ?, ?, 'open', 0, 0, 'USD',
         NULL, 'published', ?, 0, ?, ?)`,
      ).run(
        consultationId,
        at(HOUR),
        at(9 * HOUR),
        at(-30 * DAY),
        at(-HOUR),
        registrations,
        registrations,
        registrations,
        at(-40 * DAY),
        at(-40 * DAY),
      );
      const orgs = [];
      for (let i = 0; i < organisations; i += 1) {
        const id = crypto.randomUUID();
        const memberId = crypto.randomUUID();
        const name = `Bench Door Network ${i}`;
        insertOrganisation.run(
          id,
          name,
          name.toLowerCase(),
          COUNTRIES[i % COUNTRIES.length],
          nowText,
          nowText,
          nowText,
        );
        insertUser.run(
          memberId,
          `bench-door-member-${i}@example.org`,
          `Member ${i}`,
          'cso',
          nowText,
          nowText,
          nowText,
        );
        insertMembership.run(crypto.randomUUID(), memberId, id, nowText);
        orgs.push({ id, memberId, country: COUNTRIES[i % COUNTRIES.length] });
      }
      for (let i = 0; i < registrations; i += 1) {
        const org = orgs[i % orgs.length];
        const id = crypto.randomUUID();
        insertRegistration.run(
          id,
          consultationId,
          org.id,
          org.memberId,
          `Participant Número ${i}`,
          `door-${i}@example.org`,
          org.country,
          nowText,
          nowText,
        );
        codes.push(
          signCheckInCode(privateKey, {
            registrationId: id,
            participantVersion: 1,
            consultationId,
          }),
        );
      }
    })();
  } finally {
    db.close();
  }
  return { consultationId, staffToken, codes, seconds: (Date.now() - started) / 1000 };
}

module.exports = { populateCheckIn };
