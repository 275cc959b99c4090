import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3'
import { isS3SeedKey } from '../layout.js'


export interface ListedObject {
  key: string
  size: number
  /** Present when listed in order (listObjectPages); the parallel lister leaves it out. */
  etag?: string
  /** As listed; S3 omits it for STANDARD in some responses. */
  storageClass?: string
}

/**
 * Lists a bucket one page (up to 1,000 keys) at a time, in S3's key order, so callers can stream without holding the
 * listing in memory. Keys are requested URL-encoded (otherwise a key's \r can come back as \n) and
 * decoded here, since the SDK leaves them encoded. s3-seed's own prefix is skipped.
 */
export async function* listObjectPages(s3: S3Client, bucket: string, prefix = ''): AsyncGenerator<ListedObject[]> {
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, EncodingType: 'url', ...(prefix ? { Prefix: prefix } : {}) })) {
    const encoded = page.EncodingType === 'url'
    const objects: ListedObject[] = []
    for (const object of page.Contents ?? []) {
      const key = encoded ? decodeListedKey(object.Key ?? '') : (object.Key ?? '')
      if (!isS3SeedKey(key)) {
        objects.push({
          key,
          size: object.Size ?? 0,
          ...(object.ETag ? { etag: object.ETag.replaceAll('"', '') } : {}),
          ...(object.StorageClass ? { storageClass: object.StorageClass } : {}),
        })
      }
    }
    yield objects
  }
}

/** S3's `encoding-type=url` writes a space as `+` and everything else as %XX. */
function decodeListedKey(key: string): string {
  return decodeURIComponent(key.replaceAll('+', ' '))
}
