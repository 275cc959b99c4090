import { bucketRegion, checkBucketName, verifyPair, type Difference } from '@s3-seed/core'
import { createWriteStream } from 'node:fs'
import type { VerifyCommandOptions } from '../args.js'
import { clientsFor } from '../aws-clients.js'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'

/** `s3-seed verify SOURCE DESTINATION`: exit 0 only when every source object is in the destination. */
export async function verifyCommand(options: VerifyCommandOptions, { io }: { io: CliIo }): Promise<number> {
  checkBucketName(options.source, 'SOURCE')
  checkBucketName(options.destination, 'DESTINATION')
  const clients = clientsFor(options, io.env)
  const lookup = clients.s3(clients.defaultRegion)
  const sourceS3 = clients.s3(await bucketRegion(lookup, options.source, 'SOURCE'))
  const destinationS3 = clients.s3(await bucketRegion(lookup, options.destination, 'DESTINATION'))
  const csv = options.csvFile === undefined ? undefined : createWriteStream(options.csvFile)
  csv?.write('kind,key,source_size,destination_size,source_etag,destination_etag\n')
  const result = await verifyPair({
    sourceS3,
    destinationS3,
    source: options.source,
    destination: options.destination,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    compareEtags: options.compareEtags,
    ...(csv === undefined ? {} : { onDifference: (difference: Difference) => csv.write(csvLine(difference)) }),
  })
  if (csv) await new Promise<void>((resolve, reject) => csv.end((error?: Error | null) => (error ? reject(error) : resolve())))
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ source: options.source, destination: options.destination, ...result }, null, 2)}\n`)
  } else {
    const line = (label: string, entry: { count: number; examples: string[] }) =>
      `  ${label.padEnd(10)} ${String(entry.count).padStart(8)}${entry.examples.length ? `   e.g. ${entry.examples.slice(0, 3).map((key) => JSON.stringify(key)).join(', ')}` : ''}\n`
    io.stdout.write(`Compared s3://${options.source} (${result.sourceObjects} objects) with s3://${options.destination} (${result.destinationObjects} objects):\n`)
    io.stdout.write(line('missing', result.missing) + line('differing', result.differing) + line('extra', result.extra))
    io.stdout.write(
      result.complete
        ? `Complete: every object of ${options.source} is in ${options.destination}.\n`
        : `Incomplete: ${result.missing.count + result.differing.count} objects are missing or differ in ${options.destination}.\n`,
    )
    if (options.csvFile) io.stdout.write(`Differences written to ${options.csvFile}\n`)
  }
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
