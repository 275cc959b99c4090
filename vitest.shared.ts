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
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
})
