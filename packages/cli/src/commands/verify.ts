import { verifyBuckets, type Difference, type VerifyProgress, type VerifyResult } from '@s3-seed/core/verify'
import { setMaxListeners } from 'node:events'
import type { VerifyCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'
import { CsvFile } from '../output/csv-file.js'
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
  // Before any request: a --csv path that cannot be written fails now, not after hours of listing.
  const csv = options.csvFile === undefined ? undefined : new CsvFile(options.csvFile, options.force)
  const { checksum } = options
  let result: VerifyResult
  try {
    csv?.write(csvHeader(checksum))
    // Both buckets pinned to their owners, as a seeding pins them: a sniped name answers 403.
    const caller = await account()
    const owners = { source: caller, destination: options.destinationAccount ?? caller }
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
    // A failed write to the CSV stops the run too: with --checksum every object still to come costs requests.
    const signal = csv === undefined ? context.signal : context.signal === undefined ? csv.failed : AbortSignal.any([context.signal, csv.failed])
    // Every request in flight may listen to it, as to interrupt.ts's signal: no listener limit either.
    if (signal !== undefined && signal !== context.signal) setMaxListeners(0, signal)
    result = await verifyBuckets({
      clients,
      owners,
      source: options.source,
      destination: options.destination,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      compareEtags: options.compareEtags,
      checksum,
      onProgress,
      ...(csv === undefined ? {} : { onDifference: (difference: Difference) => csv.write(csvLine(difference, checksum)) }),
      ...(signal === undefined ? {} : { signal }),
    })
    csv?.finish()
  } catch (error) {
    csv?.discard()
    throw csv?.failure ?? error
  }
  for (const line of summaryLines(options.source, options.destination, result)) output.log(line)
  if (options.csvFile) output.log(`Differences written to ${options.csvFile}`)
  output.document({ source: options.source, destination: options.destination, ...result })
  return result.complete ? EXIT.ok : EXIT.failed
}
