import { defineConfig } from 'vitest/config'

/**
 * Test settings every package shares. Each package's vitest.config.ts merges this, so turbo still
 * runs and caches tests per package. The JSON report is what .ci/run counts.
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
    // Integration tests talk to a real sandbox (moto + our endpoint); under turbo several packages
    // run at once on two cores, so allow them time. Speed targets belong in benchmarks, not here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
})
