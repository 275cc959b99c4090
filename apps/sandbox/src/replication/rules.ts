import type { ReplicationConfiguration, ReplicationRule, Tag } from '@aws-sdk/client-s3'
import { bucketFromArn } from '../arn.js'

/** One version of a source object (or a delete marker), as replication needs to know it. */
export interface SourceVersion {
  bucket: string
  key: string
  versionId: string
  deleteMarker: boolean
  /** x-amz-replication-status of the version, if any. */
  replicationStatus?: string
  /** x-amz-server-side-encryption: AES256, aws:kms, aws:kms:dsse. */
  encryption?: string
  kmsKeyId?: string
  /** The version uses SSE-C. */
  customerKey?: boolean
  storageClass?: string
  bucketKeyEnabled?: boolean
  /** Known when some rule filters on tags. */
  tags?: Tag[]
}

/** Where one version goes, from the rule that wins for that destination. */
export interface ReplicationTarget {
  ruleId?: string
  destinationBucket: string
  storageClass?: string
  replicaKmsKeyId?: string
}

/** Storage classes replication leaves alone (UG replication-what-is-isnot-replicated). */
const NOT_REPLICATED_CLASSES = ['GLACIER', 'DEEP_ARCHIVE']

/**
 * Where replication sends one version: per destination, the highest-Priority enabled rule that
 * covers it (UG replication-add-config). A rule covers a version when its filter (Prefix, Tag or
 * And) matches and:
 * - for a delete marker: a V2 rule (one with a Filter) has DeleteMarkerReplication Enabled and no
 *   tag filter; a V1 rule (no Filter) always replicates it (UG delete-marker-replication,
 *   replication-what-is-isnot-replicated);
 * - for an SSE-KMS object: the rule opts in with SourceSelectionCriteria.SseKmsEncryptedObjects
 *   Enabled (UG replication-config-for-kms-objects);
 * - SSE-C objects and GLACIER/DEEP_ARCHIVE objects are never replicated (UG replication-what-is-isnot-replicated).
 */
export function planReplication(config: ReplicationConfiguration, source: SourceVersion): ReplicationTarget[] {
  if (!source.deleteMarker && (source.customerKey || NOT_REPLICATED_CLASSES.includes(source.storageClass ?? 'STANDARD'))) return []
  const eligible = (config.Rules ?? []).filter(
    (rule) => rule.Status === 'Enabled' && ruleCovers(rule, source.key, source.tags) && ruleTakes(rule, source),
  )
  return highestPerDestination(eligible).map((rule) => {
    const destinationArn = rule.Destination?.Bucket ?? ''
    const target: ReplicationTarget = { destinationBucket: bucketFromArn(destinationArn) ?? destinationArn }
    if (rule.ID) target.ruleId = rule.ID
    if (rule.Destination?.StorageClass) target.storageClass = rule.Destination.StorageClass
    const replicaKey = rule.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID
    if (replicaKey && source.encryption?.startsWith('aws:kms')) target.replicaKmsKeyId = replicaKey
    return target
  })
}

function ruleTakes(rule: ReplicationRule, source: SourceVersion): boolean {
  if (source.deleteMarker) {
    if (rule.Filter === undefined) return true // V1
    const tagFilter = rule.Filter.Tag !== undefined || (rule.Filter.And?.Tags?.length ?? 0) > 0
    return rule.DeleteMarkerReplication?.Status === 'Enabled' && !tagFilter
  }
  if (source.encryption?.startsWith('aws:kms')) return rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled'
  return true
}

/**
 * The enabled rules of a replication configuration that cover an object by key and tags, highest
 * priority first per destination (UG replication-add-config: with overlapping rules, the higher
 * Priority wins). Used by the manifest generator's EligibleForReplication filter.
 */
export function matchingRules(config: ReplicationConfiguration, key: string, tags: Tag[] | undefined): ReplicationRule[] {
  return highestPerDestination((config.Rules ?? []).filter((rule) => rule.Status === 'Enabled' && ruleCovers(rule, key, tags)))
}

/** Whether any rule filters on tags, so the caller must fetch the object's tags. */
export function rulesNeedTags(config: ReplicationConfiguration): boolean {
  return (config.Rules ?? []).some((rule) => rule.Filter?.Tag !== undefined || (rule.Filter?.And?.Tags?.length ?? 0) > 0)
}

function highestPerDestination(rules: ReplicationRule[]): ReplicationRule[] {
  const sorted = [...rules].sort((a, b) => (b.Priority ?? 0) - (a.Priority ?? 0))
  const seen = new Set<string>()
  return sorted.filter((rule) => {
    const destination = rule.Destination?.Bucket ?? ''
    if (seen.has(destination)) return false
    seen.add(destination)
    return true
  })
}

function ruleCovers(rule: ReplicationRule, key: string, tags: Tag[] | undefined): boolean {
  const filter = rule.Filter
  const prefix = filter?.Prefix ?? filter?.And?.Prefix ?? rule.Prefix ?? ''
  if (!key.startsWith(prefix)) return false
  const required = [...(filter?.Tag ? [filter.Tag] : []), ...(filter?.And?.Tags ?? [])]
  return required.every((wanted) => (tags ?? []).some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value))
}
