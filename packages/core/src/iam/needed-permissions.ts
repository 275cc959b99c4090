import { bucketArn, objectArn, placeArn } from '../layout.js'
import type { SeedPlan } from '../plan.js'
import { BATCH_OPERATIONS_PRINCIPAL, type BucketOwnerIds, type JobKind } from './role-policy.js'
import type { PermissionQuestion } from './simulate.js'

/** A permission and why s3-seed needs it, for the message when it is missing. */
export interface NeededPermission extends PermissionQuestion {
  why: string
}

/** Where the caller's calls go: the plan's buckets with their owners and Regions, and the job's role. */
export interface CallerScope {
  accountId: string
  partition: string
  owners: BucketOwnerIds
  regions: { source: string; destination: string; manifest: string; report: string }
  /** The Region the job runs in (copy: the destination's; Batch Replication: the source's). */
  jobRegion: string
  roleArn: string
  /** Whether s3-seed creates or updates the role (no --role-arn). */
  managedRole: boolean
  /** A copy under a live replication rule, which checks and repairs the keys written meanwhile (seed/converge.ts). */
  converges: boolean
}

/**
 * Every call the caller makes for a seeding of this kind, on its exact resource (the README's list
 * of permissions, pair by pair; Service Authorization Reference for S3, IAM). S3 requests carry the
 * bucket owner's account as `s3:ResourceAccount` and their Region as `aws:RequestedRegion` (IAM UG
 * reference_policies_condition-keys), PassRole its service as `iam:PassedToService` (IAM UG
 * id_roles_use_passrole), for policies that condition on them.
 */
export function callerPermissions(plan: SeedPlan, kind: JobKind, scope: CallerScope): NeededPermission[] {
  const { partition, owners } = scope
  const needed: NeededPermission[] = []
  const { regions } = scope
  const s3 = (action: string, resource: string, where: keyof BucketOwnerIds, why: string) =>
    needed.push({ action, resource, context: { 's3:ResourceAccount': owners[where], 'aws:RequestedRegion': regions[where] }, why })
  for (const action of ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetReplicationConfiguration', 's3:GetEncryptionConfiguration']) {
    s3(action, bucketArn(plan.source, partition), 'source', 'to read the source bucket')
  }
  for (const action of ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetEncryptionConfiguration']) {
    s3(action, bucketArn(plan.destination, partition), 'destination', 'to read the destination bucket')
  }
  if (kind === 'list') {
    s3('s3:PutObject', objectArn(plan.manifest.bucket, plan.manifest.key, partition), 'manifest', 'to upload the manifest')
    s3('s3:ListBucketMultipartUploads', bucketArn(plan.manifest.bucket, partition), 'manifest', 'to find manifest uploads a killed run left')
  }
  if (plan.report.enabled) s3('s3:GetObject', placeArn({ bucket: plan.report.bucket, prefix: plan.report.prefix }, partition), 'report', 'to read the completion report')
  if (scope.converges) {
    s3('s3:ListBucketVersions', bucketArn(plan.source, partition), 'source', 'to check the keys written during the copy')
    s3('s3:DeleteObjectVersion', objectArn(plan.destination, `${plan.prefix}*`, partition), 'destination', 'to remove its own copies that landed late')
  }
  if (scope.managedRole) {
    for (const action of ['iam:GetRole', 'iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy']) needed.push({ action, resource: scope.roleArn, why: "to create or update the job's role" })
  }
  needed.push({ action: 'iam:PassRole', resource: scope.roleArn, context: { 'iam:PassedToService': BATCH_OPERATIONS_PRINCIPAL }, why: 'to give the job its role' })
  // Jobs are regional: a policy may allow them in some Regions only (aws:RequestedRegion).
  const inJobRegion = { 'aws:RequestedRegion': scope.jobRegion }
  const jobs = `arn:${partition}:s3:${scope.jobRegion}:${scope.accountId}:job/*`
  needed.push({ action: 's3:CreateJob', resource: '*', context: inJobRegion, why: `to create the Batch Operations job in ${scope.jobRegion}` })
  needed.push({ action: 's3:ListJobs', resource: '*', context: inJobRegion, why: 'to find a job already running for the pair' })
  needed.push({ action: 's3:DescribeJob', resource: jobs, context: inJobRegion, why: 'to follow the job' })
  return needed
}

/**
 * What the job's role must be allowed: every action of the policy s3-seed would give it
 * (iam/role-policy.ts), on each resource, with the condition keys the requests carry: the bucket's
 * owner for S3, and `kms:ViaService` for KMS keys S3 uses on the role's behalf (KMS DG
 * conditions-kms, kms:ViaService).
 */
export function rolePermissions(policy: string): NeededPermission[] {
  const statements = [(JSON.parse(policy) as { Statement: RoleStatement | RoleStatement[] }).Statement].flat()
  const needed: NeededPermission[] = []
  for (const statement of statements) {
    const owner = statement.Condition?.StringEquals?.['s3:ResourceAccount']
    for (const action of [statement.Action].flat()) {
      for (const resource of [statement.Resource].flat()) {
        const region = /^arn:[^:]+:kms:([^:]+):/.exec(resource)?.[1]
        const context = region !== undefined ? { 'kms:ViaService': `s3.${region}.amazonaws.com` } : owner !== undefined ? { 's3:ResourceAccount': owner } : undefined
        needed.push({ action, resource, ...(context === undefined ? {} : { context }), why: statement.Sid ?? 'for the job' })
      }
    }
  }
  return needed
}

interface RoleStatement {
  Sid?: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: { StringEquals?: Record<string, string> }
}
