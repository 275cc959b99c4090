import type { ReplicationRule } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { replicatesDeleteMarker, ruleCovers, ruleFilter } from './replication-filter.js'

const destination = { Bucket: 'arn:aws:s3:::dst' }
const v2 = (filter: ReplicationRule['Filter'], markers: 'Enabled' | 'Disabled' = 'Enabled', status: 'Enabled' | 'Disabled' = 'Enabled'): ReplicationRule => ({
  Status: status,
  Filter: filter,
  DeleteMarkerReplication: { Status: markers },
  Destination: destination,
})

describe('replication rule filters', () => {
  it('reads V2 filters (Prefix, Tag, And) and V1 prefixes', () => {
    expect(ruleFilter(v2({}))).toEqual({ prefix: '', byTag: false, v1: false })
    expect(ruleFilter(v2({ Prefix: 'logs/' }))).toEqual({ prefix: 'logs/', byTag: false, v1: false })
    expect(ruleFilter(v2({ Tag: { Key: 'k', Value: 'v' } }))).toEqual({ prefix: '', byTag: true, v1: false })
    expect(ruleFilter(v2({ And: { Prefix: 'a/', Tags: [{ Key: 'k', Value: 'v' }] } }))).toEqual({ prefix: 'a/', byTag: true, v1: false })
    expect(ruleFilter({ Status: 'Enabled', Prefix: 'old/', Destination: destination })).toEqual({ prefix: 'old/', byTag: false, v1: true })
  })

  it.each<[string, ReplicationRule, string, boolean]>([
    ['an empty filter covers every prefix', v2({}), 'any/', true],
    ['a prefix covers itself', v2({ Prefix: 'logs/' }), 'logs/', true],
    ['a prefix covers a longer one', v2({ Prefix: 'logs/' }), 'logs/2024/', true],
    ['a prefix does not cover the whole bucket', v2({ Prefix: 'logs/' }), '', false],
    ['a tag filter covers nothing whole', v2({ Tag: { Key: 'k', Value: 'v' } }), '', false],
    ['a disabled rule covers nothing', v2({}, 'Enabled', 'Disabled'), '', false],
  ])('%s', (_, rule, prefix, covers) => {
    expect(ruleCovers(rule, prefix)).toBe(covers)
  })

  it.each<[string, ReplicationRule, string, boolean]>([
    ['V2 with DeleteMarkerReplication Enabled', v2({ Prefix: 'a/' }), 'a/x', true],
    ['V2 with it Disabled', v2({ Prefix: 'a/' }, 'Disabled'), 'a/x', false],
    ['V2 for a key outside its prefix', v2({ Prefix: 'a/' }), 'b/x', false],
    ['V2 by tag (S3 refuses marker replication there)', v2({ Tag: { Key: 'k', Value: 'v' } }), 'a/x', false],
    ['V1 (no Filter) always', { Status: 'Enabled', Prefix: '', Destination: destination }, 'a/x', true],
    ['a disabled rule never', v2({}, 'Enabled', 'Disabled'), 'a/x', false],
  ])('delete markers: %s', (_, rule, key, replicates) => {
    expect(replicatesDeleteMarker(rule, key)).toBe(replicates)
  })
})
