import type { ReplicationRule } from '@aws-sdk/client-s3'

/**
 * What a replication rule selects. A V2 rule has a Filter (Prefix, Tag, or And of both); a V1 rule
 * has only a Prefix (UG replication-add-config, "Backward compatibility").
 */
export function ruleFilter(rule: ReplicationRule): { prefix: string; byTag: boolean; v1: boolean } {
  const byTag = rule.Filter?.Tag !== undefined || (rule.Filter?.And?.Tags?.length ?? 0) > 0
  const prefix = rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? ''
  return { prefix, byTag, v1: rule.Filter === undefined }
}

/** The rule replicates every object under `prefix`: it is enabled, filters by no tag, and its own prefix is a prefix of ours. */
export function ruleCovers(rule: ReplicationRule, prefix: string): boolean {
  const filter = ruleFilter(rule)
  return rule.Status === 'Enabled' && !filter.byTag && prefix.startsWith(filter.prefix)
}

/**
 * A delete marker made on `key` replicates by this rule. A V2 rule replicates delete markers only with
 * DeleteMarkerReplication Enabled, which a tag-based rule cannot have (API DeleteMarkerReplication);
 * a V1 rule replicates them (UG replication-add-config, "Backward compatibility").
 */
export function replicatesDeleteMarker(rule: ReplicationRule, key: string): boolean {
  const filter = ruleFilter(rule)
  if (rule.Status !== 'Enabled' || !key.startsWith(filter.prefix)) return false
  if (filter.v1) return true
  return !filter.byTag && rule.DeleteMarkerReplication?.Status === 'Enabled'
}
