import type { SandboxRequest } from './http-request.js'
import { credentialScope } from './http-request.js'

/**
 * Names the AWS operation of a request bound for moto, so faults can target it by name.
 * IAM and STS (Query protocol) name it in the `Action` parameter; S3 (REST) by method, path and
 * sub-resource. Unknown shapes fall back to "<METHOD> <sub-resource>".
 */
export function operationName(request: SandboxRequest): string {
  const { service } = credentialScope(request.headers)
  if (service === 'iam' || service === 'sts') {
    const action = new URLSearchParams(request.body.toString('utf8')).get('Action') ?? request.query.get('Action')
    return action ?? 'Unknown'
  }
  return s3OperationName(request)
}

const BUCKET_GET: Array<[string, string]> = [
  ['list-type', 'ListObjectsV2'], ['versions', 'ListObjectVersions'], ['location', 'GetBucketLocation'],
  ['replication', 'GetBucketReplication'], ['versioning', 'GetBucketVersioning'], ['uploads', 'ListMultipartUploads'],
  ['ownershipControls', 'GetBucketOwnershipControls'], ['tagging', 'GetBucketTagging'], ['policy', 'GetBucketPolicy'],
  ['encryption', 'GetBucketEncryption'], ['inventory', 'GetBucketInventoryConfiguration'],
]
const BUCKET_PUT: Array<[string, string]> = [
  ['replication', 'PutBucketReplication'], ['versioning', 'PutBucketVersioning'], ['ownershipControls', 'PutBucketOwnershipControls'],
  ['tagging', 'PutBucketTagging'], ['policy', 'PutBucketPolicy'], ['encryption', 'PutBucketEncryption'],
  ['inventory', 'PutBucketInventoryConfiguration'],
]

function s3OperationName({ method, path, query, headers }: SandboxRequest): string {
  const [bucket = '', ...keyParts] = path.replace(/^\//, '').split('/')
  const hasKey = keyParts.join('/') !== ''
  const first = (table: Array<[string, string]>, fallback: string) => table.find(([param]) => query.has(param))?.[1] ?? fallback
  if (bucket === '') return method === 'GET' ? 'ListBuckets' : `${method} /`
  if (!hasKey) {
    if (method === 'GET') return first(BUCKET_GET, 'ListObjects')
    if (method === 'PUT') return first(BUCKET_PUT, 'CreateBucket')
    if (method === 'HEAD') return 'HeadBucket'
    if (method === 'DELETE') return query.has('replication') ? 'DeleteBucketReplication' : 'DeleteBucket'
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects'
    return `${method} bucket`
  }
  if (method === 'GET') return query.has('tagging') ? 'GetObjectTagging' : query.has('uploadId') ? 'ListParts' : 'GetObject'
  if (method === 'HEAD') return 'HeadObject'
  if (method === 'PUT') {
    if (query.has('partNumber')) return headers['x-amz-copy-source'] ? 'UploadPartCopy' : 'UploadPart'
    if (query.has('tagging')) return 'PutObjectTagging'
    return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject'
  }
  if (method === 'POST') return query.has('uploads') ? 'CreateMultipartUpload' : query.has('uploadId') ? 'CompleteMultipartUpload' : 'POST object'
  if (method === 'DELETE') return query.has('uploadId') ? 'AbortMultipartUpload' : query.has('tagging') ? 'DeleteObjectTagging' : 'DeleteObject'
  return `${method} object`
}
