import type { ReplicationConfiguration, ReplicationRule, Tag } from '@aws-sdk/client-s3'

/**
 * The enabled rules of a replication configuration that cover an object, highest priority first
 * per destination (UG replication-add-config: with overlapping rules, the higher Priority wins).
 */
export function matchingRules(config: ReplicationConfiguration, key: string, tags: Tag[] | undefined): ReplicationRule[] {
  const matching = (config.Rules ?? [])
    .filter((rule) => rule.Status === 'Enabled' && ruleCovers(rule, key, tags))
    .sort((a, b) => (b.Priority ?? 0) - (a.Priority ?? 0))
  const seen = new Set<string>()
  return matching.filter((rule) => {
    const destination = rule.Destination?.Bucket ?? ''
    if (seen.has(destination)) return false
    seen.add(destination)
    return true
  })
}

/** Whether any enabled rule filters on tags, so the caller must fetch the object's tags. */
export function rulesNeedTags(config: ReplicationConfiguration): boolean {
  return (config.Rules ?? []).some((rule) => rule.Filter?.Tag !== undefined || (rule.Filter?.And?.Tags?.length ?? 0) > 0)
}

function ruleCovers(rule: ReplicationRule, key: string, tags: Tag[] | undefined): boolean {
  const filter = rule.Filter
  const prefix = filter?.Prefix ?? filter?.And?.Prefix ?? rule.Prefix ?? ''
  if (!key.startsWith(prefix)) return false
  const required = [...(filter?.Tag ? [filter.Tag] : []), ...(filter?.And?.Tags ?? [])]
  return required.every((wanted) => (tags ?? []).some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value))
}
