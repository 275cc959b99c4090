import { PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand } from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { SANDBOX_ACCOUNT_ID, type Sandbox } from '../sandbox.js'
import { ACCOUNT_B, putBucketPolicy } from '../test-support/accounts.js'
import { createBatchRole, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { bodyOf, createReplicationRole, createVersionedBucket, head, putReplication, replicationPolicy, rule } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let a: TestClients
let b: TestClients

const ROLE = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/ra-replication`
/** What the destination's owner adds for a replication role of another account (UG replication-walkthrough-2). */
const LET_THE_ROLE_REPLICATE = { Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::rb-destination/*' }

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5, replicationLagMs: 10 } })
beforeEach(async () => {
  const accountB = await sandbox.createAccount(ACCOUNT_B)
  a = testClients(sandbox)
  b = testClients(sandbox, sandbox.region, { credentials: accountB.credentials })
  await createVersionedBucket(a.s3, 'ra-source')
  await createVersionedBucket(b.s3, 'rb-destination')
  await createReplicationRole(a.iam, 'ra-replication', replicationPolicy(['ra-source'], ['rb-destination']))
  await putReplication(a.s3, 'ra-source', ROLE, [rule('rb-destination', { Destination: { Bucket: 'arn:aws:s3:::rb-destination', Account: ACCOUNT_B } })])
  await sandbox.setIamEnforcement(true)
})

const put = async (key: string) => (await a.s3.send(new PutObjectCommand({ Bucket: 'ra-source', Key: key, Body: key }))).VersionId!

describe('replication into a bucket of another account, IAM enforcement on', () => {
  it('fails without the destination’s bucket policy, and completes with it', async () => {
    await put('before')
    await sandbox.replication.drain()
    expect((await head(a.s3, 'ra-source', 'before'))?.ReplicationStatus).toBe('FAILED')
    expect(await head(b.s3, 'rb-destination', 'before')).toBeUndefined()
    await putBucketPolicy(b.s3, 'rb-destination', LET_THE_ROLE_REPLICATE)
    await put('after')
    await sandbox.replication.drain()
    expect((await head(a.s3, 'ra-source', 'after'))?.ReplicationStatus).toBe('COMPLETED')
    expect(await bodyOf(b.s3, 'rb-destination', 'after')).toBe('after')
  })

  it('lets Batch Replication replicate what failed, once the destination allows the role', async () => {
    await put('late')
    await sandbox.replication.drain()
    await putBucketPolicy(b.s3, 'rb-destination', LET_THE_ROLE_REPLICATE)
    const batchRole = await createBatchRole(a.iam, 'ra-batch', [
      { Effect: 'Allow', Action: ['s3:InitiateReplication', 's3:GetReplicationConfiguration', 's3:ListBucket', 's3:ListBucketVersions'], Resource: ['arn:aws:s3:::ra-source', 'arn:aws:s3:::ra-source/*'] },
    ])
    const { JobId } = await a.s3control.send(
      new CreateJobCommand({
        AccountId: sandbox.accountId,
        ClientRequestToken: `t-${Math.random()}`,
        ConfirmationRequired: false,
        Priority: 1,
        RoleArn: batchRole,
        Operation: { S3ReplicateObject: {} },
        ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::ra-source', ExpectedBucketOwner: SANDBOX_ACCOUNT_ID, EnableManifestOutput: false, Filter: { ObjectReplicationStatuses: ['FAILED'] } } },
        Report: { Enabled: false },
      }),
    )
    const job = await waitForJob(a.s3control, sandbox.accountId, JobId!)
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 1, NumberOfTasksSucceeded: 1 })
    expect((await head(b.s3, 'rb-destination', 'late'))?.ReplicationStatus).toBe('REPLICA')
  })
})
