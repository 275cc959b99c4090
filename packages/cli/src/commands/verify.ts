import { verifyBuckets, type Difference, type VerifyProgress } from '@s3-seed/core'
import { createWriteStream } from 'node:fs'
import type { VerifyCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'
import { checksumEstimateLine, csvHeader, csvLine, progressText, summaryLines } from '../output/verify-lines.js'

/** Without a terminal, a progress line each time this many more objects were listed or checked. */
const PLAIN_EVERY = 100_000

/**
 * `s3-seed verify SOURCE DESTINATION`: exit 0 only when every source object is in the destination
 * with the same size and, with --checksum, none differs in content. Objects --checksum cannot
 * compare are reported (counted, with examples and in the CSV) but do not fail the run.
 */
export async function verifyCommand(options: VerifyCommandOptions, context: CommandContext): Promise<number> {
  const { clients, output, account } = openSession(options, context)
  // Both buckets pinned to their owners, as a seeding pins them: a sniped name answers 403.
  const caller = await account()
  const owners = { source: caller, destination: options.destinationAccount ?? caller }
  const { checksum } = options
  const csv = options.csvFile === undefined ? undefined : createWriteStream(options.csvFile)
  csv?.write(csvHeader(checksum))
  if (checksum) output.log(checksumEstimateLine())
  let shown = 0
  const onProgress = (progress: VerifyProgress) => {
    if (output.live) return output.bar(progressText(progress, checksum))
    const step = Math.floor((checksum ? progress.checked : progress.sourceObjects) / PLAIN_EVERY)
    if (step > shown) {
      shown = step
      output.log(progressText(progress, checksum))
    }
  }
  const result = await verifyBuckets({
    clients,
    owners,
    source: options.source,
    destination: options.destination,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    compareEtags: options.compareEtags,
    checksum,
    onProgress,
    ...(csv === undefined ? {} : { onDifference: (difference: Difference) => csv.write(csvLine(difference, checksum)) }),
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  })
  if (csv) await new Promise<void>((resolve, reject) => csv.end((error?: Error | null) => (error ? reject(error) : resolve())))
  for (const line of summaryLines(options.source, options.destination, result)) output.log(line)
  if (options.csvFile) output.log(`Differences written to ${options.csvFile}`)
  output.document({ source: options.source, destination: options.destination, ...result })
  return result.complete ? EXIT.ok : EXIT.failed
}
