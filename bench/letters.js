'use strict';
// "letter generation": renders 200 visa invitation letters one after the other with the built
// renderer (dist/letters/letter.pdf.js: PDF, QR code, text in the participant's language) after
// decrypting each passport number with the field cipher, as a download or the mail worker does,
// in a child process of its own so that its peak RSS is the letters' alone. Reports the total
// time, the time per letter and the peak RSS. The database read of each letter is not included.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LETTERS = 200;
const name = 'letter generation';

function facts(i, cipher) {
  const startsAt = new Date('2027-09-13T07:00:00Z');
  return {
    letter: {
      id: `letter-${i}`,
      passportName: `PARTICIPANT NUMBER ${i} NDIAYE`,
      nationality: ['SN', 'ML', 'PH', 'MX', 'NG'][i % 5],
      consulateCity: 'Dakar',
      consulateCountry: 'SN',
      arrivalDate: '2027-09-11',
      departureDate: '2027-09-16',
      issuedAt: new Date('2027-06-01T10:00:00Z'),
    },
    code: crypto.randomBytes(20).toString('hex').toUpperCase().match(/.{4}/g).join('-'),
    passportNumber: cipher.decrypt(cipher.encrypt(`A${String(i).padStart(8, '0')}`, 'p'), 'p'),
    registration: { participantName: `Participant ${i}` },
    consultation: {
      title: 'Migrants and Development',
      language: 'en',
      translations: {},
      venue: 'IOM Headquarters, 17 route des Morillons',
      city: 'Geneva',
      country: 'CH',
      timezone: 'Europe/Zurich',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 86_400_000),
    },
    organisation: { name: `Migrant Rights Network ${i}` },
    funding: i % 3 === 0 ? { amountMinor: 120005, currency: 'USD' } : null,
    locale: ['en', 'fr', 'es'][i % 3],
  };
}

async function child() {
  const { renderLetter } = require(path.join(ROOT, 'dist/letters/letter.pdf.js'));
  const { FieldCipher } = require(path.join(ROOT, 'dist/common/field-cipher.js'));
  const cipher = new FieldCipher([{ id: 'bench', key: crypto.randomBytes(32) }]);
  const host = {
    name: 'Convene demo host',
    address: '17 route des Morillons, 1211 Geneva, Switzerland',
    contactEmail: 'civil-society@example.org',
    logoUrl: null,
    logoType: null,
    privacyUrl: '/privacy',
    logo: null,
    signatory: { name: 'Head of Civil Society Relations', title: 'On behalf of the host' },
  };
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < LETTERS; i++) {
    const f = facts(i, cipher);
    const pdf = await renderLetter(f, host, `http://localhost:3000/letters/verify?code=${f.code}`);
    bytes += pdf.length;
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    JSON.stringify({
      letters: LETTERS,
      totalMs,
      perLetterMs: totalMs / LETTERS,
      averageKb: bytes / LETTERS / 1024,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

/** Runs the child and prints one line; answers its measurements. */
function run() {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(__dirname, 'letters.js'), '--child'], {
      cwd: ROOT,
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.stderr.on('data', (chunk) => (err += chunk));
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${name} failed (${code}): ${err.slice(-2000)}`));
      const result = JSON.parse(out);
      process.stdout.write(
        `\n${name}: ${result.letters} letters in ${result.totalMs.toFixed(0)} ms ` +
          `(${result.perLetterMs.toFixed(1)} ms each, ${result.averageKb.toFixed(0)} KB each), ` +
          `peak RSS ${result.peakRssMb.toFixed(0)} MB\n`,
      );
      resolve({ name, ...result });
    });
  });
}

module.exports = { name, run };

if (require.main === module) {
  (process.argv.includes('--child') ? child() : run()).catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
}
