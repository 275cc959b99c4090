import { defineConfig, mergeConfig } from 'vitest/config'
import { sharedTestConfig } from '../../vitest.shared.js'

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // Each test file starts its own sandbox (moto + endpoint); moto is single-threaded.
      maxWorkers: 2,
    },
  }),
)
