import { GetObjectCommand, PutBucketEncryptionCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { GetRolePolicyCommand } from '@aws-sdk/client-iam'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { seed } from '../seed.js'
import { createBucket, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// SSE-KMS sources and destinations under IAM enforcement with the sandbox's KMS checks: the role gets
// kms:Decrypt on the source's default key and on --source-kms-key keys, and kms:GenerateDataKey +
// kms:Encrypt on the destination's key, named by ARN (UG UsingKMSEncryption).
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

/**
 * A KMS key in moto's KMS, created with boto3 (an independent client) through the sandbox endpoint.
 * Asynchronously: the sandbox serves from this process, so a blocking child would wait on itself.
 */
async function createKey(name: string): Promise<string> {
  const script = `import boto3; print(boto3.client("kms").create_key(Description=${JSON.stringify(name)})["KeyMetadata"]["Arn"])`
  const { stdout } = await promisify(execFile)(process.env.S3_SEED_PYTHON ?? 'python3', ['-c', script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...sandbox.env }, timeout: 60_000 })
  return stdout.trim()
}

async function setup() {
  const clients = sandboxClients(sandbox)
  const sourceKey = await createKey('source-default')
  const otherKey = await createKey('source-other')
  const destinationKey = await createKey('destination-default')
  await createBucket(clients, 'kms-source')
  await createBucket(clients, 'kms-destination')
  const s3 = clients.s3('us-east-1')
  const byDefault = (Bucket: string, key: string) =>
    s3.send(new PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } }] } }))
  await byDefault('kms-source', sourceKey)
  await byDefault('kms-destination', destinationKey)
  await s3.send(new PutObjectCommand({ Bucket: 'kms-source', Key: 'default/a', Body: 'a' }))
  await s3.send(new PutObjectCommand({ Bucket: 'kms-source', Key: 'other/b', Body: 'b', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: otherKey }))
  return { clients, sourceKey, otherKey, destinationKey }
}

describe('SSE-KMS sources and destinations (IAM enforced, KMS checked)', () => {
  it('grants exactly the keys in play, and every object is copied', async () => {
    const { clients, sourceKey, otherKey, destinationKey } = await setup()
    const dryRun = await seed({ source: 'kms-source', destination: 'kms-destination', sourceKmsKey: [otherKey] }, { clients, dryRun: true })
    expect(dryRun.kind === 'dry-run' && dryRun.kms).toEqual({ decrypt: [sourceKey, otherKey], encrypt: [destinationKey] })

    await sandbox.setIamEnforcement(true)
    const result = await seed({ source: 'kms-source', destination: 'kms-destination', sourceKmsKey: [otherKey] }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    const roleName = result.plan.role.kind === 'managed' ? result.plan.role.name : ''
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 's3-seed-copy' }))
    const kmsStatements = (JSON.parse(decodeURIComponent(PolicyDocument ?? '')) as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement.filter((statement) => JSON.stringify(statement.Action).includes('kms:'))
    expect(kmsStatements).toEqual([
      { Sid: 'DecryptSource', Effect: 'Allow', Action: 'kms:Decrypt', Resource: [sourceKey, otherKey] },
      { Sid: 'EncryptCopies', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Resource: destinationKey },
    ])
    await sandbox.setIamEnforcement(false)
    const { Body, SSEKMSKeyId } = await clients.s3('us-east-1').send(new GetObjectCommand({ Bucket: 'kms-destination', Key: 'other/b' }))
    expect(await Body?.transformToString()).toBe('b')
    expect(SSEKMSKeyId).toBe(destinationKey)
  })

  it('without --source-kms-key, the object under another key fails AccessDenied naming that key', async () => {
    const { clients, otherKey } = await setup()
    await sandbox.setIamEnforcement(true)
    const result = await seed({ source: 'kms-source', destination: 'kms-destination' }, { clients, sleep: shortSleep, pollIntervalMs: 10, retryRounds: 0 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 1, failed: 1 } })
    expect(result.report?.failures).toMatchObject([{ errorCode: 'AccessDenied', examples: ['other/b'], message: expect.stringContaining(otherKey) }])
    expect(result.report?.failures[0]?.message).toMatch(/kms:Decrypt/)
  })
})
