import type { ReplicationConfiguration, ReplicationRule } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { planReplication, type SourceVersion } from './rules.js'
import { writeEventsOf } from './write-events.js'

const rule = (destination: string, overrides: Partial<ReplicationRule> = {}): ReplicationRule => ({
  ID: destination,
  Priority: 1,
  Status: 'Enabled',
  Filter: { Prefix: '' },
  DeleteMarkerReplication: { Status: 'Disabled' },
  Destination: { Bucket: `arn:aws:s3:::${destination}` },
  ...overrides,
})
const config = (...Rules: ReplicationRule[]): ReplicationConfiguration => ({ Role: 'arn:aws:iam::123456789012:role/r', Rules })
const object = (overrides: Partial<SourceVersion> = {}): SourceVersion => ({ bucket: 'src', key: 'docs/a.txt', versionId: 'v1', deleteMarker: false, ...overrides })
const destinations = (cfg: ReplicationConfiguration, source: SourceVersion) => planReplication(cfg, source).map((target) => target.destinationBucket)

describe('planReplication', () => {
  it.each<[string, ReplicationConfiguration, SourceVersion, string[]]>([
    ['prefix match', config(rule('d', { Filter: { Prefix: 'docs/' } })), object(), ['d']],
    ['prefix miss', config(rule('d', { Filter: { Prefix: 'logs/' } })), object(), []],
    ['disabled rule', config(rule('d', { Status: 'Disabled' })), object(), []],
    ['tag filter, tag present', config(rule('d', { Filter: { Tag: { Key: 't', Value: '1' } } })), object({ tags: [{ Key: 't', Value: '1' }] }), ['d']],
    ['tag filter, tag value differs', config(rule('d', { Filter: { Tag: { Key: 't', Value: '1' } } })), object({ tags: [{ Key: 't', Value: '2' }] }), []],
    ['And needs prefix and every tag', config(rule('d', { Filter: { And: { Prefix: 'docs/', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } } })), object({ tags: [{ Key: 'a', Value: '1' }] }), []],
    ['V1 rule (legacy Prefix, no Filter)', config({ ...rule('d'), Filter: undefined, Prefix: 'docs/' }), object(), ['d']],
    ['two destinations', config(rule('d1'), rule('d2')), object(), ['d1', 'd2']],
    ['GLACIER is not replicated', config(rule('d')), object({ storageClass: 'GLACIER' }), []],
    ['SSE-C is not replicated', config(rule('d')), object({ customerKey: true }), []],
    ['SSE-KMS needs the opt-in', config(rule('d')), object({ encryption: 'aws:kms', kmsKeyId: 'k' }), []],
    [
      'SSE-KMS with SseKmsEncryptedObjects Enabled',
      config(rule('d', { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } })),
      object({ encryption: 'aws:kms', kmsKeyId: 'k' }),
      ['d'],
    ],
    ['delete marker, V2 rule with replication off', config(rule('d')), object({ deleteMarker: true }), []],
    ['delete marker, V2 rule with replication on', config(rule('d', { DeleteMarkerReplication: { Status: 'Enabled' } })), object({ deleteMarker: true }), ['d']],
    [
      'delete marker, tag-based rule never',
      config(rule('d', { DeleteMarkerReplication: { Status: 'Enabled' }, Filter: { Tag: { Key: 't', Value: '1' } } })),
      object({ deleteMarker: true, tags: [{ Key: 't', Value: '1' }] }),
      [],
    ],
    ['delete marker, V1 rule always', config({ ...rule('d'), Filter: undefined, DeleteMarkerReplication: undefined, Prefix: '' }), object({ deleteMarker: true }), ['d']],
  ])('%s', (_case, cfg, source, expected) => {
    expect(destinations(cfg, source)).toEqual(expected)
  })

  it('takes, per destination, the highest-Priority rule with its storage class and replica key', () => {
    const cfg = config(
      rule('d', { ID: 'low', Priority: 1, Destination: { Bucket: 'arn:aws:s3:::d', StorageClass: 'GLACIER_IR' } }),
      rule('d', {
        ID: 'high',
        Priority: 9,
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: { Bucket: 'arn:aws:s3:::d', StorageClass: 'STANDARD_IA', EncryptionConfiguration: { ReplicaKmsKeyID: 'replica-key' } },
      }),
    )
    expect(planReplication(cfg, object())).toEqual([{ ruleId: 'high', destinationBucket: 'd', storageClass: 'STANDARD_IA' }])
    expect(planReplication(cfg, object({ encryption: 'aws:kms', kmsKeyId: 'k' }))).toEqual([
      { ruleId: 'high', destinationBucket: 'd', storageClass: 'STANDARD_IA', replicaKmsKeyId: 'replica-key' },
    ])
  })
})

describe('writeEventsOf', () => {
  const request = (query = '') => ({ bucket: 'b', key: 'k', query: new URLSearchParams(query) })
  it.each<[string, string, ReturnType<typeof request>, { status: number; headers: Record<string, string>; body?: Buffer }, object[]]>([
    ['PutObject', 'PutObject', request(), { status: 200, headers: { 'x-amz-version-id': 'v1' } }, [{ bucket: 'b', key: 'k', versionId: 'v1', deleteMarker: false }]],
    ['an unversioned write', 'PutObject', request(), { status: 200, headers: { 'x-amz-version-id': 'null' } }, []],
    ['a failed write', 'CopyObject', request(), { status: 403, headers: { 'x-amz-version-id': 'v1' } }, []],
    ['a DELETE that made a marker', 'DeleteObject', request(), { status: 204, headers: { 'x-amz-version-id': 'm1', 'x-amz-delete-marker': 'true' } }, [{ bucket: 'b', key: 'k', versionId: 'm1', deleteMarker: true }]],
    ['a DELETE of a version', 'DeleteObject', request('versionId=v1'), { status: 204, headers: { 'x-amz-version-id': 'v1', 'x-amz-delete-marker': 'true' } }, []],
    [
      'DeleteObjects',
      'DeleteObjects',
      { bucket: 'b', key: undefined as never, query: new URLSearchParams('delete') },
      {
        status: 200,
        headers: {},
        body: Buffer.from(
          '<?xml version="1.0"?><DeleteResult><Deleted><Key>a</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>m1</DeleteMarkerVersionId></Deleted>' +
            '<Deleted><Key>b</Key><VersionId>v2</VersionId></Deleted></DeleteResult>',
        ),
      },
      [{ bucket: 'b', key: 'a', versionId: 'm1', deleteMarker: true }],
    ],
  ])('%s', (_case, operation, req, response, expected) => {
    expect(writeEventsOf(operation, req, response)).toEqual(expected)
  })
})
