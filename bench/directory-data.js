'use strict';
// Synthetic observer organisations for the "directory search" scenario, written straight into a
// migrated SQLite file with better-sqlite3. Region, duplicate keys and search terms come from the
// built app's own helpers (dist/organisations/*.js), so the rows are the ones saveWithKeys() writes.
//
// Names are "<Adjective> <Noun> <Noun> of <Place>" from ~250 common words, so any common word is in
// a share of the directory that grows with its size. The query words (QUERY_WORDS, bird names) are
// different: each is put into exactly MATCHES_PER_QUERY organisations whatever the size, and no
// other term starts with one, so every search returns the same number of organisations at 1k and
// at 100k and the comparison measures the cost of the directory's size alone.
const crypto = require('node:crypto');
const path = require('node:path');
const Database = require('better-sqlite3');
const { random, sqliteDatetime } = require('./data-helpers');

const DIST = path.resolve(__dirname, '..', 'dist');
const { normalise, searchTerms } = require(path.join(DIST, 'organisations', 'names.js'));
const { regionOf, knownCountries } = require(path.join(DIST, 'organisations', 'regions.js'));
const { ORGANISATION_TYPES, THEMATIC_AREAS } = require(
  path.join(DIST, 'organisations', 'organisation.entity.js'),
);

const MATCHES_PER_QUERY = 12;

const QUERY_WORDS = (
  'kestrel heron plover curlew osprey lapwing bittern warbler wagtail nightjar dunlin godwit egret ' +
  'avocet stork kingfisher sandpiper hoopoe pelican cormorant puffin swallow oriole starling'
).split(' ');

const ADJECTIVES = (
  'United Global National International Regional Independent African Asian Pacific Caribbean ' +
  'Andean Arab Balkan Nordic Northern Southern Eastern Western Central Coastal Rural Urban ' +
  'Democratic Free New Open Progressive Catholic Islamic Christian Interfaith Young Grassroots ' +
  'Popular Civic Humanitarian Social Ecumenical Sustainable Inclusive Multicultural Transnational ' +
  'Cooperative Mutual Voluntary Local Metropolitan Provincial Federal Sahel Mekong Danube ' +
  'Himalayan Amazonian Atlantic'
).split(' ');

const NOUNS = (
  'Migrant Migrants Workers Refugee Refugees Diaspora Rights Solidarity Action Alliance Network ' +
  'Forum Council Association Federation Union Coalition Centre Institute Foundation Trust ' +
  'Initiative Project Partnership Committee Society Collective Movement Platform Community ' +
  'Development Education Health Justice Labour Mobility Protection Inclusion Integration Welfare ' +
  'Relief Support Advocacy Research Studies Youth Women Families Children Seafarers Domestic ' +
  'Farmworkers Legal Aid Housing Return Remittances Peace Dignity Hope Equality Voices Bridges ' +
  'Pathways Horizons Futures Empowerment Outreach Care Unity Service Mission Learning Employment ' +
  'Skills Enterprise Livelihoods Settlement Hospitality Welcome Shelter Counsel Literacy Training ' +
  'Reintegration Networks Circle Exchange Observatory Agency Fund'
).split(' ');

const PLACES = (
  'Accra, Lagos, Nairobi, Dakar, Kampala, Addis Ababa, Cairo, Tunis, Rabat, Johannesburg, Harare, ' +
  'Lusaka, Maputo, Luanda, Kinshasa, Abidjan, Bamako, Niamey, Khartoum, Mogadishu, Manila, ' +
  'Jakarta, Dhaka, Kathmandu, Colombo, Karachi, Lahore, Mumbai, Delhi, Chennai, Bangkok, Hanoi, ' +
  'Phnom Penh, Yangon, Kuala Lumpur, Singapore, Beirut, Amman, Baghdad, Istanbul, Ankara, Tbilisi, ' +
  'Yerevan, Baku, Almaty, Tashkent, Bishkek, Dushanbe, Kabul, Tehran, Riyadh, Doha, Dubai, Muscat, ' +
  'Geneva, Brussels, Paris, Berlin, Madrid, Lisbon, Rome, Athens, Vienna, Warsaw, Kyiv, Chișinău, ' +
  'Bucharest, Sofia, Belgrade, Sarajevo, Tirana, Dublin, London, Stockholm, Oslo, Helsinki, ' +
  'Tallinn, Riga, Vilnius, Mexico City, Bogotá, Lima, Quito, Caracas, Santiago, Buenos Aires, ' +
  'Montevideo, Asunción, La Paz, Guatemala City, Tegucigalpa, Managua, San Salvador, Havana, ' +
  'Kingston, Port-au-Prince, Santo Domingo, Toronto, Chicago, Suva, Apia, Port Moresby, Honiara, ' +
  'Nouméa, São Paulo, Tijuana, Ciudad Juárez'
).split(', ');

const DESCRIPTIONS = [
  '',
  'Legal counselling and advocacy for migrant workers and their families.',
  'A network of diaspora associations supporting development in countries of origin.',
  'Shelter, language classes and job placement for newly arrived refugees.',
  'Research on labour migration corridors and recruitment fees.',
  'Community health outreach in informal settlements.',
];

function initials(words) {
  return words.map((word) => word[0].toUpperCase()).join('');
}

function capitalise(word) {
  return word[0].toUpperCase() + word.slice(1);
}

function startsWithQueryWord(terms) {
  return terms.some((term) => QUERY_WORDS.some((word) => term.startsWith(word)));
}

