import { seedMany, type SeedOptions } from '@s3-seed/core'
import type { SeedCommandOptions } from '../args.js'
import { clientsFor } from '../aws-clients.js'
import type { CliIo } from '../io.js'
import { readPairsFile } from '../pairs-file.js'
import { exitCodeFor, jsonResult, SeedRenderer } from '../render.js'
import { exitCodeForError } from '../exit-codes.js'

export interface SeedCommandContext {
  io: CliIo
  signal?: AbortSignal
}

/** `s3-seed SOURCE DESTINATION` and `s3-seed --pairs FILE`, attached or detached. */
export async function seedCommand(options: SeedCommandOptions, { io, signal }: SeedCommandContext): Promise<number> {
  const pairs: SeedOptions[] = options.pairsFile
    ? await readPairsFile(options.pairsFile, options.defaults)
    : [{ ...options.defaults, source: options.source as string, destination: options.destination as string }]
  const renderer = new SeedRenderer(io, pairs, options.json)
  const outcomes = await seedMany(pairs, {
    clients: clientsFor(options, io.env),
    concurrency: options.concurrency,
    detach: options.detach,
    dryRun: options.dryRun,
    pollIntervalMs: options.pollIntervalSeconds * 1000,
    ...(signal === undefined ? {} : { signal }),
    onEvent: (index, event) => renderer.event(index, event),
  })
  // A single pair's input or AWS error is the run's error: report it like any other.
  const only = outcomes.length === 1 ? outcomes[0] : undefined
  if (only !== undefined && 'error' in only && !options.json) throw only.error
  renderer.finish(outcomes)
  const exitCode = exitCodeFor(outcomes, exitCodeForError)
  if (options.json) io.stdout.write(`${JSON.stringify({ exitCode, results: outcomes.map(jsonResult) }, null, 2)}\n`)
  return exitCode
}
