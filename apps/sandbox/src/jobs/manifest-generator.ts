import {
  GetBucketReplicationCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ReplicationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3'
import { createHash, randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { s3Arn } from '../arn.js'
import { describeAwsError } from '../aws-clients.js'
import { formatCsvRow } from '../csv.js'
import type { GeneratorFilter, ManifestGeneratorSettings } from '../s3control/create-job-input.js'
import { JobFailure } from './manifest-reader.js'
import { matchingRules, rulesNeedTags } from '../replication/rules.js'
import { encodeManifestKey, type Task } from './task.js'

interface Listed {
  key: string
  versionId?: string
  size: number
  lastModified: Date
  storageClass: string
}

/**
 * S3JobManifestGenerator: lists the source bucket and keeps the objects that pass every filter
 * (S3 Control model JobManifestGeneratorFilter). Copy jobs take current versions; replication jobs
 * take every version, as Batch Replication replicates versions [inferred, see sandbox README].
 * A generator that matches nothing fails the job (aws/aws-cli#7830). The listing carries the
 * generator's ExpectedBucketOwner and the manifest writes the output's ExpectedManifestBucketOwner,
 * so a bucket of another owner fails the job AccessDenied.
 */
export async function generateManifest(
  s3: S3Client,
  serviceS3: S3Client,
  settings: ManifestGeneratorSettings,
  job: { id: string; partition: string; allVersions: boolean },
): Promise<{ tasks: Task[]; written?: { bucket: string; key: string; etag: string } }> {
  const bucket = settings.sourceBucket
  const filter = settings.filter
  let replication: ReplicationConfiguration | undefined
  if (filter.eligibleForReplication) {
    try {
      replication = (await s3.send(new GetBucketReplicationCommand({ Bucket: bucket, ...ownerParam(settings.expectedBucketOwner) }))).ReplicationConfiguration
    } catch (error) {
      throw new JobFailure(describeAwsError(error).code, `Reading the replication configuration of ${bucket} failed.`)
    }
  }
  const tasks: Task[] = []
  try {
    for await (const object of listBucket(s3, bucket, job.allVersions, ownerParam(settings.expectedBucketOwner))) {
      if (!passesListingFilter(object, filter)) continue
      if (!(await passesObjectFilter(serviceS3, bucket, object, filter, replication))) continue
      tasks.push({
        bucket,
        manifestKey: encodeManifestKey(object.key),
        key: object.key,
        ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
      })
    }
  } catch (error) {
    if (error instanceof JobFailure) throw error
    const { code } = describeAwsError(error)
    throw new JobFailure(code, `Listing the source bucket ${bucket} failed: ${code}`)
  }
  if (tasks.length === 0) {
    throw new JobFailure('ManifestEmpty', 'The manifest generator found no objects that match the filter.')
  }
  if (!settings.enableManifestOutput || settings.output === undefined) return { tasks }
  return { tasks, written: await writeGeneratedManifest(s3, settings.output, bucket, tasks, job) }
}

/** The ExpectedBucketOwner parameter, when there is an owner to expect. */
function ownerParam(owner: string | undefined): { ExpectedBucketOwner?: string } {
  return owner === undefined ? {} : { ExpectedBucketOwner: owner }
}

async function* listBucket(s3: S3Client, bucket: string, allVersions: boolean, owner: { ExpectedBucketOwner?: string }): AsyncGenerator<Listed> {
  // EncodingType url: without it, moto returns a key's \r as \n. The SDK does not decode keys, and
  // moto's ListObjectVersions ignores the parameter, so decode only when the response says it encoded.
  const decoder = (encodingType: string | undefined) => (key: string) =>
    encodingType === 'url' ? decodeURIComponent(key.replaceAll('+', ' ')) : key
  if (!allVersions) {
    let token: string | undefined
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'url', ...owner, ...(token ? { ContinuationToken: token } : {}) }),
      )
      const decode = decoder(page.EncodingType)
      for (const object of page.Contents ?? []) {
        yield {
          key: decode(object.Key ?? ''),
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
          storageClass: object.StorageClass ?? 'STANDARD',
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return
  }
  let keyMarker: string | undefined
  let versionMarker: string | undefined
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        EncodingType: 'url',
        ...owner,
        ...(keyMarker ? { KeyMarker: keyMarker } : {}),
        ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
      }),
    )
    const decode = decoder(page.EncodingType)
    for (const version of page.Versions ?? []) {
      yield {
        key: decode(version.Key ?? ''),
        versionId: version.VersionId ?? 'null',
        size: version.Size ?? 0,
        lastModified: version.LastModified ?? new Date(0),
        storageClass: version.StorageClass ?? 'STANDARD',
      }
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined
  } while (keyMarker)
}

