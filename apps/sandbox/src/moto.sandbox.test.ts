import { GetBucketReplicationCommand, PutBucketReplicationCommand, PutBucketVersioningCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { MotoNotInstalledError, startMoto } from './moto.js'

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startMoto', () => {
  it('starts moto on a free loopback port and stops its own process', async () => {
    const moto = await startMoto()
    expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await fetch(`${moto.url}/moto-api/`)).ok).toBe(true)
    expect(isAlive(moto.pid)).toBe(true)
    await moto.stop()
    expect(isAlive(moto.pid)).toBe(false)
    await expect(fetch(`${moto.url}/moto-api/`)).rejects.toThrow()
  })

  it('says how to install moto when the interpreter lacks it or is missing', async () => {
    await expect(startMoto({ python: 'no-such-python-3' })).rejects.toBeInstanceOf(MotoNotInstalledError)
    await expect(startMoto({ python: 'no-such-python-3' })).rejects.toThrow(/pip install "moto\[server\]==5\.2\.1"/)
  })

  it('answers GetBucketReplication with the rules as they were put (moto alone drops the filters)', async () => {
    const moto = await startMoto()
    try {
      const s3 = new S3Client({ endpoint: moto.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
      for (const bucket of ['repl-source', 'repl-target']) {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }))
        await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
      }
      const rules = [
        { ID: 'logs', Priority: 1, Status: 'Enabled' as const, Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Enabled' as const }, Destination: { Bucket: 'arn:aws:s3:::repl-target', StorageClass: 'GLACIER_IR' as const } },
        { ID: 'tagged', Priority: 2, Status: 'Disabled' as const, Filter: { And: { Prefix: 'data/', Tags: [{ Key: 'replicate', Value: 'yes' }] } }, DeleteMarkerReplication: { Status: 'Disabled' as const }, Destination: { Bucket: 'arn:aws:s3:::repl-target', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:123456789012:key/k' } } },
      ]
      await s3.send(new PutBucketReplicationCommand({ Bucket: 'repl-source', ReplicationConfiguration: { Role: 'arn:aws:iam::123456789012:role/r', Rules: rules } }))
      const { ReplicationConfiguration } = await s3.send(new GetBucketReplicationCommand({ Bucket: 'repl-source' }))
      expect(ReplicationConfiguration?.Rules).toEqual(rules)
    } finally {
      await moto.stop()
    }
  })
})
