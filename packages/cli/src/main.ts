import { S3SeedError, type Sleep } from '@s3-seed/core/base'
import { parseArgs, type ParsedCommand } from './args/parse-args.js'
import { EXIT, exitCodeForError } from './exit-codes.js'
import { INTERRUPTED_EXIT_CODE, interruptOnSignals } from './interrupt.js'
import type { CommandContext } from './command-context.js'
import { processIo, type CliIo } from './io.js'

export { parseArgs, EXIT }
export type { CliIo }

export interface MainContext {
  io?: CliIo
  signal?: AbortSignal
  /** How commands wait between retries and status checks. Default: real time; tests shorten it. */
  sleep?: Sleep
}

/** Runs the CLI and returns its exit code; the bin sets process.exitCode from it. */
export async function main(argv: string[] = process.argv, context: MainContext = {}): Promise<number> {
  const io = context.io ?? processIo()
  // Without a caller's signal, Ctrl-C and SIGTERM interrupt the command cleanly (interrupt.ts).
  const interrupt = context.signal === undefined ? interruptOnSignals(io) : undefined
  const signal = context.signal ?? interrupt?.signal
  try {
    // parse, then await: cac does not await async actions, so their errors would escape this catch.
    const command = parseArgs(argv)
    const code = await run(command, { io, signal, sleep: context.sleep })
    return signal?.aborted ? INTERRUPTED_EXIT_CODE : code
  } catch (error) {
    if (signal?.aborted) {
      io.stderr.write(`s3-seed: interrupted: ${error instanceof Error ? error.message : String(error)}\n`)
      return INTERRUPTED_EXIT_CODE
    }
    return reportError(error, io)
  } finally {
    interrupt?.dispose()
  }
}

async function run(command: ParsedCommand, context: CommandContext): Promise<number> {
  switch (command.name) {
    case 'help':
    case 'version':
      return EXIT.ok
    case 'seed':
      return (await import('./commands/seed.js')).seedCommand(command.options, context)
    case 'check':
      return (await import('./commands/check.js')).checkCommand(command.options, context)
    case 'status':
      return (await import('./commands/status.js')).statusCommand(command.options, context)
    case 'watch':
      return (await import('./commands/watch.js')).watchCommand(command.options, context)
    case 'cancel':
      return (await import('./commands/cancel.js')).cancelCommand(command.options, context)
    case 'retry':
      return (await import('./commands/retry.js')).retryCommand(command.options, context)
    case 'verify':
      return (await import('./commands/verify.js')).verifyCommand(command.options, context)
    case 'cleanup':
      return (await import('./commands/cleanup.js')).cleanupCommand(command.options, context)
  }
}

function reportError(error: unknown, io: CliIo): number {
  const known = error instanceof S3SeedError || (error instanceof Error && error.name === 'CACError')
  const message = error instanceof Error ? error.message : String(error)
  io.stderr.write(`s3-seed: ${message}\n`)
  if (!known && error instanceof Error && io.env.S3_SEED_DEBUG) io.stderr.write(`${error.stack}\n`)
  return error instanceof Error ? exitCodeForError(error) : EXIT.aws
}
