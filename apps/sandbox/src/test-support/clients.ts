import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateBucketCommand, PutObjectCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3'
import { DescribeJobCommand, S3ControlClient, type JobDescriptor } from '@aws-sdk/client-s3-control'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Credentials } from '../aws-clients.js'
import type { Sandbox } from '../sandbox.js'

export interface TestClients {
  s3: S3Client
  s3control: S3ControlClient
  iam: IAMClient
}

/**
 * Real SDK clients pointed at the sandbox. S3 Control's endpoint rules put `{AccountId}.` in front
 * of the host, which makes an invalid URL for an IP endpoint, so an endpointProvider pins the URL
 * (docs/aws-facts.md, "The local sandbox and AWS"). maxAttempts 1 so errors reach the test unretried.
 * As the first account's admin unless `credentials` are given (another account's admin, a user).
 */
export function testClients(
  sandbox: Sandbox,
  region = sandbox.region,
  options: { requestTimeout?: number; credentials?: Credentials } = {},
): TestClients {
  const common = {
    region,
    credentials: options.credentials ?? sandbox.credentials,
    maxAttempts: 1,
    ...(options.requestTimeout === undefined ? {} : { requestHandler: { requestTimeout: options.requestTimeout, throwOnRequestTimeout: true } }),
  }
  return {
    s3: new S3Client({ ...common, endpoint: sandbox.endpoint, forcePathStyle: true }),
    s3control: new S3ControlClient({ ...common, endpointProvider: () => ({ url: new URL(sandbox.endpoint) }) }),
    iam: new IAMClient({ ...common, endpoint: sandbox.endpoint }),
  }
}

export const BATCH_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})

/** Creates a role S3 Batch Operations may assume, with an inline policy (default: allow all S3). */
export async function createBatchRole(iam: IAMClient, name: string, statements?: object[]): Promise<string> {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: BATCH_TRUST_POLICY }))
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'batch',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: statements ?? [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      }),
    }),
  )
  return Role?.Arn ?? ''
}

export async function createBucket(s3: S3Client, bucket: string, region = 'us-east-1'): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  )
}

/** Encodes a key for a CSV manifest: every byte but unreserved characters and `/` percent-encoded. */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/')
}

/** Uploads a CSV manifest and returns its ETag without quotes. */
export async function putManifest(s3: S3Client, bucket: string, key: string, rows: string[][]): Promise<string> {
  const body = rows.map((row) => row.join(',')).join('\n') + '\n'
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ServerSideEncryption: 'AES256' }))
  return (ETag ?? '').replaceAll('"', '')
}

const TERMINAL = ['Complete', 'Failed', 'Cancelled']

/** Polls DescribeJob until the job reaches one of `statuses` (default: a terminal state). */
export async function waitForJob(
  s3control: S3ControlClient,
  accountId: string,
  jobId: string,
  statuses: string[] = TERMINAL,
  timeoutMs = 30_000,
): Promise<JobDescriptor> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { Job } = await s3control.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }))
    if (Job?.Status && statuses.includes(Job.Status)) return Job
    if (Date.now() > deadline) throw new Error(`Job ${jobId} stayed ${Job?.Status}; wanted ${statuses.join('/')}`)
    await sleep(25)
  }
}
