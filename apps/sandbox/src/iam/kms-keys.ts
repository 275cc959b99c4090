import type { MotoAccess } from '../aws-clients.js'
import { MotoRouteError, postMotoRoute } from '../moto-routes.js'
import { isAwsManagedS3Key, keyArnOf, type KmsKeyRef } from './kms-permissions.js'
import type { Refusal } from './role-policies.js'

/**
 * Finds a KMS key as KMS DescribeKey would (key ID, key ARN, alias name or alias ARN), in moto's KMS,
 * through the sandbox's private route (moto/s3seed_kms.py). Undefined when there is no such key.
 * The AWS managed `aws/s3` key (or no key ID) is taken as is: moto creates it lazily, and its use
 * needs no IAM permission (see isAwsManagedS3Key).
 */
export type KeyLookup = (keyId: string, region: string) => Promise<KmsKeyRef | undefined>

export function kmsKeyLookup(access: MotoAccess): KeyLookup {
  return async (keyId, region) => {
    if (isAwsManagedS3Key(keyId)) return { keyId, arn: keyArnOf(keyId || 'alias/aws/s3', region, access.accountId) }
    try {
      const found = (await postMotoRoute(access, 'kms-key', { keyId, region, account: access.accountId })) as { arn: string }
      return { keyId, arn: found.arn }
    } catch (error) {
      if (error instanceof MotoRouteError && error.httpStatus === 404) return undefined
      throw error
    }
  }
}

/** How S3 reports a key it cannot find (KMS NotFoundException, surfaced by S3) [inferred]. */
export function keyNotFound(keyId: string): Refusal {
  return { httpStatus: 400, errorCode: 'KMS.NotFoundException', message: `Invalid keyId ${keyId}` }
}
