import { buildManifest, createClients, limitHeapGrowth } from '@s3-seed/core'

// s3-seed's manifest build against the endpoint: the parallel listing streamed into a multipart
// upload, or, given a destination bucket, the comparison a re-run makes (both buckets listed over
// the same ranges, only what the destination lacks goes in the manifest).
// Usage: s3seed-manifest.js ENDPOINT [SOURCE] [DESTINATION]
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
// As the CLI's bin does: s3-seed's users run it in a process set up this way.
limitHeapGrowth()
const [endpoint = '', bucket = 'bench-bucket', destination] = process.argv.slice(2)
const clients = createClients({ region: 'us-east-1', endpoints: { s3: endpoint }, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
const s3 = clients.s3('us-east-1')
const result = await buildManifest({
  sourceS3: s3,
  manifestS3: s3,
  source: bucket,
  manifest: { bucket, key: '.s3-seed/manifests/bench.csv' },
  ...(destination ? { onlyChangedIn: { s3, bucket: destination } } : {}),
})
process.stdout.write(`${JSON.stringify({ keys: result.objectCount, skipped: result.skipped })}\n`)
