import { defineConfig, mergeConfig } from 'vitest/config'
import { sharedTestConfig } from '../../vitest.shared.js'

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // These tests block their worker in spawnSync (git, the export and release scripts) for many
      // seconds under load. A worker shared by several files then misses vitest's RPC deadline
      // ("Timeout calling onTaskUpdate"), so here each file keeps a process of its own.
      isolate: true,
    },
  }),
)