function passesListingFilter(object: Listed, filter: GeneratorFilter): boolean {
  if (filter.createdAfter && !(object.lastModified > filter.createdAfter)) return false
  if (filter.createdBefore && !(object.lastModified < filter.createdBefore)) return false
  if (filter.sizeGreaterThan !== undefined && !(object.size > filter.sizeGreaterThan)) return false
  if (filter.sizeLessThan !== undefined && !(object.size < filter.sizeLessThan)) return false
  if (filter.storageClasses && !filter.storageClasses.includes(object.storageClass)) return false
  if (filter.matchAnyPrefix && !filter.matchAnyPrefix.some((prefix) => object.key.startsWith(prefix))) return false
  if (filter.matchAnySuffix && !filter.matchAnySuffix.some((suffix) => object.key.endsWith(suffix))) return false
  if (filter.matchAnySubstring && !filter.matchAnySubstring.some((part) => object.key.includes(part))) return false
  return true
}

/**
 * Filters that need a HEAD or the object's tags; only paid for when the filter asks. AWS's generator
 * reads these from S3 Inventory on S3's side: the job's role needs no s3:GetObject on the source
 * (UG s3-batch-replication-policies grants none), so `s3` here is S3's own client, not the role's.
 */
async function passesObjectFilter(
  s3: S3Client,
  bucket: string,
  object: Listed,
  filter: GeneratorFilter,
  replication: ReplicationConfiguration | undefined,
): Promise<boolean> {
  const version = object.versionId && object.versionId !== 'null' ? { VersionId: object.versionId } : {}
  if (replication) {
    const tags = rulesNeedTags(replication)
      ? (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: object.key, ...version }))).TagSet
      : undefined
    if (matchingRules(replication, object.key, tags).length === 0) return false
  }
  if (!filter.replicationStatuses && !filter.encryptions) return true
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: object.key, ...version }))
  // x-amz-replication-status comes from the sandbox's replication (moto patch 4); no header reads as NONE.
  if (filter.replicationStatuses && !filter.replicationStatuses.includes(head.ReplicationStatus ?? 'NONE')) return false
  if (filter.encryptions) {
    const encryption =
      head.SSECustomerAlgorithm ? 'SSE-C'
      : head.ServerSideEncryption === 'aws:kms' ? 'SSE-KMS'
      : head.ServerSideEncryption === 'aws:kms:dsse' ? 'DSSE-KMS'
      : head.ServerSideEncryption === 'AES256' ? 'SSE-S3'
      : 'NOT-SSE'
    if (!filter.encryptions.includes(encryption)) return false
  }
  return true
}

/**
 * Writes the generated manifest as S3InventoryReport_CSV_20211130: a manifest.json naming one
 * gzipped CSV data file, the layout S3 Inventory uses (UG storage-inventory-location).
 */
async function writeGeneratedManifest(
  s3: S3Client,
  output: NonNullable<ManifestGeneratorSettings['output']>,
  sourceBucket: string,
  tasks: Task[],
  job: { id: string; partition: string },
): Promise<{ bucket: string; key: string; etag: string }> {
  const base = `${output.prefix ? `${output.prefix.replace(/\/$/, '')}/` : ''}job-${job.id}`
  const owner = ownerParam(output.expectedBucketOwner)
  const csv = tasks.map((task) => formatCsvRow([task.bucket, task.manifestKey, task.versionId ?? ''])).join('\n') + '\n'
  const data = gzipSync(csv)
  const dataKey = `${base}/data/${randomUUID()}.csv.gz`
  const manifestKey = `${base}/manifest.json`
  try {
    await s3.send(new PutObjectCommand({ Bucket: output.bucket, Key: dataKey, Body: data, ...owner }))
    const manifest = {
      sourceBucket,
      destinationBucket: s3Arn(job.partition, output.bucket),
      version: '2021-11-30',
      creationTimestamp: String(Date.now()),
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, VersionId',
      files: [{ key: dataKey, size: data.length, MD5checksum: createHash('md5').update(data).digest('hex') }],
    }
    const put = await s3.send(
      new PutObjectCommand({ Bucket: output.bucket, Key: manifestKey, Body: JSON.stringify(manifest), ContentType: 'application/json', ...owner }),
    )
    return { bucket: output.bucket, key: manifestKey, etag: (put.ETag ?? '').replaceAll('"', '') }
  } catch (error) {
    const { code } = describeAwsError(error)
    throw new JobFailure(code, `Writing the generated manifest to s3://${output.bucket}/${base}/ failed: ${code}`)
  }
}
