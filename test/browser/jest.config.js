/** Browser journeys: real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. */
const { join } = require('node:path');

module.exports = {
  displayName: 'browser',
  testEnvironment: 'node',
  rootDir: join(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
