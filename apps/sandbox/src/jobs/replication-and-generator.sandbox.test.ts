import {
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { CreateJobCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { gunzipSync, gzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../csv.js'
import { type Sandbox } from '../sandbox.js'
import { createBatchRole, createBucket, encodeKey, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients
let roleArn: string

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  for (const bucket of ['source', 'dest-logs', 'dest-data', 'reports']) {
    await createBucket(aws.s3, bucket)
    await aws.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
  }
  roleArn = await createBatchRole(aws.iam, 'batch')
})

async function readBody(bucket: string, key: string): Promise<Buffer> {
  const { Body } = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await Body!.transformToByteArray())
}

const base = (): Omit<CreateJobCommandInput, 'Operation'> => ({
  AccountId: sandbox.accountId,
  ClientRequestToken: `t-${Math.random()}`,
  ConfirmationRequired: false,
  Priority: 1,
  RoleArn: roleArn,
  Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks' },
})

describe('S3ReplicateObject', () => {
  it('replicates each existing object to the destinations of the rules that cover it, as replicas', async () => {
    // Written before the configuration, so live replication leaves them to Batch Replication.
    const versions: Record<string, string> = {}
    for (const key of ['logs/a b.log', 'data/x+y.bin', 'tmp/scratch']) {
      versions[key] = (await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: key }))).VersionId!
    }
    const replicationRole = await createBatchRole(aws.iam, 'replication')
    await aws.s3.send(
      new PutBucketReplicationCommand({
        Bucket: 'source',
        ReplicationConfiguration: {
          Role: replicationRole,
          Rules: [
            { ID: 'logs', Priority: 1, Status: 'Enabled', Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest-logs', StorageClass: 'GLACIER_IR' } },
            { ID: 'data', Priority: 2, Status: 'Enabled', Filter: { Prefix: 'data/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest-data', StorageClass: 'STANDARD_IA' } },
            { ID: 'off', Priority: 3, Status: 'Disabled', Filter: { Prefix: 'tmp/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest-data' } },
          ],
        },
      }),
    )
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand({
        ...base(),
        Operation: { S3ReplicateObject: {} },
        ManifestGenerator: {
          S3JobManifestGenerator: {
            SourceBucket: 'arn:aws:s3:::source',
            EnableManifestOutput: false,
            Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ['NONE', 'FAILED'] },
          },
        },
      }),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Complete')
    // tmp/scratch is covered only by a disabled rule, so the generator leaves it out.
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2, NumberOfTasksFailed: 0 })
    expect((await readBody('dest-logs', 'logs/a b.log')).toString()).toBe('logs/a b.log')
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: 'dest-logs', Key: 'logs/a b.log' }))).StorageClass).toBe('GLACIER_IR')
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: 'dest-data', Key: 'data/x+y.bin' }))).StorageClass).toBe('STANDARD_IA')
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: 'dest-data', Key: 'tmp/scratch' }))).rejects.toThrow()
    // Replicas, not copies: same version ID and date, REPLICA; the sources now read COMPLETED (UG replication-status).
    const source = await aws.s3.send(new HeadObjectCommand({ Bucket: 'source', Key: 'logs/a b.log' }))
    const replica = await aws.s3.send(new HeadObjectCommand({ Bucket: 'dest-logs', Key: 'logs/a b.log' }))
    expect(replica).toMatchObject({ VersionId: versions['logs/a b.log'], ReplicationStatus: 'REPLICA', LastModified: source.LastModified })
    expect(source.ReplicationStatus).toBe('COMPLETED')
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: 'source', Key: 'tmp/scratch' }))).ReplicationStatus).toBeUndefined()
  })
})

