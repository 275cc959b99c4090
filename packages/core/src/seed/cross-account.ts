import { InvalidInputError } from '../errors.js'
import { bucketPolicyStatement, destinationGrants, keyGrants, keyPolicyStatement, policyAnswer } from '../iam/destination-grants.js'
import type { JobKind } from '../iam/role-policy.js'
import { roleArn } from '../layout.js'
import type { SeedPlan } from '../plan.js'
import type { Operation, SeedFacts } from './types.js'

/**
 * A destination in another account must let the job's role in: its bucket policy for the writes, and
 * the key policy of an SSE-KMS key of that account for encrypting the copies (UG
 * how-s3-evaluates-access-control; KMS Developer Guide, key-policy-modifying-external-accounts).
 * With the destination's policies read (--destination-profile), a policy that certainly does not
 * allow it is refused before anything is created, with the statements to add. Without them, the
 * statements are printed for the destination's owner and the run goes on. Pure.
 */
export function crossAccountCheck(plan: SeedPlan, facts: SeedFacts, operation: Operation, kind: JobKind): { warnings: string[]; statements: string[] } {
  const none = { warnings: [], statements: [] }
  if (facts.owners.destination === facts.accountId) return none
  const role = plan.role.kind === 'existing' ? plan.role.arn : roleArn(plan.role.name, facts.accountId, facts.partition)
  const grants = destinationGrants(plan, kind, facts.partition)
  // The copies are encrypted with the key; Batch Replication's replicas by the replication role.
  const key = operation.name === 'copy' ? destinationKey(facts) : undefined
  const encrypt = key === undefined ? [] : keyGrants(key)
  const statements = [
    ...(grants.length > 0 ? [`bucket policy of ${plan.destination}: ${JSON.stringify(bucketPolicyStatement(role, grants))}`] : []),
    ...(encrypt.length > 0 ? [`key policy of ${key}: ${JSON.stringify(keyPolicyStatement(role, encrypt))}`] : []),
  ]
  // Batch Replication with the report kept in the caller's account: the job's role writes nothing
  // there (the replication role's access is the rule's owner's business, UG replication-walkthrough-2).
  if (statements.length === 0) return none
  const read = facts.destinationPolicies
  if (read !== undefined) {
    const missing: string[] = []
    if (grants.length > 0 && policyAnswer(read.bucket, role, grants) === 'denied') missing.push(`the bucket policy of ${plan.destination}`)
    if (encrypt.length > 0 && read.key !== undefined && policyAnswer(read.key, role, encrypt) === 'denied') missing.push(`the key policy of ${key}`)
    if (missing.length > 0) {
      throw new InvalidInputError(
        `${plan.destination} is in account ${facts.owners.destination}, and ${missing.join(' and ')} (read with --destination-profile ${plan.destinationProfile}) does not let the job's role ${role} write. ` +
          `Add, in account ${facts.owners.destination}:\n  ${statements.join('\n  ')}`,
        '--destination-profile',
      )
    }
    return { warnings: [], statements }
  }
  return {
    warnings: [`${plan.destination} is in account ${facts.owners.destination}: its owner must let the job's role ${role} in (pass --destination-profile to check first). Add, in that account:\n  ${statements.join('\n  ')}`],
    statements,
  }
}

/** The key the copies are encrypted with when it is the destination account's own: --kms-key, else the destination's default key. */
export function destinationKey(facts: Pick<SeedFacts, 'encryption' | 'kmsKeyArn' | 'owners'>): string | undefined {
  const encryption = facts.encryption?.destination
  const key = facts.kmsKeyArn ?? (encryption?.kind === 'kms' ? encryption.keyArn : undefined)
  return key !== undefined && key.split(':')[4] === facts.owners.destination ? key : undefined
}
