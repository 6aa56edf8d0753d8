import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A throwaway PostgreSQL for the SQL tests (or the server PGHOST names).
    globalSetup: ['test/support/postgres-setup.ts'],
    // In CI, also keep machine-readable results so the run can print a one-line tally.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'out/test-results.json' }]] : ['default'],
  },
});