describe('S3JobManifestGenerator', () => {
  it('applies its filters, writes the generated manifest and describes it', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'keep/small.txt', Body: 'small' }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'keep/big.txt', Body: 'x'.repeat(100) }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'keep/cold.txt', Body: 'c', StorageClass: 'GLACIER' }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'skip/other.txt', Body: 'o' }))
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const cutoff = new Date()
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'keep/new.txt', Body: 'new' }))

    const { JobId } = await aws.s3control.send(
      new CreateJobCommand({
        ...base(),
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-data' } },
        ManifestGenerator: {
          S3JobManifestGenerator: {
            SourceBucket: 'arn:aws:s3:::source',
            EnableManifestOutput: true,
            ManifestOutputLocation: { Bucket: 'arn:aws:s3:::reports', ManifestPrefix: 'generated', ManifestFormat: 'S3InventoryReport_CSV_20211130' },
            Filter: {
              CreatedBefore: cutoff,
              KeyNameConstraint: { MatchAnyPrefix: ['keep/'] },
              ObjectSizeLessThanBytes: 50,
              MatchAnyStorageClass: ['STANDARD', 'STANDARD_IA'],
            },
          },
        },
      }),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Complete')
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 1, NumberOfTasksSucceeded: 1 })
    expect((await readBody('dest-data', 'keep/small.txt')).toString()).toBe('small')

    const location = job.GeneratedManifestDescriptor?.Location
    expect(job.GeneratedManifestDescriptor?.Format).toBe('S3InventoryReport_CSV_20211130')
    expect(location?.ObjectArn).toBe(`arn:aws:s3:::reports/generated/job-${JobId}/manifest.json`)
    const manifest = JSON.parse((await readBody('reports', `generated/job-${JobId}/manifest.json`)).toString())
    expect(manifest.fileSchema).toBe('Bucket, Key, VersionId')
    const rows = parseCsv(gunzipSync(await readBody('reports', manifest.files[0].key)).toString())
    expect(rows.map((row) => row.slice(0, 2))).toEqual([['source', 'keep/small.txt']])
  })

  it('fails the job when no object matches', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'a', Body: 'a' }))
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand({
        ...base(),
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-data' } },
        ManifestGenerator: {
          S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::source', EnableManifestOutput: false, Filter: { KeyNameConstraint: { MatchAnySuffix: ['.none'] } } },
        },
      }),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.Status).toBe('Failed')
    expect(job.FailureReasons?.[0]?.FailureCode).toBe('ManifestEmpty')
  })
})

describe('manifests with VersionId and S3 Inventory manifests', () => {
  it('copies the listed version, and fails rows without one when the job lists VersionId', async () => {
    const first = await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'doc', Body: 'version one' }))
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'doc', Body: 'version two' }))
    const csv = `source,doc,${first.VersionId}\nsource,doc,\n`
    const { ETag } = await aws.s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'm.csv', Body: csv }))
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand({
        ...base(),
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-data' } },
        Manifest: {
          Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key', 'VersionId'] },
          Location: { ObjectArn: 'arn:aws:s3:::reports/m.csv', ETag: ETag! },
        },
      }),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 1 })
    expect((await readBody('dest-data', 'doc')).toString()).toBe('version one')
  })

  it('reads an S3 Inventory manifest.json and its gzipped CSV data files', async () => {
    const keys = ['inv/a b.txt', 'inv/c+d.txt']
    for (const key of keys) await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: key }))
    const data = gzipSync(keys.map((key) => `"source","${encodeKey(key)}","","1"`).join('\n') + '\n')
    await aws.s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'inventory/data/part-1.csv.gz', Body: data }))
    const inventory = {
      sourceBucket: 'source',
      destinationBucket: 'arn:aws:s3:::reports',
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, VersionId, Size',
      files: [{ key: 'inventory/data/part-1.csv.gz', size: data.length, MD5checksum: 'x' }],
    }
    const { ETag } = await aws.s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'inventory/manifest.json', Body: JSON.stringify(inventory) }))
    const { JobId } = await aws.s3control.send(
      new CreateJobCommand({
        ...base(),
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-data' } },
        Manifest: {
          Spec: { Format: 'S3InventoryReport_CSV_20161130' },
          Location: { ObjectArn: 'arn:aws:s3:::reports/inventory/manifest.json', ETag: ETag! },
        },
      }),
    )
    const job = await waitForJob(aws.s3control, sandbox.accountId, JobId!)
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2 })
    for (const key of keys) expect((await readBody('dest-data', key)).toString()).toBe(key)
  })
})
