import { arnParts, kmsArn, s3Arn } from '../arn.js'
import { accessRefusal, type Refusal } from './access-decision.js'
import type { PolicyDocument } from './policy-evaluator.js'
import { denial, principalOfRole, type RoleFacts } from './role-policies.js'

/**
 * KMS permissions S3 needs from a role when it uses a customer managed key on the role's behalf:
 * kms:Decrypt to read an SSE-KMS object, kms:GenerateDataKey to write one (UG UsingKMSEncryption,
 * batch-ops-iam-role-policies), kms:Encrypt for replication's replica key (UG
 * replication-config-for-kms-objects). moto's S3 never checks them, so the sandbox does.
 */
export type KmsAction = 'kms:Decrypt' | 'kms:GenerateDataKey' | 'kms:Encrypt'

/** A key as S3 reports it, made into the key ARN a policy's Resource names. */
export interface KmsKeyRef {
  /** As given on the object or in the request: key ID, key ARN, alias name or alias ARN. */
  keyId: string
  /** The key ARN (aliases resolved), when known. */
  arn: string
  /** The key policy, when the key was found in moto's KMS. */
  policy?: PolicyDocument | undefined
}

/**
 * The AWS managed key for S3 (`aws/s3`, or SSE-KMS without a key ID): its key policy lets every
 * principal in the account use it through S3, so no IAM permission is needed [inferred from the
 * AWS managed key policy; KMS Developer Guide, key-policy-default].
 */
export function isAwsManagedS3Key(keyId: string | undefined): boolean {
  return keyId === undefined || keyId === '' || /(^|:)alias\/aws\/s3$/.test(keyId)
}

/** A key ID, alias or ARN as an ARN, without asking KMS (aliases stay alias ARNs). */
export function keyArnOf(keyId: string, partition: string, region: string, accountId: string): string {
  if (keyId.startsWith('arn:')) return keyId
  return kmsArn(partition, region, accountId, keyId.startsWith('alias/') ? keyId : `key/${keyId}`)
}

/** Region of a KMS ARN, e.g. for kms:ViaService. */
export function regionOfKeyArn(arn: string): string | undefined {
  return /^arn:[^:]+:kms:([^:]+):/.exec(arn)?.[1]
}

/**
 * Whether the role may use the key for `action` on an S3 object through S3. The request context
 * carries the condition keys S3's KMS calls have: kms:ViaService `s3.<region>.amazonaws.com` and
 * kms:EncryptionContext:aws:s3:arn (the object ARN, or the bucket ARN with an S3 Bucket Key)
 * (UG replication-config-for-kms-objects; UG UsingKMSEncryption).
 *
 * A key of the role's own account needs the role's identity policy (as if its key policy delegated
 * to IAM, the default key policy). A key of another account needs both the role's identity policy
 * and the key's policy, naming the role or its account (KMS DG key-policy-modifying-external-accounts).
 */
export function kmsDenial(
  role: RoleFacts,
  action: KmsAction,
  key: KmsKeyRef,
  object: { bucket: string; key: string; bucketKeyEnabled?: boolean },
  fallbackRegion: string,
): Refusal | undefined {
  if (isAwsManagedS3Key(key.keyId)) return undefined
  const region = regionOfKeyArn(key.arn) ?? fallbackRegion
  const { partition = 'aws', accountId: owner = '' } = arnParts(key.arn) ?? {}
  const context = {
    'kms:ViaService': `s3.${region}.amazonaws.com`,
    'kms:EncryptionContext:aws:s3:arn': s3Arn(partition, object.bucket, object.bucketKeyEnabled ? undefined : object.key),
  }
  const principal = principalOfRole(role)
  if (owner === principal.account) return denial(role, action, key.arn, context)
  return accessRefusal({ principal, action, resource: key.arn, owner, resourcePolicy: key.policy, context })
}
