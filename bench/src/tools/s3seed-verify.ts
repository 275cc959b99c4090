import { createClients, verifyBuckets, type Difference, limitHeapGrowth } from '@s3-seed/core'

// `s3-seed verify` against the endpoint: both buckets compared in parallel ranges, the differences
// written as CSV in key order (as the CLI's --csv-file does), here to stdout. The last line counts
// them and says whether they came in S3's key order.
// With --checksum, the content of same-size objects too (HeadObject on both sides).
// Usage: s3seed-verify.js ENDPOINT SOURCE DESTINATION [--checksum]
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
// As the CLI's bin does: s3-seed's users run it in a process set up this way.
limitHeapGrowth()
const [endpoint = '', source = 'bench-bucket', destination = 'bench-bucket-resized', flag] = process.argv.slice(2)
const checksum = flag === '--checksum'
const clients = createClients({ region: 'us-east-1', endpoints: { s3: endpoint }, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
let previous: Buffer | undefined
let ordered = true
let csv = ''
const flush = () => {
  process.stdout.write(csv)
  csv = ''
}
const result = await verifyBuckets({
  clients,
  source,
  destination,
  checksum,
  onDifference: (difference: Difference) => {
    const key = Buffer.from(difference.key)
    if (previous !== undefined && Buffer.compare(previous, key) >= 0) ordered = false
    previous = key
    csv += `${difference.kind},"${difference.key.replaceAll('"', '""')}",${difference.source?.size ?? ''},${difference.destination?.size ?? ''}\n`
    if (csv.length > 1 << 16) flush()
  },
})
flush()
const { content } = result
const differences = result.missing.count + result.extra.count + result.differing.count + (content ? content.differs.count + content.notComparable.count : 0)
const heads = content ? { checked: content.checked, headRequests: content.headRequests } : {}
process.stdout.write(`${JSON.stringify({ keys: differences, ordered, sourceObjects: result.sourceObjects, destinationObjects: result.destinationObjects, ...heads })}\n`)
