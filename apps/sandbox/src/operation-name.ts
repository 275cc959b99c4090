import type { SandboxRequest } from './http-request.js'
import { credentialScope } from './http-request.js'

/** The services behind the sandbox endpoint, as the gateway tells them apart. */
export type SandboxService = 's3' | 's3control' | 'iam' | 'sts' | 'kms'

/**
 * Which service a request is for: S3 Control by its `/v20180820/` path, the others by the SigV4
 * credential scope. Unsigned requests are taken as S3 (moto does the same).
 */
export function serviceOf(path: string, headers: SandboxRequest['headers']): SandboxService {
  if (path.startsWith('/v20180820/')) return 's3control'
  const { service } = credentialScope(headers)
  return service === 'iam' || service === 'sts' || service === 'kms' ? service : 's3'
}

/** Services whose operation name is in the body (Query protocol), so the gateway must read it first. */
export function nameIsInBody(service: SandboxService): boolean {
  return service === 'iam' || service === 'sts'
}

/**
 * Names the AWS operation of a request bound for moto, so faults can target it by name.
 * IAM and STS (Query protocol) name it in the `Action` parameter; KMS (JSON protocol) in the
 * `X-Amz-Target` header; S3 (REST) by method, path and sub-resource, without reading the body.
 * Unknown shapes fall back to "<METHOD> <sub-resource>".
 */
export function operationName(request: SandboxRequest): string {
  const service = serviceOf(request.path, request.headers)
  if (nameIsInBody(service)) {
    const action = new URLSearchParams(request.body.toString('utf8')).get('Action') ?? request.query.get('Action')
    return action ?? 'Unknown'
  }
  if (service === 'kms') {
    const target = request.headers['x-amz-target']
    return (Array.isArray(target) ? target[0] : target)?.split('.').pop() ?? 'Unknown'
  }
  return s3OperationName(request)
}

/** The object key of a path-style S3 request (`/bucket/key`), decoded; undefined for bucket-level requests. */
export function objectKeyOf(path: string): string | undefined {
  const slash = path.indexOf('/', 1)
  if (slash < 0 || slash === path.length - 1) return undefined
  try {
    return decodeURIComponent(path.slice(slash + 1))
  } catch {
    return undefined
  }
}

/** The bucket of a path-style S3 request, or undefined for the service root. */
export function bucketOf(path: string): string | undefined {
  const bucket = path.split('/')[1]
  return bucket === undefined || bucket === '' ? undefined : decodeURIComponent(bucket)
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

/** The name of an S3 (REST) request, by method, path-style path and sub-resource. */
export function s3OperationName({ method, path, query, headers }: Pick<SandboxRequest, 'method' | 'path' | 'query' | 'headers'>): string {
  const [bucket = '', ...keyParts] = path.replace(/^\//, '').split('/')
  const hasKey = keyParts.join('/') !== ''
  const first = (table: Array<[string, string]>, fallback: string) => table.find(([param]) => query.has(param))?.[1] ?? fallback
  if (bucket === '') return method === 'GET' ? 'ListBuckets' : `${method} /`
  if (!hasKey) {
    if (method === 'GET') return first(BUCKET_GET, 'ListObjects')
    if (method === 'PUT') return first(BUCKET_PUT, 'CreateBucket')
    if (method === 'HEAD') return 'HeadBucket'
    if (method === 'DELETE') return query.has('replication') ? 'DeleteBucketReplication' : query.has('policy') ? 'DeleteBucketPolicy' : 'DeleteBucket'
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
