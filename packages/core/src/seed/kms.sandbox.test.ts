import { GetObjectCommand, PutBucketEncryptionCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { GetRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms'
import { ListJobsCommand } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.js'
import { seed } from '../seed.js'
import { rolePolicyName } from '../layout.js'
import { createBucket, sandboxClients, shortSleep } from '../test-support/sandbox.js'

// SSE-KMS sources and destinations under IAM enforcement with the sandbox's KMS checks: the role gets
// kms:Decrypt on the source's default key and on --source-kms-key keys, and kms:GenerateDataKey +
// kms:Encrypt on the destination's key, named by ARN (UG UsingKMSEncryption).
let sandbox: Sandbox
useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })

/** A KMS key in moto's KMS, made through the sandbox endpoint (KMS itself is not under test here). */
async function createKey(name: string): Promise<string> {
  const { KeyMetadata } = await sandboxClients(sandbox).kms('us-east-1').send(new CreateKeyCommand({ Description: name }))
  return KeyMetadata?.Arn as string
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
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: rolePolicyName('list', result.plan) }))
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

  it('resolves --kms-key given as an alias to its key, grants and writes with the key itself', async () => {
    const { clients, destinationKey, otherKey } = await setup()
    const copiesKey = await createKey('copies')
    await clients.kms('us-east-1').send(new CreateAliasCommand({ AliasName: 'alias/copies', TargetKeyId: copiesKey }))
    await sandbox.setIamEnforcement(true)
    const aliasArn = `arn:aws:kms:us-east-1:${sandbox.accountId}:alias/copies`
    const result = await seed({ source: 'kms-source', destination: 'kms-destination', kmsKeyId: aliasArn, sourceKmsKey: [otherKey] }, { clients, sleep: shortSleep, pollIntervalMs: 10 })
    if (result.kind !== 'finished') throw new Error(result.kind)
    expect(result.plan.copy.kmsKeyId).toBe(copiesKey)
    expect(result.outcome).toMatchObject({ state: 'complete', job: { total: 2, succeeded: 2, failed: 0 } })
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: result.plan.role.kind === 'managed' ? result.plan.role.name : '', PolicyName: rolePolicyName('list', result.plan) }))
    expect(decodeURIComponent(PolicyDocument ?? '')).toContain(`"Resource":"${copiesKey}"`)
    expect(decodeURIComponent(PolicyDocument ?? '')).not.toContain(destinationKey)
    await sandbox.setIamEnforcement(false)
    expect((await clients.s3('us-east-1').send(new GetObjectCommand({ Bucket: 'kms-destination', Key: 'default/a' }))).SSEKMSKeyId).toBe(copiesKey)
  })

  it('refuses an alias that does not resolve, naming --kms-key, and creates nothing', async () => {
    const { clients } = await setup()
    const attempt = seed({ source: 'kms-source', destination: 'kms-destination', kmsKeyId: `arn:aws:kms:us-east-1:${sandbox.accountId}:alias/missing` }, { clients })
    await expect(attempt).rejects.toThrow(InvalidInputError)
    await expect(seed({ source: 'kms-source', destination: 'kms-destination', kmsKeyId: `arn:aws:kms:us-east-1:${sandbox.accountId}:alias/missing` }, { clients })).rejects.toThrow(/--kms-key .*alias\/missing is a KMS alias that s3-seed cannot resolve/)
    const { Jobs } = await clients.s3control('us-east-1').send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Jobs ?? []).toEqual([])
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
