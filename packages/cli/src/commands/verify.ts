import { verifyBuckets, type Difference } from '@s3-seed/core'
import { createWriteStream } from 'node:fs'
import type { VerifyCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'

/** `s3-seed verify SOURCE DESTINATION`: exit 0 only when every source object is in the destination. */
export async function verifyCommand(options: VerifyCommandOptions, context: CommandContext): Promise<number> {
  const { clients, output } = openSession(options, context)
  const csv = options.csvFile === undefined ? undefined : createWriteStream(options.csvFile)
  csv?.write('kind,key,source_size,destination_size,source_etag,destination_etag\n')
  const result = await verifyBuckets({
    clients,
    source: options.source,
    destination: options.destination,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    compareEtags: options.compareEtags,
    ...(csv === undefined ? {} : { onDifference: (difference: Difference) => csv.write(csvLine(difference)) }),
  })
  if (csv) await new Promise<void>((resolve, reject) => csv.end((error?: Error | null) => (error ? reject(error) : resolve())))
  const line = (label: string, entry: { count: number; examples: string[] }) =>
    `  ${label.padEnd(10)} ${String(entry.count).padStart(8)}${entry.examples.length ? `   e.g. ${entry.examples.slice(0, 3).map((key) => JSON.stringify(key)).join(', ')}` : ''}`
  output.log(`Compared s3://${options.source} (${result.sourceObjects} objects) with s3://${options.destination} (${result.destinationObjects} objects):`)
  output.log(line('missing', result.missing))
  output.log(line('differing', result.differing))
  output.log(line('extra', result.extra))
  output.log(
    result.complete
      ? `Complete: every object of ${options.source} is in ${options.destination}.`
      : `Incomplete: ${result.missing.count + result.differing.count} objects are missing or differ in ${options.destination}.`,
  )
  if (options.csvFile) output.log(`Differences written to ${options.csvFile}`)
  output.document({ source: options.source, destination: options.destination, ...result })
  return result.complete ? EXIT.ok : EXIT.failed
}

function csvLine(difference: Difference): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`
  return [
    difference.kind,
    quote(difference.key),
    difference.source?.size ?? '',
    difference.destination?.size ?? '',
    difference.source?.etag ?? '',
    difference.destination?.etag ?? '',
  ].join(',') + '\n'
}
