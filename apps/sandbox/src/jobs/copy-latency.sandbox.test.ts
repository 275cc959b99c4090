import { DeleteObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, it } from 'vitest'
import type { Sandbox } from '../sandbox.js'
import { testClients } from '../test-support/clients.js'
import { bodyOf, createVersionedBucket, head, putReplication, rule } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'
import { runCopyTask } from './copy-task.js'
import type { CopyConditionsAt } from './job-timing.js'

// A long copy (copyLatencyMs) under live replication, guarded as s3-seed guards it
// (UnModifiedSinceConstraint = the source's LastModified). The source is deleted or overwritten, and
// the change replicated, just before the copy's CopyObject, so after the copy read its source. Each
// row names the model it tests. 'read' is S3's behaviour and the default: CopyObject checks
// x-amz-copy-source-if-* when it reads the source (API CopyObject). 'write' is NOT S3's behaviour,
// a model kept for comparison: the sandbox checks again with a HEAD before the copy lands. That
// re-check is where the delete of issue "k/43" slipped through: it took the source's 404 for "unchanged".
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { replicationLagMs: 5 } })

/** The task's client, on moto as job tasks are, running `meanwhile` before it sends the CopyObject. */
function taskClient(meanwhile: () => Promise<void>): S3Client {
  const client = new S3Client({ endpoint: sandbox.motoEndpoint, region: sandbox.region, forcePathStyle: true, credentials: sandbox.credentials, maxAttempts: 1 })
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'CopyObjectCommand') await meanwhile()
      return next(args)
    },
    { step: 'initialize' },
  )
  return client
}

it.each<[CopyConditionsAt | 'default', 'deleted' | 'overwritten', string, string]>([
  // S3's behaviour: checked when read, the copy lands after the change's replica and, being newer, is current.
  ['read', 'deleted', 'succeeded 200', 'v0'],
  ['read', 'overwritten', 'succeeded 200', 'v0'],
  // runCopyTask's default, and a new sandbox's (JobTiming.copyConditionsAt), is 'read'.
  ['default', 'deleted', 'succeeded 200', 'v0'],
  ['default', 'overwritten', 'succeeded 200', 'v0'],
  // The comparison model, as if the check came last: the task fails and no copy stays in the destination.
  ['write', 'deleted', 'failed 404 NoSuchKey', 'nothing'],
  ['write', 'overwritten', 'failed 412 PreconditionFailed', 'v1'],
])('conditions checked at %s, source %s during the copy: task %s, destination current: %s', async (model, change, outcome, current) => {
  if (model === 'default') expect(sandbox.engine.timing.copyConditionsAt).toBe('read')
  const { s3 } = testClients(sandbox)
  await createVersionedBucket(s3, 'source')
  await createVersionedBucket(s3, 'destination')
  await s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'k', Body: 'v0' }))
  await putReplication(s3, 'source', 'arn:aws:iam::123456789012:role/replication', [rule('destination', { DeleteMarkerReplication: { Status: 'Enabled' } })])
  const guard = (await s3.send(new HeadObjectCommand({ Bucket: 'source', Key: 'k' }))).LastModified
  const task = taskClient(async () => {
    if (change === 'deleted') await s3.send(new DeleteObjectCommand({ Bucket: 'source', Key: 'k' }))
    else {
      await sleep(1010 - (Date.now() % 1000)) // HTTP dates have whole seconds: v1 must be a second newer than the guard
      await s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'k', Body: 'v1' }))
    }
    await sandbox.replication.drain()
  })

  const result = await runCopyTask(
    task,
    { bucket: 'source', manifestKey: 'k', key: 'k' },
    { targetBucket: 'destination', grants: [], ...(guard ? { unmodifiedSince: guard } : {}) },
    { maxObjectBytes: 1024, written: async () => {}, latencyMs: 20, ...(model === 'default' ? {} : { conditionsAt: model }) },
  )
  task.destroy()

  expect(`${result.status} ${result.httpStatus}${result.status === 'failed' ? ` ${result.errorCode}` : ''}`).toBe(outcome)
  const found = await head(s3, 'destination', 'k')
  expect(found === undefined ? 'nothing' : await bodyOf(s3, 'destination', 'k')).toBe(current)
  // Replicas keep the source's version IDs: a version the source lacks is a copy.
  const versionIds = async (bucket: string) => {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))
    return [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((version) => version.VersionId)
  }
  const sourceIds = await versionIds('source')
  const copies = (await versionIds('destination')).filter((id) => !sourceIds.includes(id))
  expect(copies).toHaveLength(result.status === 'succeeded' ? 1 : 0)
}, 20_000)
