import { buildCli } from './cli.js'
import { rawOptionValues } from './flags.js'
import type { ParsedCommand } from './types.js'

export { buildCli, EXIT_CODES_HELP } from './cli.js'
export { UsageError } from './seed-options.js'
export type { CleanupCommandOptions, GlobalOptions, JobsCommandOptions, ParsedCommand, RetryCommandOptions, SeedCommandOptions, VerifyCommandOptions } from './types.js'

/**
 * The command line, as a pure function from argv to a typed command. Option values are read from
 * argv as typed: cac (via mri) turns "007" into 7 and "1e3" into 1000, which would corrupt
 * prefixes, bucket names and job IDs; cac still does the validation and the help, and core's option
 * schema checks every value.
 */
export function parseArgs(argv: string[]): ParsedCommand {
  let parsed: ParsedCommand = { name: 'help' }
  const cli = buildCli((command) => {
    parsed = command
  }, rawOptionValues(argv))
  cli.parse(argv, { run: false })
  if (cli.options.version) return { name: 'version' }
  if (cli.options.help) return { name: 'help' }
  cli.runMatchedCommand()
  return parsed
}
