import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.{ts,tsx}',
      'plugins/*/src/**/*.test.{ts,tsx}',
      'packages/app/build/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    globalSetup: ['packages/test-utils/src/globalSetup.ts'],
    // Under CI=true a test that did not run (skip, todo, skipIf/runIf) fails the run.
    reporters: ['default', './packages/test-utils/src/noSkipsUnderCi.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: two test files at a time keeps a database test and a browser test from starving each other.
    maxWorkers: 2,
  },
});
