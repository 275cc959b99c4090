import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3'

/** The smallest part S3 accepts, except for the last (UG qfacts: 5 MiB to 5 GiB). */
export const MIN_PART_SIZE = 5 * 1024 * 1024

/**
 * Writes text to an S3 object through a multipart upload with two fixed buffers: one part uploads
 * while the next fills, and writing waits when both are busy. Memory is 2 × partSize whatever the
 * object's size, with no buffer churn. An object smaller than one part is sent with one PutObject.
 * Everything is written with SSE-S3 (KMS-encrypted CSV manifests are not supported; UG
 * batch-ops-create-job).
 */
export class ManifestUpload {
  private readonly buffers: [Buffer, Buffer]
  private current: 0 | 1 = 0
  private used = 0
  private uploadId: string | undefined
  private readonly parts: CompletedPart[] = []
  private inFlight: Promise<void> | undefined

  constructor(
    private readonly s3: S3Client,
    private readonly target: { bucket: string; key: string },
    private readonly partSize = MIN_PART_SIZE,
  ) {
    this.buffers = [Buffer.allocUnsafe(partSize), Buffer.allocUnsafe(partSize)]
  }

  async write(text: string): Promise<void> {
    if (this.used + Buffer.byteLength(text) <= this.partSize) {
      this.used += this.buffers[this.current].write(text, this.used)
      return
    }
    const bytes = Buffer.from(text)
    let offset = 0
    while (offset < bytes.length) {
      const room = this.partSize - this.used
      const copied = bytes.copy(this.buffers[this.current], this.used, offset, offset + room)
      this.used += copied
      offset += copied
      if (this.used === this.partSize) await this.sendPart()
    }
  }

  /** Finishes the object and returns its ETag, without quotes. */
  async complete(): Promise<string> {
    if (this.uploadId === undefined) {
      const { ETag } = await this.s3.send(
        new PutObjectCommand({ ...this.location(), Body: this.buffers[this.current].subarray(0, this.used), ContentType: 'text/csv', ServerSideEncryption: 'AES256' }),
      )
      return (ETag ?? '').replaceAll('"', '')
    }
    if (this.used > 0) await this.sendPart()
    await this.inFlight
    const { ETag } = await this.s3.send(
      new CompleteMultipartUploadCommand({ ...this.location(), UploadId: this.uploadId, MultipartUpload: { Parts: this.parts } }),
    )
    return (ETag ?? '').replaceAll('"', '')
  }

  async abort(): Promise<void> {
    await this.inFlight?.catch(() => {})
    if (this.uploadId !== undefined) await this.s3.send(new AbortMultipartUploadCommand({ ...this.location(), UploadId: this.uploadId }))
  }

  /** Uploads the full buffer as the next part and switches to the other, once that one is free. */
  private async sendPart(): Promise<void> {
    if (this.uploadId === undefined) {
      const { UploadId } = await this.s3.send(new CreateMultipartUploadCommand({ ...this.location(), ContentType: 'text/csv', ServerSideEncryption: 'AES256' }))
      this.uploadId = UploadId
    }
    await this.inFlight
    const partNumber = this.parts.length + 1
    const body = this.buffers[this.current].subarray(0, this.used)
    this.parts.push({ PartNumber: partNumber })
    this.inFlight = this.s3
      .send(new UploadPartCommand({ ...this.location(), UploadId: this.uploadId, PartNumber: partNumber, Body: body }))
      .then(({ ETag }) => {
        ;(this.parts[partNumber - 1] as CompletedPart).ETag = ETag
      })
    this.current = this.current === 0 ? 1 : 0
    this.used = 0
  }

  private location() {
    return { Bucket: this.target.bucket, Key: this.target.key }
  }
}
