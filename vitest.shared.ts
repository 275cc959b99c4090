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
    // Integration tests talk to a real sandbox (moto + our endpoint); under turbo several packages
    // run at once on two cores, so allow them time. Speed targets belong in benchmarks, not here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
})