function checkWordLists() {
  const common = [...ADJECTIVES, ...NOUNS, ...PLACES].flatMap((word) => normalise(word).split(' '));
  const clash = common.find((term) => startsWithQueryWord([term]));
  if (clash) throw new Error(`directory word "${clash}" starts with a query word`);
  const rare = QUERY_WORDS.filter((word) => normalise(word) !== word);
  if (rare.length) throw new Error(`query words must be normalised: ${rare.join(', ')}`);
}

/**
 * Inserts `count` observer organisations and their search terms into the migrated SQLite file at
 * `file`, in one transaction. Returns what a directory search for each query word should total.
 */
function populateDirectory(file, count) {
  checkWordLists();
  const designated = QUERY_WORDS.length * MATCHES_PER_QUERY;
  if (count < designated) {
    throw new Error(`the directory needs at least ${designated} organisations (got ${count})`);
  }
  const next = random(0x5eed + count);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const countries = knownCountries();
  // Which query word (if any) each organisation carries: spread evenly over the whole directory.
  const queryWordAt = new Map();
  for (let j = 0; j < designated; j += 1) {
    queryWordAt.set(
      Math.floor(((j + 0.5) * count) / designated),
      QUERY_WORDS[j % QUERY_WORDS.length],
    );
  }

  const db = new Database(file);
  const started = Date.now();
  try {
    // Bulk-load settings for this connection only; the file is thrown away after the run.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('foreign_keys = OFF');
    const insertOrganisation = db.prepare(`INSERT INTO organisations
      (id, name, acronym, "nameKey", "acronymKey", country, region, type, "thematicAreas", website,
       email, description, "foundedYear", "migrantLed", "womenLed", "youthLed", "observerStatus",
       "observerSince", "suspendedReason", "createdAt", "updatedAt")
      VALUES (@id, @name, @acronym, @nameKey, @acronymKey, @country, @region, @type, @thematicAreas,
       @website, NULL, @description, @foundedYear, @migrantLed, @womenLed, @youthLed, 'observer',
       @observerSince, NULL, @createdAt, @updatedAt)`);
    const insertTerm = db.prepare(
      'INSERT INTO organisation_terms ("organisationId", term) VALUES (?, ?)',
    );
    const matches = Object.fromEntries(QUERY_WORDS.map((word) => [word, 0]));
    const baseTime = Date.UTC(2020, 0, 1);
    const rows = [];
    for (let i = 0; i < count; i += 1) {
      const queryWord = queryWordAt.get(i);
      let name;
      let acronym;
      let terms;
      // A common name may not start a term with a query word (an acronym could): draw again.
      do {
        const words = [pick(ADJECTIVES), pick(NOUNS), pick(NOUNS)];
        if (queryWord) words.splice(Math.floor(next() * 3), 0, capitalise(queryWord));
        name = `${words.join(' ')} of ${pick(PLACES)}`;
        acronym = next() < 0.6 ? initials(words) : null;
        terms = searchTerms(name, acronym);
      } while (!queryWord && startsWithQueryWord(terms));
      for (const word of QUERY_WORDS) {
        if (terms.some((term) => term.startsWith(word))) matches[word] += 1;
      }
      const country = pick(countries);
      const created = new Date(baseTime + Math.floor(next() * 5 * 365 * 86_400_000));
      const areas = new Set([pick(THEMATIC_AREAS)]);
      if (next() < 0.5) areas.add(pick(THEMATIC_AREAS));
      rows.push({
        organisation: {
          id: crypto.randomUUID(),
          name,
          acronym,
          nameKey: normalise(name).slice(0, 200),
          acronymKey: acronym ? normalise(acronym).replace(/ /g, '').slice(0, 30) : null,
          country,
          region: regionOf(country),
          type: pick(ORGANISATION_TYPES),
          thematicAreas: JSON.stringify([...areas]),
          website: next() < 0.5 ? `https://org-${i}.example.org` : null,
          description: pick(DESCRIPTIONS),
          foundedYear: next() < 0.8 ? 1950 + Math.floor(next() * 75) : null,
          migrantLed: next() < 0.3 ? 1 : 0,
          womenLed: next() < 0.3 ? 1 : 0,
          youthLed: next() < 0.2 ? 1 : 0,
          observerSince: sqliteDatetime(new Date(created.getTime() + 30 * 86_400_000)),
          createdAt: sqliteDatetime(created),
          updatedAt: sqliteDatetime(created),
        },
        terms: terms.sort(),
      });
    }
    // In primary-key order, so the tables' B-trees fill by appending instead of page splits.
    rows.sort((a, b) => (a.organisation.id < b.organisation.id ? -1 : 1));
    // The migrations' secondary indexes are dropped during the load and then recreated from their
    // own CREATE INDEX statements, so the schema ends up exactly as migrated (building an index
    // in one pass is several times faster than inserting 600k random keys into it).
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
           AND tbl_name IN ('organisations', 'organisation_terms')`,
      )
      .all();
    let termCount = 0;
    db.transaction(() => {
      for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
      for (const { organisation, terms } of rows) {
        insertOrganisation.run(organisation);
        for (const term of terms) insertTerm.run(organisation.id, term);
        termCount += terms.length;
      }
      for (const { sql } of indexes) db.exec(sql);
    })();
    const wrong = Object.entries(matches).find(([, n]) => n !== MATCHES_PER_QUERY);
    if (wrong)
      throw new Error(`"${wrong[0]}" is in ${wrong[1]} organisations, not ${MATCHES_PER_QUERY}`);
    const broken = db.pragma('foreign_key_check');
    if (broken.length) throw new Error(`foreign key check failed: ${JSON.stringify(broken[0])}`);
    db.pragma('journal_mode = WAL');
    return {
      organisations: count,
      terms: termCount,
      matches,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    db.close();
  }
}

module.exports = { populateDirectory, QUERY_WORDS, MATCHES_PER_QUERY };
