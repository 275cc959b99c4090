import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { createHash } from 'node:crypto'
import { awsErrorCode, wrapAwsError } from './aws-error.js'

/** The tag every s3-seed resource carries, so `s3-seed cleanup` can find them. */
export const MANAGED_TAG = { Key: 's3-seed:managed', Value: 'true' } as const

export const BATCH_OPERATIONS_PRINCIPAL = 'batchoperations.s3.amazonaws.com'

/**
 * The trust policy AWS documents for Batch Operations roles (UG batch-ops-iam-role-policies).
 * aws:SourceAccount/aws:SourceArn conditions are left out until their values for Batch Operations
 * are confirmed: a wrong condition would make every job fail to assume the role.
 */
export function trustPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: BATCH_OPERATIONS_PRINCIPAL }, Action: 'sts:AssumeRole' }],
  })
}

export interface RolePolicyScope {
  source: string
  destination: string
  manifest: { bucket: string; prefix: string }
  report?: { bucket: string; prefix: string }
  /** The KMS key the copies are encrypted with: the role must be able to use it. */
  kmsKeyId?: string
  /** S3 generates the manifest: it lists the source and writes the manifest with the role. */
  generatedManifest?: boolean
  /** An existing S3 Inventory report: manifest.json and its data files. */
  inventory?: { bucket: string; prefix: string }
}

/**
 * Least-privilege permissions for a copy job (UG batch-ops-iam-role-policies, "Copy objects"):
 * read the source objects with their ACLs and tags (version-specific actions included, for
 * manifests with VersionIds), write the destination objects and their ACLs and tags, read the
 * manifest, write the report.
 */
export function copyRolePolicy(scope: RolePolicyScope): string {
  const statements: object[] = [
    {
      Sid: 'ReadSourceObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: `arn:aws:s3:::${scope.source}/*`,
    },
    { Sid: 'ListSource', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${scope.source}` },
    {
      Sid: 'WriteDestinationObjects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectVersionAcl', 's3:PutObjectVersionTagging'],
      Resource: `arn:aws:s3:::${scope.destination}/*`,
    },
    {
      Sid: 'ReadManifest',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: `arn:aws:s3:::${scope.manifest.bucket}/${scope.manifest.prefix}*`,
    },
  ]
  if (scope.generatedManifest) {
    statements.push(
      { Sid: 'GenerateManifest', Effect: 'Allow', Action: 's3:PutInventoryConfiguration', Resource: `arn:aws:s3:::${scope.source}` },
      { Sid: 'WriteGeneratedManifest', Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${scope.manifest.bucket}/${scope.manifest.prefix}*` },
    )
  }
  if (scope.inventory) {
    statements.push({ Sid: 'ReadInventory', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::${scope.inventory.bucket}/${scope.inventory.prefix}*` })
  }
  if (scope.kmsKeyId) {
    statements.push({ Sid: 'EncryptCopies', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Resource: scope.kmsKeyId })
  }
  if (scope.report) {
    statements.push({ Sid: 'WriteReport', Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${scope.report.bucket}/${scope.report.prefix}*` })
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
}

/**
 * A stable role name per bucket pair: readable, at most 64 characters (IAM's limit), and the
 * same on every run so re-runs update the role instead of creating another.
 */
export function defaultRoleName(source: string, destination: string): string {
  const hash = createHash('sha256').update(`${source}\n${destination}`).digest('hex').slice(0, 10)
  return `s3-seed-${destination.slice(0, 40)}-${hash}`
}

export const ROLE_POLICY_NAME = 's3-seed-copy'

export interface EnsureRoleResult {
  arn: string
  /** Whether this call created the role (a new role needs time to propagate, see createJob). */
  created: boolean
}

/**
 * Creates the role if it does not exist, then (re)writes its inline policy, so a re-run with other
 * buckets updates the permissions instead of failing.
 */
export async function ensureRole(iam: IAMClient, roleName: string, policy: string): Promise<EnsureRoleResult> {
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
      throw wrapAwsError(error, 'CreateRole', `Creating IAM role ${roleName}`, 'Allow iam:CreateRole, or pass an existing role with --role-arn')
    }
  }
  try {
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME, PolicyDocument: policy }))
  } catch (error) {
    throw wrapAwsError(error, 'PutRolePolicy', `Writing the policy of IAM role ${roleName}`, 'Allow iam:PutRolePolicy, or pass an existing role with --role-arn')
  }
  if (arn === undefined) throw new Error(`IAM returned no ARN for role ${roleName}`)
  return { arn, created }
}
