import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'

export interface CopyLargeObjectOptions {
  sourceS3: S3Client
  destinationS3: S3Client
  source: string
  destination: string
  key: string
  /** Part size. Default: the larger of 256 MiB and size / 10,000 (S3 allows 10,000 parts). */
  partSize?: number | undefined
  /** Parts copied at once. Default: 8. */
  concurrency?: number
  onProgress?: (copiedBytes: number, totalBytes: number) => void
}

/**
 * Copies one object server side with a multipart upload of UploadPartCopy ranges: the way past the
 * 5 GB limit of CopyObject and copy jobs (UG CopyingObjectsMPUapi). Content type, metadata, cache
 * and encoding headers and tags are carried over as CopyObject would; the object gets a new ETag.
 */
export async function copyLargeObject(options: CopyLargeObjectOptions): Promise<void> {
  const { sourceS3, destinationS3, source, destination, key } = options
  let head
  let tags
  try {
    head = await sourceS3.send(new HeadObjectCommand({ Bucket: source, Key: key }))
    tags = (await sourceS3.send(new GetObjectTaggingCommand({ Bucket: source, Key: key }))).TagSet ?? []
  } catch (error) {
    throw wrapAwsError(error, 'HeadObject', `Reading s3://${source}/${key}`)
  }
  const size = head.ContentLength ?? 0
  const partSize = options.partSize ?? Math.max(256 * 1024 ** 2, Math.ceil(size / 10_000))
  let uploadId: string | undefined
  try {
    uploadId = (
      await destinationS3.send(
        new CreateMultipartUploadCommand({
          Bucket: destination,
          Key: key,
          ...(head.ContentType ? { ContentType: head.ContentType } : {}),
          ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
          ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
          ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
          ...(head.ContentLanguage ? { ContentLanguage: head.ContentLanguage } : {}),
          ...(head.Metadata ? { Metadata: head.Metadata } : {}),
          ...(tags.length > 0 ? { Tagging: new URLSearchParams(tags.map((tag): [string, string] => [tag.Key ?? '', tag.Value ?? ''])).toString() } : {}),
        }),
      )
    ).UploadId
    const ranges = Array.from({ length: Math.max(1, Math.ceil(size / partSize)) }, (_, index) => ({
      partNumber: index + 1,
      start: index * partSize,
      end: Math.min(size, (index + 1) * partSize) - 1,
    }))
    const parts: CompletedPart[] = []
    let copied = 0
    let next = 0
    const copySource = `${source}/${key.split('/').map(encodeURIComponent).join('/')}`
    const worker = async () => {
      while (next < ranges.length) {
        const range = ranges[next++] as (typeof ranges)[number]
        const { CopyPartResult } = await destinationS3.send(
          new UploadPartCopyCommand({
            Bucket: destination,
            Key: key,
            UploadId: uploadId,
            PartNumber: range.partNumber,
            CopySource: copySource,
            CopySourceRange: `bytes=${range.start}-${range.end}`,
            ...(head.ETag ? { CopySourceIfMatch: head.ETag } : {}),
          }),
        )
        parts[range.partNumber - 1] = { PartNumber: range.partNumber, ETag: CopyPartResult?.ETag }
        copied += range.end - range.start + 1
        options.onProgress?.(copied, size)
      }
    }
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, ranges.length) }, worker))
    await destinationS3.send(new CompleteMultipartUploadCommand({ Bucket: destination, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }))
  } catch (error) {
    if (uploadId !== undefined) await destinationS3.send(new AbortMultipartUploadCommand({ Bucket: destination, Key: key, UploadId: uploadId })).catch(() => {})
    throw wrapAwsError(error, 'UploadPartCopy', `Copying the large object s3://${source}/${key} to ${destination}`)
  }
}
