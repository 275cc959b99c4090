import { GetBucketLocationCommand } from '@aws-sdk/client-s3'
import { s3ClientFor, type MotoAccess } from '../aws-clients.js'
import { loadRole } from '../iam/role-policies.js'
import type { CreateJobInput } from '../s3control/create-job-input.js'
import { badRequest } from '../s3control/errors.js'
import { BATCH_OPERATIONS_PRINCIPAL, trustsBatchOperations } from '../iam/trust-policy.js'

/**
 * The checks CreateJob makes against IAM and S3 before it accepts a job. AWS answers these
 * synchronously with a BadRequestException, rather than creating a job that then fails.
 */
export async function checkCreateJob(access: MotoAccess, input: CreateJobInput, region: string): Promise<void> {
  await checkRole(access, input.roleArn)
  if (input.operation.name === 'S3PutObjectCopy') {
    // Copy jobs run in the destination bucket's Region (UG batch-ops-copy-object).
    const targetRegion = await bucketRegion(access, input.operation.copy.targetBucket)
    if (targetRegion !== undefined && targetRegion !== region) {
      throw badRequest(
        `The job was created in ${region}, but copy jobs must be created in the destination bucket's Region (${targetRegion}).`,
      )
    }
  }
}

/** The role exists (in its account, with this very ARN, partition included) and trusts Batch Operations. */
async function checkRole(access: MotoAccess, roleArn: string): Promise<void> {
  const role = await loadRole(access, roleArn)
  if (!role.exists) throw badRequest(`Unable to assume role ${roleArn}: the role does not exist.`)
  if (!trustsBatchOperations(role.trust)) {
    throw badRequest(`Unable to assume role ${roleArn}: its trust policy does not allow ${BATCH_OPERATIONS_PRINCIPAL} to call sts:AssumeRole.`)
  }
}

async function bucketRegion(access: MotoAccess, bucket: string): Promise<string | undefined> {
  const s3 = s3ClientFor(access, access.admin)
  try {
    const { LocationConstraint } = await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))
    return LocationConstraint || 'us-east-1'
  } catch {
    return undefined // a missing bucket fails each task with NoSuchBucket, as on AWS
  } finally {
    s3.destroy()
  }
}
