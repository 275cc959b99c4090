import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig, mergeConfig } from 'vitest/config'
import { sharedTestConfig } from './vitest.shared.js'

/**
 * `pnpm test`: every package's tests in one vitest run, after turbo has built the packages. One
 * pool of workers takes the files one at a time, whichever package they are in, so no package
 * finishes alone on one worker while the other core idles, as per-package runs under turbo did
 * (decisions §24). Each package's own vitest.config.ts still runs that package alone
 * (`pnpm --filter @s3-seed/cli test`).
 */

/**
 * Files that take long for their size. vitest starts the files it has no timing for largest first;
 * the demo's test is a few lines that run the whole demo (about 30 s), and started last it would
 * run alone at the end.
 */
const LONG_FOR_THEIR_SIZE = ['apps/demo/src/demo.sandbox.test.ts']

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const long = (file: TestSpecification) => LONG_FOR_THEIR_SIZE.some((path) => file.moduleId.endsWith(path))
    return [...sorted.filter(long), ...sorted.filter((file) => !long(file))]
  }
}

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['{packages,apps}/*/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
      // Three workers on two cores: a test that waits (credentials expiring, a held upload, a job's
      // stages) leaves its core to the others. Each worker runs one sandbox for all its files.
      // minWorkers = maxWorkers: vitest 3.2.7's pool otherwise ends workers it counts as idle while
      // files are still being handed out ("Terminating worker thread").
      maxWorkers: 3,
      minWorkers: 3,
      sequence: { sequencer: LongFilesFirst },
    },
  }),
)
