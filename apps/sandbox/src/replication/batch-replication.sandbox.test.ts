import { ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, type CreateJobCommandInput, type JobManifestGeneratorFilter } from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { createBatchRole, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { bodyOf, createReplicationRole, createVersionedBucket, head, putReplication, replicationPolicy, rule } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients
let batchRole: string
const ROLE = 'arn:aws:iam::123456789012:role/replication'

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5, replicationLagMs: 10 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  for (const bucket of ['source', 'destination', 'target']) await createVersionedBucket(aws.s3, bucket)
  batchRole = await createBatchRole(aws.iam, 'batch')
})

const put = async (bucket: string, key: string, body = key) => (await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).VersionId!

function job(operation: CreateJobCommandInput['Operation'], source: string, filter: JobManifestGeneratorFilter, roleArn = batchRole): CreateJobCommandInput {
  return {
    AccountId: sandbox.accountId,
    ClientRequestToken: `t-${Math.random()}`,
    ConfirmationRequired: false,
    Priority: 1,
    RoleArn: roleArn,
    Operation: operation,
    ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: `arn:aws:s3:::${source}`, EnableManifestOutput: false, Filter: filter } },
    Report: { Enabled: false },
  }
}

async function run(input: CreateJobCommandInput) {
  const { JobId } = await aws.s3control.send(new CreateJobCommand(input))
  return waitForJob(aws.s3control, sandbox.accountId, JobId!)
}

describe('Batch Replication and replication statuses', () => {
  it('lets the manifest generator filter on the real statuses NONE, COMPLETED, FAILED and REPLICA', async () => {
    await put('source', 'none') // before any configuration
    await putReplication(aws.s3, 'source', ROLE, [rule('destination')])
    await putReplication(aws.s3, 'destination', ROLE, [rule('source')]) // two-way, so source also holds a replica
    sandbox.faults.add({ operation: 'Replication', keyPattern: '^failed$', status: 500, code: 'InternalError' })
    await put('source', 'completed')
    await put('source', 'failed')
    await put('destination', 'replica')
    await sandbox.replication.drain()

    for (const [status, expected] of [['NONE', 'none'], ['COMPLETED', 'completed'], ['FAILED', 'failed'], ['REPLICA', 'replica']] as const) {
      const copy = { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::target', TargetKeyPrefix: `${status}/` } }
      const done = await run(job(copy, 'source', { ObjectReplicationStatuses: [status] }))
      expect(done.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 1, NumberOfTasksSucceeded: 1 })
      expect(await bodyOf(aws.s3, 'target', `${status}/${expected}`)).toBe(expected)
    }
  })

  it('replicates FAILED versions again, as replicas that never become current over a newer one', async () => {
    const older = await put('source', 'doc', 'old') // before the configuration: status NONE
    await putReplication(aws.s3, 'source', ROLE, [rule('destination')])
    sandbox.faults.add({ operation: 'Replication', keyPattern: '^flaky$', status: 503, code: 'SlowDown' })
    const flaky = await put('source', 'flaky')
    const newer = await put('source', 'doc', 'new')
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'flaky'))?.ReplicationStatus).toBe('FAILED')

    const done = await run(job({ S3ReplicateObject: {} }, 'source', { EligibleForReplication: true, ObjectReplicationStatuses: ['FAILED', 'NONE'] }))
    expect(done).toMatchObject({ Status: 'Complete', ProgressSummary: { TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2 } })
    expect(await head(aws.s3, 'source', 'flaky')).toMatchObject({ ReplicationStatus: 'COMPLETED' })
    expect(await head(aws.s3, 'destination', 'flaky')).toMatchObject({ ReplicationStatus: 'REPLICA', VersionId: flaky })
    // The old version arrived after the new one, yet the new one stays current.
    expect((await head(aws.s3, 'destination', 'doc'))?.VersionId).toBe(newer)
    const { Versions } = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'destination', Prefix: 'doc' }))
    expect(Versions?.map((version) => version.VersionId)).toEqual([newer, older])
  })

  it('needs s3:InitiateReplication on the job role under IAM enforcement', async () => {
    await put('source', 'k')
    const replicationRole = await createReplicationRole(aws.iam, 'replication', replicationPolicy(['source'], ['destination']))
    await putReplication(aws.s3, 'source', replicationRole, [rule('destination')])
    const generator = [{ Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket', 's3:ListBucketVersions', 's3:PutInventoryConfiguration'], Resource: 'arn:aws:s3:::source' }]
    const without = await createBatchRole(aws.iam, 'no-initiate', generator)
    const withIt = await createBatchRole(aws.iam, 'initiate', [...generator, { Effect: 'Allow', Action: 's3:InitiateReplication', Resource: 'arn:aws:s3:::source/*' }])
    await sandbox.setIamEnforcement(true)

    const refused = await run(job({ S3ReplicateObject: {} }, 'source', { EligibleForReplication: true }, without))
    expect(refused.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 1 })
    expect(await head(aws.s3, 'destination', 'k')).toBeUndefined()
    const allowed = await run(job({ S3ReplicateObject: {} }, 'source', { EligibleForReplication: true }, withIt))
    expect(allowed.ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 0 })
    expect((await head(aws.s3, 'destination', 'k'))?.ReplicationStatus).toBe('REPLICA')
  })

  it('replicates what a copy job writes into a replicated bucket (seeded copies replicate onward)', async () => {
    await putReplication(aws.s3, 'target', ROLE, [rule('destination')])
    await put('source', 'seed')
    const etag = await putManifest(aws.s3, 'source', 'm.csv', [['source', 'seed']])
    const done = await aws.s3control
      .send(
        new CreateJobCommand({
          ...job({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::target' } }, 'source', {}),
          ManifestGenerator: undefined,
          Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::source/m.csv', ETag: etag } },
        }),
      )
      .then(({ JobId }) => waitForJob(aws.s3control, sandbox.accountId, JobId!))
    expect(done.Status).toBe('Complete')
    await sandbox.replication.drain()
    const copy = await head(aws.s3, 'target', 'seed')
    expect(copy?.ReplicationStatus).toBe('COMPLETED')
    expect(await head(aws.s3, 'destination', 'seed')).toMatchObject({ ReplicationStatus: 'REPLICA', VersionId: copy?.VersionId })
  })
})
