import { PutObjectCommand } from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from '../sandbox.js'
import { testClients, type TestClients } from '../test-support/clients.js'
import { createKmsKeys, type KmsKey } from '../test-support/kms.js'
import { bodyOf, createReplicationRole, createVersionedBucket, head, putReplication, replicationPolicy, rule } from '../test-support/replication.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients
let keys: Record<string, KmsKey>

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5, replicationLagMs: 10 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  for (const bucket of ['source', 'destination']) await createVersionedBucket(aws.s3, bucket)
  keys = await createKmsKeys(sandbox, ['source-key', 'replica-key'])
})

const kmsRule = rule('destination', {
  SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
  Destination: { Bucket: 'arn:aws:s3:::destination', EncryptionConfiguration: { ReplicaKmsKeyID: 'alias/replica-key' } },
})

/** The UG replication-config-for-kms-objects statements, with their kms:ViaService and encryption-context conditions. */
const kmsStatements = (decrypt: boolean, encrypt: boolean) => [
  ...(decrypt
    ? [{
        Effect: 'Allow', Action: 'kms:Decrypt', Resource: keys['source-key']!.arn,
        Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::source/*'] } },
      }]
    : []),
  ...(encrypt
    ? [{
        Effect: 'Allow', Action: 'kms:Encrypt', Resource: keys['replica-key']!.arn,
        Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::destination/*'] } },
      }]
    : []),
]

const putSecret = (key = 'secret') =>
  aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: key, Body: 'classified', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keys['source-key']!.arn }))

describe('replicating SSE-KMS objects', () => {
  it('leaves SSE-KMS objects alone unless the rule opts in with SseKmsEncryptedObjects', async () => {
    await putReplication(aws.s3, 'source', 'arn:aws:iam::123456789012:role/replication', [rule('destination')])
    await putSecret()
    await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'plain', Body: 'p' }))
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'secret'))?.ReplicationStatus).toBeUndefined()
    expect(await head(aws.s3, 'destination', 'secret')).toBeUndefined()
    expect((await head(aws.s3, 'destination', 'plain'))?.ReplicationStatus).toBe('REPLICA')
  })

  it('encrypts the replica with ReplicaKmsKeyID when the role may decrypt and encrypt', async () => {
    const role = await createReplicationRole(aws.iam, 'replication', [...replicationPolicy(['source'], ['destination']), ...kmsStatements(true, true)])
    await putReplication(aws.s3, 'source', role, [kmsRule])
    await sandbox.setIamEnforcement(true)
    await putSecret()
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'secret'))?.ReplicationStatus).toBe('COMPLETED')
    expect(await head(aws.s3, 'destination', 'secret')).toMatchObject({ ReplicationStatus: 'REPLICA', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/replica-key' })
    expect(await bodyOf(aws.s3, 'destination', 'secret')).toBe('classified')
  })

  it.each([
    ['kms:Decrypt on the source key', false, true],
    ['kms:Encrypt on the replica key', true, false],
  ])('marks the version FAILED when the role lacks %s', async (_case, decrypt, encrypt) => {
    const role = await createReplicationRole(aws.iam, 'replication', [...replicationPolicy(['source'], ['destination']), ...kmsStatements(decrypt, encrypt)])
    await putReplication(aws.s3, 'source', role, [kmsRule])
    await sandbox.setIamEnforcement(true)
    await putSecret()
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'secret'))?.ReplicationStatus).toBe('FAILED')
    expect(await head(aws.s3, 'destination', 'secret')).toBeUndefined()
  })

  it('fails replication to a ReplicaKmsKeyID that KMS does not know ("the AWS KMS key must be valid")', async () => {
    const role = await createReplicationRole(aws.iam, 'replication', [...replicationPolicy(['source'], ['destination']), { Effect: 'Allow', Action: 'kms:*', Resource: '*' }])
    const badKey = rule('destination', {
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { Bucket: 'arn:aws:s3:::destination', EncryptionConfiguration: { ReplicaKmsKeyID: 'alias/no-such-key' } },
    })
    await putReplication(aws.s3, 'source', role, [badKey])
    await sandbox.setIamEnforcement(true)
    await putSecret()
    await sandbox.replication.drain()
    expect((await head(aws.s3, 'source', 'secret'))?.ReplicationStatus).toBe('FAILED')
  })
})
