import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { MANAGED_TAG } from '../layout.js'
import { trustPolicy } from './role-policy.js'

export interface EnsureRoleResult {
  arn: string
  /** Whether this call created the role (a new role needs time to propagate, see createJob). */
  created: boolean
}

/**
 * Creates the role if it does not exist, then (re)writes its inline policy, so a re-run with other
 * buckets updates the permissions instead of failing.
 */
export async function ensureRole(iam: IAMClient, roleName: string, policy: { name: string; document: string }): Promise<EnsureRoleResult> {
  let arn: string | undefined
  let created = false
  try {
    arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn
  } catch (error) {
    if (awsErrorCode(error) !== 'NoSuchEntityException' && awsErrorCode(error) !== 'NoSuchEntity') {
      throw wrapAwsError(error, 'GetRole', `Reading IAM role ${roleName}`)
    }
  }
  if (arn === undefined) {
    try {
      const response = await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: trustPolicy(),
          Description: 'S3 Batch Operations role created by s3-seed to copy objects between buckets.',
          Tags: [MANAGED_TAG],
        }),
      )
      arn = response.Role?.Arn
      created = true
    } catch (error) {
      // Another pair of this run (same buckets, another prefix) created it a moment ago.
      if (awsErrorCode(error) !== 'EntityAlreadyExists' && awsErrorCode(error) !== 'EntityAlreadyExistsException') {
        throw wrapAwsError(error, 'CreateRole', `Creating IAM role ${roleName}`, 'Allow iam:CreateRole, or pass an existing role with --role-arn')
      }
      arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn
    }
  }
  try {
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policy.name, PolicyDocument: policy.document }))
  } catch (error) {
    throw wrapAwsError(error, 'PutRolePolicy', `Writing the policy of IAM role ${roleName}`, 'Allow iam:PutRolePolicy, or pass an existing role with --role-arn')
  }
  if (arn === undefined) throw new Error(`IAM returned no ARN for role ${roleName}`)
  return { arn, created }
}
