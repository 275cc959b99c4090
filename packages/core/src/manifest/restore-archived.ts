import { RestoreObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'

/**
 * Asks S3 to restore an archived object for `days` days, at the Bulk tier (the cheapest; hours for
 * GLACIER, up to 48 h for DEEP_ARCHIVE; UG restoring-objects). A restore already in progress
 * (RestoreAlreadyInProgress) is fine. Seed again once restores are done to copy the objects.
 */
export async function requestRestore(s3: S3Client, bucket: string, key: string, days: number): Promise<'requested' | 'in-progress'> {
  try {
    await s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: key, RestoreRequest: { Days: days, GlacierJobParameters: { Tier: 'Bulk' } } }))
    return 'requested'
  } catch (error) {
    if (awsErrorCode(error) === 'RestoreAlreadyInProgress') return 'in-progress'
    throw wrapAwsError(error, 'RestoreObject', `Requesting the restore of s3://${bucket}/${key}`, 'Allow s3:RestoreObject, or restore the objects yourself')
  }
}
