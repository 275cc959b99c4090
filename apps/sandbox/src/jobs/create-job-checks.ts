import { GetBucketLocationCommand } from '@aws-sdk/client-s3'
import { GetRoleCommand } from '@aws-sdk/client-iam'
import { roleNameFromArn } from '../arn.js'
import { describeAwsError, iamClientFor, s3ClientFor, type MotoAccess } from '../aws-clients.js'
import type { CreateJobInput } from '../s3control/create-job-input.js'
import { badRequest, S3ControlError } from '../s3control/errors.js'
import { BATCH_OPERATIONS_PRINCIPAL, trustsBatchOperations, type TrustPolicy } from '../iam/trust-policy.js'

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

async function checkRole(access: MotoAccess, roleArn: string): Promise<void> {
  const roleName = roleNameFromArn(roleArn)
  const iam = iamClientFor(access)
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }))
    const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '{}')) as TrustPolicy
    if (!trustsBatchOperations(trust)) {
      throw badRequest(
        `Unable to assume role ${roleArn}: its trust policy does not allow ${BATCH_OPERATIONS_PRINCIPAL} to call sts:AssumeRole.`,
      )
    }
  } catch (error) {
    if (error instanceof S3ControlError) throw error
    const { code } = describeAwsError(error)
    if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') {
      throw badRequest(`Unable to assume role ${roleArn}: the role does not exist.`)
    }
    throw error
  } finally {
    iam.destroy()
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
