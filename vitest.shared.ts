import { defineConfig } from 'vitest/config'

/**
 * Test settings every package shares: the root vitest.config.ts (`pnpm test`, every package in one
 * run) and each package's own vitest.config.ts (that package alone) merge it. The root run's JSON
 * report is what .ci/run counts.
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    clearMocks: true,
    restoreMocks: true,
    // One process per worker runs many files: modules (the AWS SDK among them) load once per worker,
    // and so does the sandbox (useSandbox shares one per worker, reset for every file and test).
    pool: 'forks',
    isolate: false,
    // Integration tests talk to a real sandbox (moto + our endpoint), three workers on two cores, so
    // allow them time. Speed targets belong in benchmarks, not here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
})
