'use strict';
// Data for the "funding ranking" scenario, written straight into a migrated SQLite file with
// better-sqlite3 in the app's column names and value formats (as ./registration-data.js): one
// published consultation with its funding budget, `count` organisations (each with one member) in
// countries of every region, one registration per organisation (confirmed, waitlisted or pending),
// one submitted funding application per registration, a completed earlier consultation that a
// third of the organisations attended (so "first consultation" varies), and a reviewer holding an
// API token. Fields are drawn from a fixed seed, so every run ranks the same applications.
const crypto = require('node:crypto');
const path = require('node:path');
const Database = require('better-sqlite3');
const { random, sqliteDatetime, sha256 } = require('./data-helpers');

const DIST = path.resolve(__dirname, '..', 'dist');
const { regionOf, knownCountries } = require(path.join(DIST, 'organisations', 'regions.js'));
const { ORGANISATION_TYPES, THEMATIC_AREAS } = require(
  path.join(DIST, 'organisations', 'organisation.entity.js'),
);
const { COST_KINDS } = require(path.join(DIST, 'funding', 'funding-application.entity.js'));

const GENDERS = ['female', 'male', 'other', 'undisclosed'];
const DAY = 86_400_000;
const CITIES = ['Capital City', 'Port Town', 'Northern Province', 'Border Town', 'Coastal City'];
/** Minor-unit ranges of each kind of cost line. */
const LINE_AMOUNTS = {
  airfare: [30_000, 180_000],
  accommodation: [20_000, 90_000],
  per_diem: [5_000, 30_000],
  visa: [6_000, 20_000],
  other: [1_000, 15_000],
};

/**
 * Fills the migrated SQLite file at `file`. Returns `{ consultationId, staffToken, applications,
 * registrations: { confirmed, waitlisted, pending }, seconds }` (staffToken is the raw bearer token
 * of a reviewer).
 */
