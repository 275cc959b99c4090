import type { DefaultEncryption } from '../buckets/default-encryption.js'
import type { SeedPlan } from '../plan.js'
import type { KmsKeys, SeedFacts } from './types.js'

/**
 * Which keys, and what the user should know. Reading an SSE-KMS object needs kms:Decrypt on its key;
 * writing with a KMS key needs kms:GenerateDataKey (UG UsingKMSEncryption, batch-ops-iam-role-policies).
 * The copies are written with --kms-key (or the rule's ReplicaKmsKeyID) when given, else with the
 * destination's default key. The AWS managed key aws/s3 needs no grant in its own account.
 */
export function kmsKeys(plan: SeedPlan, facts: SeedFacts): { keys: KmsKeys; warnings: string[] } {
  const warnings: string[] = []
  const keyOf = (encryption: DefaultEncryption | undefined, bucket: string, flag: string): string[] => {
    if (encryption?.kind === 'kms') return [encryption.keyArn]
    if (encryption?.kind === 'alias') {
      warnings.push(`${bucket}'s default encryption names the KMS key by alias (${encryption.alias}); IAM grants need the key's ARN, so the role gets none for it. Pass ${flag} with the key ARN.`)
    }
    return []
  }
  const decrypt = [...new Set([...keyOf(facts.encryption?.source, plan.source, '--source-kms-key'), ...(plan.copy.sourceKmsKeys ?? [])])]
  const given = facts.kmsKeyArn ?? plan.copy.kmsKeyId
  const encrypt = given ? [given] : keyOf(facts.encryption?.destination, plan.destination, '--kms-key')
  return { keys: { decrypt, encrypt }, warnings }
}
