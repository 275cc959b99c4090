import type { MotoAccess } from '../aws-clients.js'
import { lookUpByMotoRoute } from '../moto-routes.js'
import type { Refusal } from './access-decision.js'
import { parsePolicyText } from './access-facts.js'
import { isAwsManagedS3Key, keyArnOf, type KmsKeyRef } from './kms-permissions.js'

/**
 * Finds a KMS key as KMS DescribeKey would (key ID, key ARN, alias name or alias ARN), in moto's KMS,
 * through the sandbox's private route (moto/s3seed_kms.py), with its key policy; a key or alias ARN
 * may name another account. Undefined when there is no such key.
 * The AWS managed `aws/s3` key (or no key ID) is taken as is: moto creates it lazily, and its use
 * needs no IAM permission (see isAwsManagedS3Key).
 */
export type KeyLookup = (keyId: string, region: string) => Promise<KmsKeyRef | undefined>

export function kmsKeyLookup(access: MotoAccess): KeyLookup {
  return async (keyId, region) => {
    if (isAwsManagedS3Key(keyId)) return { keyId, arn: keyArnOf(keyId || 'alias/aws/s3', access.partition, region, access.accountId) }
    const found = (await lookUpByMotoRoute(access, 'kms-key', { keyId, region, account: access.accountId })) as { arn: string; policy: string } | undefined
    return found === undefined ? undefined : { keyId, arn: found.arn, policy: parsePolicyText(found.policy) }
  }
}

/** How S3 reports a key it cannot find (KMS NotFoundException, surfaced by S3) [inferred]. */
export function keyNotFound(keyId: string): Refusal {
  return { httpStatus: 400, errorCode: 'KMS.NotFoundException', message: `Invalid keyId ${keyId}` }
}
