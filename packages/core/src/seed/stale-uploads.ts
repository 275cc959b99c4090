import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'

/**
 * Aborts the multipart uploads of `key` that an earlier run left behind (killed while uploading the
 * manifest, so it could not abort them itself). The manifest key is the pair's own (layout.ts), so
 * only s3-seed writes there. Incomplete uploads cost storage until aborted (UG mpu-abort-incomplete).
 * Returns how many were aborted.
 */
export async function abortStaleUploads(s3: S3Client, bucket: string, key: string): Promise<number> {
  let aborted = 0
  try {
    // A hand-written loop: the SDK has no paginateListMultipartUploads, since this listing continues
    // from two markers (key and upload ID) and the SDK's paginators follow a single token.
    let keyMarker: string | undefined
    let uploadIdMarker: string | undefined
    do {
      const page = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key, ...(keyMarker ? { KeyMarker: keyMarker } : {}), ...(uploadIdMarker ? { UploadIdMarker: uploadIdMarker } : {}) }),
      )
      for (const upload of page.Uploads ?? []) {
        if (upload.Key !== key || upload.UploadId === undefined) continue
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: upload.UploadId }))
        aborted++
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined
    } while (keyMarker !== undefined)
  } catch (error) {
    throw wrapAwsError(error, 'ListMultipartUploads', `Looking for unfinished uploads of s3://${bucket}/${key}`, 'Allow s3:ListBucketMultipartUploads and s3:AbortMultipartUpload on the manifest bucket')
  }
  return aborted
}
