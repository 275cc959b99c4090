import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateJobCommand, DescribeJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { setTimeout as sleep } from 'node:timers/promises'
import { startSandbox } from './sandbox.js'
import { encodeManifestKey } from './jobs/task.js'

/**
 * Sandbox demo: a copy job end to end with the plain AWS SDK. Starts the sandbox, fills a source
 * bucket, uploads a manifest, creates an S3 Batch Operations copy job, polls it and checks the copies.
 */
const sandbox = await startSandbox({ timing: { taskDelayMs: 2 } })
try {
  const config = { region: sandbox.region, credentials: sandbox.credentials }
  const s3 = new S3Client({ ...config, endpoint: sandbox.endpoint, forcePathStyle: true })
  const iam = new IAMClient({ ...config, endpoint: sandbox.endpoint })
  const s3control = new S3ControlClient({ ...config, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) })
  for (const bucket of ['demo-source', 'demo-destination']) await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  const keys = Array.from({ length: 200 }, (_, index) => `photos/${2020 + (index % 5)}/image ${index}+copy ü.jpg`)
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'demo-source', Key: key, Body: `image ${key}` }))
  const manifest = keys.map((key) => `demo-source,${encodeManifestKey(key)}`).join('\n') + '\n'
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'demo-source', Key: 'manifest.csv', Body: manifest }))
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'demo-batch',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  )
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'demo-batch',
      PolicyName: 'copy',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
    }),
  )
  const { JobId } = await s3control.send(
    new CreateJobCommand({
      AccountId: sandbox.accountId,
      ClientRequestToken: 'demo',
      ConfirmationRequired: false,
      Priority: 10,
      RoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-batch`,
      Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::demo-destination' } },
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
        Location: { ObjectArn: 'arn:aws:s3:::demo-source/manifest.csv', ETag: (ETag ?? '').replaceAll('"', '') },
      },
      Report: { Enabled: true, Bucket: 'arn:aws:s3:::demo-destination', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks' },
    }),
  )
  console.log(`Created s3 batch job: ${JobId}`)
  for (;;) {
    const { Job } = await s3control.send(new DescribeJobCommand({ AccountId: sandbox.accountId, JobId }))
    const progress = Job?.ProgressSummary
    console.log(`State: ${Job?.Status}, Total: ${progress?.TotalNumberOfTasks ?? '?'}, Success: ${progress?.NumberOfTasksSucceeded}, Failed ${progress?.NumberOfTasksFailed}`)
    if (['Complete', 'Failed', 'Cancelled'].includes(Job?.Status ?? '')) break
    await sleep(250)
  }
  let identical = 0
  for (const key of keys) {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'demo-destination', Key: key }))
    if ((await Body?.transformToString()) === `image ${key}`) identical++
  }
  console.log(`Verified: ${identical} of ${keys.length} objects are byte-identical in demo-destination`)
  process.exitCode = identical === keys.length ? 0 : 1
} finally {
  await sandbox.stop()
}
