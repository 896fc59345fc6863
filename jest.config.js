/** Unit specs live beside the code; e2e specs in test/ run against the real AppModule. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

// Far from UTC, so that a date read or written in the machine's zone instead of UTC fails a test
// (CI machines and most developers' are UTC, where such a mistake would pass unseen).
process.env.TZ = 'Asia/Tokyo';

module.exports = {
  // Per-project testTimeout is ignored when projects run together: it is set here for all.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
