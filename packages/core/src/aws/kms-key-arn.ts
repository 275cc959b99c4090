import { DescribeKeyCommand } from '@aws-sdk/client-kms'
import { InvalidInputError } from '../errors.js'
import type { SeedClients } from './clients.js'

/** `arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME` → its Region; undefined for anything else. */
function aliasRegion(key: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:alias\/.+$/.exec(key)?.[1]
}

/**
 * The ARN of the key an alias names, from KMS DescribeKey (which takes an alias name or alias ARN,
 * in the caller's own account only: API DescribeKey). IAM policies name keys by key ARN; an alias in
 * a policy's Resource matches nothing (KMS Developer Guide, "Using aliases in IAM policies").
 * `key` is `alias/NAME` (then `region`) or an alias ARN. Undefined, with why, when it cannot.
 */
export async function aliasTarget(clients: SeedClients, key: string, region: string): Promise<{ arn: string } | { problem: string }> {
  try {
    const { KeyMetadata } = await clients.kms(aliasRegion(key) ?? region).send(new DescribeKeyCommand({ KeyId: key }))
    return KeyMetadata?.Arn ? { arn: KeyMetadata.Arn } : { problem: 'DescribeKey returned no ARN' }
  } catch (error) {
    return { problem: `DescribeKey failed: ${(error as Error).name}: ${(error as Error).message}` }
  }
}

/** A key given with `flag` as a key ARN (kept) or an alias ARN (resolved); refused when the alias cannot be resolved. */
export async function keyArnFor(clients: SeedClients, key: string, flag: string): Promise<string> {
  const region = aliasRegion(key)
  if (region === undefined) return key
  const target = await aliasTarget(clients, key, region)
  if ('arn' in target) return target.arn
  throw new InvalidInputError(
    `${flag} ${key} is a KMS alias that s3-seed cannot resolve to its key (${target.problem}). The role's policy must name the key's ARN; an alias grants nothing. Pass the key ARN (arn:…:kms:<region>:<account>:key/<id>), or allow kms:DescribeKey on it.`,
    flag,
  )
}
