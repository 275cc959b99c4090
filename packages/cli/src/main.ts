import { cac, type CAC } from 'cac'
import { S3SeedError, InvalidInputError } from '@s3-seed/core'
import { createRequire } from 'node:module'

/** Exit codes, documented in --help and the README. */
export const EXIT = { ok: 0, tasksFailed: 1, usage: 2, aws: 3 } as const

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export function buildCli(): CAC {
  const cli = cac('s3-seed')
  cli
    .command('[source] [destination]', 'Copy the objects of SOURCE into DESTINATION with S3 Batch Operations')
    .action(() => {
      throw new InvalidInputError('Seeding is not available in this build yet; see the project README for status.')
    })
  cli.help()
  cli.version(version)
  return cli
}

/** Runs the CLI and returns the exit code. The bin sets process.exitCode from it. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const cli = buildCli()
  try {
    // run: false, then await: cac does not await async actions, so errors would escape the catch.
    cli.parse(argv, { run: false })
    if (cli.options.help || cli.options.version) return EXIT.ok
    await cli.runMatchedCommand()
    return EXIT.ok
  } catch (error) {
    return reportError(error)
  }
}

function reportError(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`s3-seed: ${message}\n`)
  if (error instanceof InvalidInputError || (error instanceof Error && error.name === 'CACError')) return EXIT.usage
  if (error instanceof S3SeedError) return EXIT.aws
  return EXIT.aws
}
