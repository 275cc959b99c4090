import type { S3Client } from '@aws-sdk/client-s3'
import { InvalidInputError } from '../errors.js'

/** The BucketOwners each client's requests are pinned by: the lean request path reads it. */
const PINNED_CLIENTS = new WeakMap<S3Client, BucketOwners>()

/**
 * The account that owns each bucket a run touches, once s3-seed knows it. Every S3 request to a pinned
 * bucket then carries `ExpectedBucketOwner` (x-amz-expected-bucket-owner), and every copy from one
 * `ExpectedSourceBucketOwner`: S3 refuses the request with 403 when another account owns the bucket
 * (UG bucket-owner-condition). A mistyped or sniped bucket name thus receives nothing, not a copy of
 * the source or its key list. Bucket names are global, so one map serves every pair of a run.
 */
export class BucketOwners {
  private readonly owners = new Map<string, string>()

  /** Pins `bucket` to `accountId`; refuses a second, different owner for the same bucket. */
  pin(bucket: string, accountId: string, flag: string): void {
    const known = this.owners.get(bucket)
    if (known !== undefined && known !== accountId) {
      throw new InvalidInputError(`Bucket ${bucket} cannot be owned by both account ${known} and ${accountId}. Check ${flag}.`, flag)
    }
    this.owners.set(bucket, accountId)
  }

  of(bucket: string): string | undefined {
    return this.owners.get(bucket)
  }

  /**
   * Adds the owner headers to every request of `s3` (a middleware at the initialize step, before
   * serialization), and to the lean list requests sent for it (expectedBucketOwner), which skip the
   * SDK's middleware.
   */
  pinRequestsOf(s3: S3Client): void {
    PINNED_CLIENTS.set(s3, this)
    s3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Bucket?: string; ExpectedBucketOwner?: string; CopySource?: string; ExpectedSourceBucketOwner?: string }
        const owner = input.Bucket === undefined ? undefined : this.owners.get(input.Bucket)
        if (owner !== undefined && input.ExpectedBucketOwner === undefined) input.ExpectedBucketOwner = owner
        const sourceOwner = input.CopySource === undefined ? undefined : this.owners.get(copySourceBucket(input.CopySource))
        if (sourceOwner !== undefined && input.ExpectedSourceBucketOwner === undefined) input.ExpectedSourceBucketOwner = sourceOwner
        return next(args)
      },
      { step: 'initialize', name: 's3SeedExpectedBucketOwner' },
    )
  }
}

/** `bucket/key?versionId=…` (optionally with a leading slash, URL-encoded) → the bucket. */
function copySourceBucket(copySource: string): string {
  return decodeURIComponent(copySource.replace(/^\//, '').split('/')[0] ?? '')
}

/**
 * The account a request of `s3` to `bucket` must name in `x-amz-expected-bucket-owner`, if its
 * owner is pinned: what the middleware added by pinRequestsOf adds to the SDK's requests.
 */
export function expectedBucketOwner(s3: S3Client, bucket: string): string | undefined {
  return PINNED_CLIENTS.get(s3)?.of(bucket)
}
