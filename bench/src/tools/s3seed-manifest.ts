import { buildManifest, createClients } from '@s3-seed/core'

// s3-seed's manifest build (parallel listing + streamed multipart upload) against the endpoint.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const [endpoint = '', bucket = 'bench-bucket', concurrency] = process.argv.slice(2)
const clients = createClients({ region: 'us-east-1', endpoints: { s3: endpoint }, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
const s3 = clients.s3('us-east-1')
const result = await buildManifest({
  sourceS3: s3,
  manifestS3: s3,
  source: bucket,
  manifest: { bucket, key: '.s3-seed/manifests/bench.csv' },
  ...(concurrency ? { listConcurrency: Number(concurrency) } : {}),
})
process.stdout.write(`${JSON.stringify({ keys: result.objectCount })}\n`)
