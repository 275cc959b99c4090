import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { awsCli, boto3Script, independentClientEnv } from '../test-support/cli.js'
import { createBatchRole, testClients } from '../test-support/clients.js'
import { createVersionedBucket } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'

// boto3 and the AWS CLI are independent clients: if they read the statuses, version IDs and delete
// markers replication leaves, the sandbox's replication speaks S3's own wire format.
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

const LIVE_REPLICATION = String.raw`
import boto3, json, os, time, urllib.request
s3 = boto3.client("s3")
def admin(path, body):
    request = urllib.request.Request(os.environ["AWS_ENDPOINT_URL_S3"] + path, data=json.dumps(body).encode(), method="POST")
    return json.loads(urllib.request.urlopen(request).read())
admin("/_sandbox/timing", {"replicationLagMs": 500})
for bucket in ("py-source", "py-destination"):
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_replication(Bucket="py-source", ReplicationConfiguration={
    "Role": "arn:aws:iam::123456789012:role/replication",
    "Rules": [{"ID": "all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": "docs/"},
               "DeleteMarkerReplication": {"Status": "Enabled"},
               "Destination": {"Bucket": "arn:aws:s3:::py-destination", "StorageClass": "ONEZONE_IA"}}]})
put = s3.put_object(Bucket="py-source", Key="docs/report 1.txt", Body=b"q1")
pending = s3.head_object(Bucket="py-source", Key="docs/report 1.txt")["ReplicationStatus"]
admin("/_sandbox/replication/drain", {})
source = s3.head_object(Bucket="py-source", Key="docs/report 1.txt")
replica = s3.head_object(Bucket="py-destination", Key="docs/report 1.txt")
deleted = s3.delete_object(Bucket="py-source", Key="docs/report 1.txt")
admin("/_sandbox/replication/drain", {})
markers = s3.list_object_versions(Bucket="py-destination").get("DeleteMarkers", [])
print(json.dumps({
    "versionId": put["VersionId"], "pending": pending, "source": source["ReplicationStatus"],
    "replica": {"status": replica["ReplicationStatus"], "versionId": replica["VersionId"], "storageClass": replica["StorageClass"],
                "sameDate": replica["LastModified"] == source["LastModified"]},
    "marker": deleted["VersionId"], "markers": [[m["VersionId"], m["IsLatest"]] for m in markers],
}))
`

// Each AWS CLI or boto3 call is a Python process that takes a CPU-second to start: under a full
// run's load these tests can take minutes without anything being wrong.
describe('replication seen by independent clients', { timeout: 180_000 }, () => {
  it('boto3 reads PENDING, COMPLETED and REPLICA, the same version ID and date, and the replicated delete marker', async () => {
    const result = await boto3Script(independentClientEnv(sandbox), LIVE_REPLICATION)
    expect(result).toEqual({
      versionId: expect.any(String),
      pending: 'PENDING',
      source: 'COMPLETED',
      replica: { status: 'REPLICA', versionId: result.versionId, storageClass: 'ONEZONE_IA', sameDate: true },
      marker: expect.any(String),
      markers: [[result.marker, true]],
    })
  })

  it('the AWS CLI drives Batch Replication of FAILED objects and reads their statuses', async () => {
    const env = independentClientEnv(sandbox)
    const aws = testClients(sandbox)
    const roleArn = await createBatchRole(aws.iam, 'cli-batch')
    for (const bucket of ['cli-source', 'cli-destination']) await createVersionedBucket(aws.s3, bucket)
    const replication = {
      Role: 'arn:aws:iam::123456789012:role/replication',
      Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::cli-destination' } }],
    }
    await awsCli(env, 's3api', 'put-bucket-replication', '--bucket', 'cli-source', '--replication-configuration', JSON.stringify(replication))
    sandbox.faults.add({ operation: 'Replication', count: 1, status: 500, code: 'InternalError' })
    const file = join(env.HOME as string, 'body.txt')
    writeFileSync(file, 'hello')
    const put = await awsCli(env, 's3api', 'put-object', '--bucket', 'cli-source', '--key', 'a+b c.txt', '--body', file)
    await sandbox.replication.drain()
    expect(await awsCli(env, 's3api', 'head-object', '--bucket', 'cli-source', '--key', 'a+b c.txt')).toMatchObject({ ReplicationStatus: 'FAILED' })

    const created = await awsCli(
      env, 's3control', 'create-job', '--account-id', sandbox.accountId, '--no-confirmation-required',
      '--operation', JSON.stringify({ S3ReplicateObject: {} }),
      '--manifest-generator', JSON.stringify({
        S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::cli-source', EnableManifestOutput: false, Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ['FAILED'] } },
      }),
      '--report', JSON.stringify({ Enabled: false }),
      '--priority', '1', '--role-arn', roleArn, '--client-request-token', 'cli-batch-replication',
    )
    let job: Record<string, any> = {}
    for (let attempt = 0; attempt < 100 && !['Complete', 'Failed'].includes(job.Status); attempt++) {
      job = (await awsCli(env, 's3control', 'describe-job', '--account-id', sandbox.accountId, '--job-id', created.JobId)).Job
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(job).toMatchObject({ Status: 'Complete', ProgressSummary: { TotalNumberOfTasks: 1, NumberOfTasksSucceeded: 1 } })
    expect(await awsCli(env, 's3api', 'head-object', '--bucket', 'cli-source', '--key', 'a+b c.txt')).toMatchObject({ ReplicationStatus: 'COMPLETED' })
    expect(await awsCli(env, 's3api', 'head-object', '--bucket', 'cli-destination', '--key', 'a+b c.txt')).toMatchObject({
      ReplicationStatus: 'REPLICA',
      VersionId: put.VersionId,
    })
  })
})
