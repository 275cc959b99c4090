import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3'

// A plain AWS SDK paginator loop that only counts keys: the SDK's own listing speed.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const [endpoint = '', bucket = 'bench-bucket'] = process.argv.slice(2)
const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
let keys = 0
for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) keys += page.Contents?.length ?? 0
process.stdout.write(`${JSON.stringify({ keys })}\n`)
