import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, type IAMClient, type Role } from '@aws-sdk/client-iam'
import { awsErrorCode, wrapAwsError } from '../aws/aws-error.js'
import { InvalidInputError } from '../errors.js'
import { MANAGED_TAG } from '../layout.js'
import { BATCH_OPERATIONS_PRINCIPAL, trustPolicy } from './role-policy.js'

export interface EnsureRoleResult {
  arn: string
  /** Whether this call created the role (a new role needs time to propagate, see createJob). */
  created: boolean
}

/**
 * Creates the role if it does not exist, then (re)writes this pair's inline policy, so a re-run with
 * other buckets updates the permissions instead of failing. An existing role is only ever written to
 * when it is s3-seed's own: it carries the s3-seed:managed tag and trusts Batch Operations alone.
 * Any other role is refused before anything is changed: writing a policy onto someone's role would
 * widen what it may do.
 */
export async function ensureRole(iam: IAMClient, roleName: string, policy: { name: string; document: string }): Promise<EnsureRoleResult> {
  let arn: string | undefined
  let created = false
  try {
    const { Role: existing } = await iam.send(new GetRoleCommand({ RoleName: roleName }))
    if (existing !== undefined) refuseForeignRole(existing)
    arn = existing?.Arn
  } catch (error) {
    if (error instanceof InvalidInputError) throw error
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
      const { Role: raced } = await iam.send(new GetRoleCommand({ RoleName: roleName }))
      if (raced !== undefined) refuseForeignRole(raced)
      arn = raced?.Arn
    }
  }
  try {
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policy.name, PolicyDocument: policy.document }))
  } catch (error) {
    if (awsErrorCode(error) === 'LimitExceeded' || awsErrorCode(error) === 'LimitExceededException') {
      throw new InvalidInputError(
        `IAM role ${roleName} is shared by too many pairs: their policies together exceed IAM's 10,240-character limit for a role's inline policies. Give pairs their own roles (leave out --role-name, or name one per group of pairs).`,
        '--role-name',
      )
    }
    throw wrapAwsError(error, 'PutRolePolicy', `Writing the policy of IAM role ${roleName}`, 'Allow iam:PutRolePolicy, or pass an existing role with --role-arn')
  }
  if (arn === undefined) throw new Error(`IAM returned no ARN for role ${roleName}`)
  return { arn, created }
}

/** Refuses a role s3-seed did not create: no s3-seed:managed tag, or trust in anything but Batch Operations. */
function refuseForeignRole(role: Role): void {
  const tagged = role.Tags?.some((tag) => tag.Key === MANAGED_TAG.Key && tag.Value === MANAGED_TAG.Value) ?? false
  const why = !tagged ? `it does not carry s3-seed's ${MANAGED_TAG.Key} tag` : !trustsBatchOperationsOnly(role.AssumeRolePolicyDocument) ? `its trust policy allows more than ${BATCH_OPERATIONS_PRINCIPAL}` : undefined
  if (why === undefined) return
  throw new InvalidInputError(
    `IAM role ${role.RoleName} exists and is not s3-seed's own (${why}), so s3-seed will not change it. Run with your role unchanged with --role-arn ${role.Arn ?? '<arn>'}, or choose another --role-name.`,
    '--role-name',
  )
}

/** The trust policy (URL-encoded JSON, as IAM returns it) lets Batch Operations assume the role, and nobody else. */
function trustsBatchOperationsOnly(document: string | undefined): boolean {
  if (document === undefined) return false
  try {
    const { Statement } = JSON.parse(decodeURIComponent(document)) as { Statement?: unknown }
    const statements = (Array.isArray(Statement) ? Statement : [Statement]) as Array<{ Effect?: string; Principal?: unknown }>
    return statements.every((statement) => {
      if (statement.Effect !== 'Allow') return true
      const principal = statement.Principal as { Service?: unknown } | undefined
      const keys = Object.keys(principal ?? {})
      const services = [principal?.Service].flat()
      return keys.length === 1 && keys[0] === 'Service' && services.every((service) => service === BATCH_OPERATIONS_PRINCIPAL)
    })
  } catch {
    return false
  }
}