function populateFunding(file, count) {
  const started = Date.now();
  const next = random(0xf00d + count);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const between = ([low, high]) => low + Math.floor(next() * (high - low + 1));
  const countries = knownCountries();
  const now = new Date();
  const nowText = sqliteDatetime(now);
  const at = (offsetMs) => sqliteDatetime(new Date(now.getTime() + offsetMs));
  const currentYear = now.getUTCFullYear();

  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    const insertUser = db.prepare(`INSERT INTO users
      (id, email, name, "passwordHash", role, locale, "emailVerifiedAt", "disabledAt", "createdAt", "updatedAt")
      VALUES (?, ?, ?, '!', ?, 'en', ?, NULL, ?, ?)`);
    const insertToken = db.prepare(`INSERT INTO api_tokens
      (id, "userId", label, "tokenHash", scope, "lastUsedAt", "createdAt", "expiresAt")
      VALUES (?, ?, 'bench', ?, 'write', NULL, ?, ?)`);
    const insertOrganisation = db.prepare(`INSERT INTO organisations
      (id, name, acronym, "nameKey", "acronymKey", country, region, type, "thematicAreas", website,
       email, description, "foundedYear", "migrantLed", "womenLed", "youthLed", "observerStatus",
       "observerSince", "suspendedReason", "createdAt", "updatedAt")
      VALUES (@id, @name, NULL, @nameKey, NULL, @country, @region, @type, @thematicAreas, NULL, NULL,
       '', @foundedYear, @migrantLed, @womenLed, @youthLed, 'observer', @at, NULL, @at, @at)`);
    const insertMembership = db.prepare(`INSERT INTO memberships
      (id, "userId", "organisationId", role, "createdAt") VALUES (?, ?, ?, 'focal_point', ?)`);
    const insertConsultation = db.prepare(`INSERT INTO consultations
      (id, title, theme, description, venue, city, country, timezone, "startsAt", "endsAt",
       "registrationOpensAt", "registrationClosesAt", capacity, "perOrganisationLimit", eligibility,
       "requiresApproval", "fundingBudgetMinor", "fundingCurrency", "fundingDeadline", status,
       "seatsConfirmed", "seatsOffered", "createdAt", "updatedAt")
      VALUES (@id, @title, 'Labour mobility and regular pathways', 'The annual consultation.',
       'IOM Headquarters', 'Geneva', 'CH', 'Europe/Zurich', @startsAt, @endsAt, @opensAt, @closesAt,
       @capacity, 10, 'open', 1, @budgetMinor, 'USD', @deadline, @status, @confirmed, 0, @createdAt,
       @createdAt)`);
    const insertSession = db.prepare(`INSERT INTO consultation_sessions
      (id, "consultationId", title, "startsAt", "endsAt", description) VALUES (?, ?, ?, ?, ?, '')`);
    const insertRegistration = db.prepare(`INSERT INTO registrations
      (id, "consultationId", "organisationId", "registeredById", "participantName", "participantEmail",
       position, gender, nationality, "accessibilityNeeds", "dietaryNeeds", "needsVisaLetter",
       "publishConsent", status, "waitlistSeq", "offerExpiresAt", "checkedInAt", "submissionId",
       "createdAt", "updatedAt")
      VALUES (@id, @consultationId, @organisationId, @registeredById, @name, @email,
       'Programme officer', @gender, @nationality, '', '', @needsVisaLetter, 1, @status, @waitlistSeq,
       NULL, NULL, NULL, @at, @at)`);
    const insertApplication = db.prepare(`INSERT INTO funding_applications
      (id, "registrationId", "consultationId", "organisationId", "appliedById", lines,
       "requestedMinor", currency, "departureCity", "departureCountry", justification,
       "couldAttendWithout", status, "awardedMinor", "decisionReason", "decidedById", "decidedAt",
       "createdAt", "updatedAt")
      VALUES (@id, @registrationId, @consultationId, @organisationId, @appliedById, @lines,
       @requestedMinor, 'USD', @departureCity, @departureCountry, @justification,
       @couldAttendWithout, 'submitted', NULL, '', NULL, NULL, @at, @at)`);

    // Statuses decided first: the consultation's seat counter must match its confirmed rows.
    const statuses = Array.from({ length: count }, () => {
      const draw = next();
      return draw < 0.55 ? 'confirmed' : draw < 0.8 ? 'waitlisted' : 'pending';
    });
    const confirmed = statuses.filter((status) => status === 'confirmed').length;
    const consultationId = crypto.randomUUID();
    const pastId = crypto.randomUUID();
    const pastAttendees = Math.ceil(count / 3);
    const staffToken = `cvn_${crypto.randomBytes(32).toString('base64url')}`;

    db.transaction(() => {
      const staffId = crypto.randomUUID();
      insertUser.run(
        staffId,
        'bench-reviewer@example.org',
        'Bench Reviewer',
        'reviewer',
        nowText,
        nowText,
        nowText,
      );
      insertToken.run(
        crypto.randomUUID(),
        staffId,
        sha256(staffToken),
        nowText,
        sqliteDatetime(new Date(Date.now() + 365 * 86_400_000)),
      );

      const starts = 90 * DAY;
      insertConsultation.run({
        id: consultationId,
        title: 'Global Consultation on Travel Funding (bench)',
        startsAt: at(starts),
        endsAt: at(starts + 8 * 3_600_000),
        opensAt: at(-30 * DAY),
        closesAt: at(60 * DAY),
        capacity: confirmed,
        budgetMinor: 50_000_000,
        deadline: at(30 * DAY),
        status: 'published',
        confirmed,
        createdAt: at(-40 * DAY),
      });
      insertConsultation.run({
        id: pastId,
        title: 'Regional Consultation of last year (bench)',
        startsAt: at(-300 * DAY),
        endsAt: at(-300 * DAY + 8 * 3_600_000),
        opensAt: at(-400 * DAY),
        closesAt: at(-310 * DAY),
        capacity: pastAttendees,
        budgetMinor: 10_000_000,
        deadline: at(-320 * DAY),
        status: 'completed',
        confirmed: pastAttendees,
        createdAt: at(-420 * DAY),
      });
      for (const [i, title] of ['Opening plenary', 'Regular pathways', 'Closing'].entries()) {
        const begins = starts + i * 2 * 3_600_000;
        insertSession.run(
          crypto.randomUUID(),
          consultationId,
          title,
          at(begins),
          at(begins + 3_600_000),
        );
      }
      db.prepare(
        `INSERT INTO funding_budgets ("consultationId", "budgetMinor", "awardedMinor", "capMinor", "lineKinds")
           VALUES (?, 50000000, 0, NULL, ?)`,
      ).run(consultationId, JSON.stringify([...COST_KINDS]));

      let waitlistSeq = 0;
      for (let i = 0; i < count; i += 1) {
        const organisationId = crypto.randomUUID();
        const memberId = crypto.randomUUID();
        const country = pick(countries);
        const name = `Bench Travel Network ${i} (${country})`;
        const areas = new Set([pick(THEMATIC_AREAS)]);
        if (next() < 0.5) areas.add(pick(THEMATIC_AREAS));
        const founded = next();
        insertOrganisation.run({
          id: organisationId,
          name,
          nameKey: name.toLowerCase(),
          country,
          region: regionOf(country),
          type: pick(ORGANISATION_TYPES),
          thematicAreas: JSON.stringify([...areas]),
          // A fifth founded in the last five years ("young"), some unknown.
          foundedYear:
            founded < 0.15
              ? null
              : founded < 0.35
                ? currentYear - Math.floor(next() * 5)
                : 1950 + Math.floor(next() * 70),
          migrantLed: next() < 0.3 ? 1 : 0,
          womenLed: next() < 0.3 ? 1 : 0,
          youthLed: next() < 0.2 ? 1 : 0,
          at: at(-500 * DAY),
        });
        insertUser.run(
          memberId,
          `bench-member-${i}@example.org`,
          `Bench Member ${i}`,
          'cso',
          nowText,
          nowText,
          nowText,
        );
        insertMembership.run(crypto.randomUUID(), memberId, organisationId, nowText);

        if (i % 3 === 0) {
          const when = at(-330 * DAY + i * 1000);
          insertRegistration.run({
            id: crypto.randomUUID(),
            consultationId: pastId,
            organisationId,
            registeredById: memberId,
            name: `Past Participant ${i}`,
            email: `past-participant-${i}@example.org`,
            gender: pick(GENDERS),
            nationality: country,
            needsVisaLetter: 0,
            status: 'confirmed',
            waitlistSeq: null,
            at: when,
          });
        }

        const status = statuses[i];
        const registrationId = crypto.randomUUID();
        const registeredAt = -25 * DAY + i * 60_000;
        insertRegistration.run({
          id: registrationId,
          consultationId,
          organisationId,
          registeredById: memberId,
          name: `Participant ${i}`,
          email: `participant-${i}@example.org`,
          gender: pick(GENDERS),
          nationality: country,
          needsVisaLetter: next() < 0.5 ? 1 : 0,
          status,
          waitlistSeq: status === 'waitlisted' ? (waitlistSeq += 1) : null,
          at: at(registeredAt),
        });

        const kinds = [
          'airfare',
          ...COST_KINDS.filter((kind) => kind !== 'airfare' && next() < 0.4),
        ];
        const lines = kinds.map((kind) => ({ kind, amount: between(LINE_AMOUNTS[kind]) }));
        insertApplication.run({
          id: crypto.randomUUID(),
          registrationId,
          consultationId,
          organisationId,
          appliedById: memberId,
          lines: JSON.stringify(lines),
          requestedMinor: lines.reduce((sum, line) => sum + line.amount, 0),
          departureCity: pick(CITIES),
          // Mostly from the organisation's country; some travel from elsewhere.
          departureCountry: next() < 0.75 ? country : pick(countries),
          justification:
            'Our organisation cannot cover international travel; the participant coordinates ' +
            `our work with migrant workers and would report back to ${20 + (i % 80)} member groups.`,
          couldAttendWithout: next() < 0.3 ? 0 : 1,
          at: at(registeredAt + 3_600_000 + Math.floor(next() * 3 * DAY)),
        });
      }
    })();
    const broken = db.pragma('foreign_key_check');
    if (broken.length) throw new Error(`foreign key check failed: ${JSON.stringify(broken[0])}`);
    return {
      consultationId,
      staffToken,
      applications: count,
      registrations: {
        confirmed,
        waitlisted: statuses.filter((status) => status === 'waitlisted').length,
        pending: statuses.filter((status) => status === 'pending').length,
      },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    db.close();
  }
}

module.exports = { populateFunding };
