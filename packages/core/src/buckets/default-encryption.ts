import { GetBucketEncryptionCommand, type S3Client } from '@aws-sdk/client-s3'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { kmsKeyArn } from '../layout.js'

/** A bucket's default encryption, as far as the role needs it. */
export type DefaultEncryption =
  | { kind: 'none' }
  /** SSE-S3, or SSE-KMS with the AWS managed key aws/s3: no key permission is needed in the account. */
  | { kind: 'managed' }
  | { kind: 'kms'; keyArn: string }
  /** A key named by alias: IAM grants need the key's ARN, which an alias does not give (UG UsingKMSEncryption). */
  | { kind: 'alias'; alias: string }

/**
 * The bucket's default encryption (GetBucketEncryption, UG bucket-encryption). A key ID is turned
 * into its ARN in the bucket's Region and account, since IAM policies name keys by ARN.
 */
export async function defaultEncryption(s3: S3Client, bucket: string, owner: { region: string; accountId: string; partition: string }): Promise<DefaultEncryption> {
  let rule
  try {
    rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
  } catch (error) {
    if (awsErrorCode(error) === 'ServerSideEncryptionConfigurationNotFoundError') return { kind: 'none' }
    throw wrapAwsError(error, 'GetBucketEncryption', `Reading the default encryption of ${bucket}`, 'Allow s3:GetEncryptionConfiguration on it')
  }
  const algorithm = rule?.SSEAlgorithm
  if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') return algorithm ? { kind: 'managed' } : { kind: 'none' }
  const key = rule?.KMSMasterKeyID
  if (!key || key === 'alias/aws/s3' || key.endsWith(':alias/aws/s3')) return { kind: 'managed' }
  if (key.startsWith('arn:') && key.includes(':key/')) return { kind: 'kms', keyArn: key }
  if (key.startsWith('alias/') || key.includes(':alias/')) return { kind: 'alias', alias: key }
  return { kind: 'kms', keyArn: kmsKeyArn(key, owner.region, owner.accountId, owner.partition) }
}
