import { ListBucketsCommand } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'
import { bucketRegion, ownerEnforced, replicationRules } from '../buckets/bucket-settings.js'
import { ruleFilter } from '../buckets/replication-filter.js'
import { bucketOfArn } from '../layout.js'
import type { SeedClients } from '../aws/clients.js'
import type { SeedOptions } from '../plan.js'

export interface RuleFinding {
  source: string
  ruleId: string
  destination: string
  /** What s3-seed will do for this rule, or why it will not seed it. */
  action: 'seed' | 'skip'
  reason: string
}

export interface ReplicationPairs {
  pairs: SeedOptions[]
  findings: RuleFinding[]
}

/**
 * Plans one seeding per enabled replication rule (and destination) of the buckets named, or of every
 * bucket in the account with a replication configuration. Copy settings follow what replication would
 * write: the rule's prefix, its destination storage class and replica KMS key, and no ACL unless the
 * destination is in another account and still uses ACLs (then bucket-owner-full-control), as
 * AccessControlTranslation would give the destination owner the object (UG replication-change-owner).
 * Rules that filter on tags are seeded with Batch Replication, which applies the rule's filter.
 */
export async function pairsFromReplication(clients: SeedClients, accountId: string, buckets?: string[]): Promise<ReplicationPairs> {
  const lookup = clients.s3(clients.defaultRegion)
  let names = buckets
  if (names === undefined || names.length === 0) {
    try {
      names = ((await lookup.send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name ?? '').filter(Boolean)
    } catch (error) {
      throw wrapAwsError(error, 'ListBuckets', 'Listing the buckets of the account')
    }
  }
  const result: ReplicationPairs = { pairs: [], findings: [] }
  for (const source of names) {
    const rules = await replicationRules(clients.s3(await bucketRegion(lookup, source, 'BUCKET')), source)
    for (const rule of rules) {
      const destination = bucketOfArn(rule.Destination?.Bucket ?? '')
      const finding = { source, ruleId: rule.ID ?? '(no ID)', destination }
      if (rule.Status !== 'Enabled') {
        result.findings.push({ ...finding, action: 'skip', reason: 'the rule is disabled' })
        continue
      }
      // A rule that selects objects by tag is seeded with Batch Replication, which applies the rule's
      // own filter (UG s3-batch-replication-batch: it replicates by the source's replication
      // configuration). A copy job would have to read every object's tags first: a GetObjectTagging
      // per object, racing tag changes, to reproduce a filter S3 already evaluates (docs/decisions.md).
      const { byTag, prefix } = ruleFilter(rule)
      const crossAccount = rule.Destination?.Account !== undefined && rule.Destination.Account !== accountId
      const acl = crossAccount && !(await ownerEnforced(clients.s3(clients.defaultRegion), destination)) ? 'bucket-owner-full-control' : undefined
      const storageClass = rule.Destination?.StorageClass
      const kmsKeyId = rule.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID
      const pair: SeedOptions = {
        source,
        destination,
        ...(prefix ? { prefix } : {}),
        ...(storageClass && storageClass !== 'STANDARD' ? { storageClass: storageClass as NonNullable<SeedOptions['storageClass']> } : {}),
        ...(kmsKeyId ? { kmsKeyId } : {}),
        ...(acl ? { cannedAcl: acl } : {}),
        ...(byTag ? { operation: 'replicate' as const } : {}),
        ...(rule.Destination?.Account ? { destinationAccount: rule.Destination.Account } : {}),
        origin: `replication rule ${finding.ruleId} of ${source}`,
      }
      result.pairs.push(pair)
      result.findings.push({
        ...finding,
        action: 'seed',
        reason: [
          prefix ? `prefix ${prefix}` : 'all keys',
          `storage class ${storageClass ?? 'STANDARD'}`,
          kmsKeyId ? `KMS key ${kmsKeyId}` : 'destination default encryption',
          acl ? `ACL ${acl} (cross-account destination with ACLs)` : 'no ACL',
          ...(byTag ? ['tag filter: Batch Replication, which applies the rule\'s filter'] : []),
        ].join(', '),
      })
    }
  }
  return result
}
