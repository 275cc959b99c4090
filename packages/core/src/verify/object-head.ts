import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3'
import { httpStatus, wrapAwsError } from '../aws/aws-error.js'
import type { HeadResult, ObjectHead, StoredChecksum } from './content-rule.js'

export interface HeadOptions {
  signal?: AbortSignal | undefined
  /** Sees the status of every attempt, retries included (for adaptive concurrency). */
  onStatus?: (status: number) => void
}

/**
 * HeadObject with `ChecksumMode: ENABLED`, which S3 needs to answer the object's checksum (API
 * HeadObject). A 404 (deleted since the listing) and a 400 (an SSE-C object without its key) are
 * results; any other error is thrown, saying which object and how to fix it.
 */
export async function headObject(s3: S3Client, bucket: string, key: string, options: HeadOptions = {}): Promise<HeadResult> {
  const command = new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' })
  const { onStatus } = options
  if (onStatus !== undefined) {
    // Inside the deserializer, so it sees each attempt's raw response, errors included.
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args)
        onStatus((result.response as { statusCode?: number }).statusCode ?? 0)
        return result
      },
      { step: 'deserialize', priority: 'low', name: 's3SeedHeadStatus' },
    )
  }
  try {
    return { found: true, head: headOf(await s3.send(command, options.signal ? { abortSignal: options.signal } : {})) }
  } catch (error) {
    const status = httpStatus(error)
    if (status === 404) return { found: false, reason: 'gone' }
    if (status === 400) return { found: false, reason: 'customer-key' }
    if (options.signal?.aborted) throw error
    // A HEAD answer has no body, so the SDK often knows only its status: say it.
    const fix = status === 403 ? '`verify --checksum` reads each object with HeadObject, which needs s3:GetObject on both buckets' : undefined
    throw wrapAwsError(error, 'HeadObject', `Reading s3://${bucket}/${key} (HeadObject, HTTP ${status ?? 'no answer'})`, fix)
  }
}

function headOf(output: HeadObjectCommandOutput): ObjectHead {
  return {
    size: output.ContentLength ?? 0,
    etag: output.ETag?.replaceAll('"', ''),
    encryption: output.ServerSideEncryption,
    customerKey: output.SSECustomerAlgorithm !== undefined,
    checksum: storedChecksum(output),
  }
}

/** The one Checksum<ALGORITHM> member S3 answered, whichever algorithm (newer ones included). */
function storedChecksum(output: HeadObjectCommandOutput): StoredChecksum | undefined {
  for (const [name, value] of Object.entries(output)) {
    if (!name.startsWith('Checksum') || name === 'ChecksumType' || typeof value !== 'string') continue
    // Without ChecksumType (older answers), a composite value still ends in -<parts>.
    const type = output.ChecksumType === 'COMPOSITE' || (output.ChecksumType === undefined && /-\d+$/.test(value)) ? 'COMPOSITE' : 'FULL_OBJECT'
    return { algorithm: name.slice('Checksum'.length), type, value }
  }
  return undefined
}
