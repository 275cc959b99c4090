import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Credentials } from '../aws-clients.js'

/** The second account of the cross-account tests (the first is SANDBOX_ACCOUNT_ID). */
export const ACCOUNT_B = '222222222222'

/** A policy document of the given statements. */
export function policyDocument(...Statement: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement })
}

/** Puts a bucket policy of the given statements, as the bucket owner's client. */
export async function putBucketPolicy(s3: S3Client, bucket: string, ...statements: object[]): Promise<void> {
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyDocument(...statements) }))
}

/** Creates an IAM user with an inline policy of the given statements, and returns its access key. */
export async function createUser(iam: IAMClient, name: string, ...statements: object[]): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }))
  if (statements.length > 0) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: policyDocument(...statements) }))
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }))
  return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' }
}

/** The error code and HTTP status a call fails with, or 'ok'. */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'ok'
  } catch (error) {
    const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } }
    return `${failure.$metadata?.httpStatusCode ?? '?'} ${failure.name ?? 'Error'}`
  }
}
