import { objectArn, placeArn } from '../layout.js'
import type { SeedPlan } from '../plan.js'
import { policyAllows, type PolicyAnswer } from './resource-policy.js'
import type { JobKind } from './role-policy.js'

/** One permission the job's role needs in a bucket of another account. */
export interface Grant {
  action: string
  resource: string
}

/**
 * What the job's role does in the destination bucket: write the copies under the prefix (copy jobs),
 * and write the report when it goes there. A bucket in another account must allow these in its
 * bucket policy as well as the role's own policy allowing them (UG how-s3-evaluates-access-control,
 * "cross-account"); s3-seed writes the role's policy, the destination's owner the bucket policy.
 */
export function destinationGrants(plan: SeedPlan, kind: JobKind, partition: string): Grant[] {
  const grants: Grant[] = []
  if (kind !== 'replicate') {
    const objects = objectArn(plan.destination, `${plan.prefix}*`, partition)
    for (const action of ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging']) grants.push({ action, resource: objects })
  }
  if (plan.report.enabled && plan.report.bucket === plan.destination) {
    grants.push({ action: 's3:PutObject', resource: placeArn({ bucket: plan.report.bucket, prefix: plan.report.prefix }, partition) })
  }
  return grants
}

/** The bucket policy statement that grants them, to print for the destination's owner. */
export function bucketPolicyStatement(roleArn: string, grants: Grant[]): object {
  return {
    Sid: 'AllowS3SeedJobRole',
    Effect: 'Allow',
    Principal: { AWS: roleArn },
    Action: [...new Set(grants.map((grant) => grant.action))],
    Resource: [...new Set(grants.map((grant) => grant.resource))],
  }
}

/** What the copies need of a destination's SSE-KMS key in another account (KMS Developer Guide, key-policy-modifying-external-accounts). */
export function keyGrants(keyArn: string): Grant[] {
  return ['kms:GenerateDataKey', 'kms:Encrypt'].map((action) => ({ action, resource: keyArn }))
}

/** The key policy statement that grants them: in a key policy, `*` is the key itself. */
export function keyPolicyStatement(roleArn: string, grants: Grant[]): object {
  return { Sid: 'AllowS3SeedJobRoleToUseKey', Effect: 'Allow', Principal: { AWS: roleArn }, Action: grants.map((grant) => grant.action), Resource: '*' }
}

/** What a resource policy answers for every grant: allowed only when all are, denied when one is. */
export function policyAnswer(policy: string | undefined, roleArn: string, grants: Grant[]): PolicyAnswer {
  const answers = grants.map((grant) => policyAllows(policy, { principalArn: roleArn, action: grant.action, resource: grant.resource }))
  return answers.includes('denied') ? 'denied' : answers.includes('unknown') ? 'unknown' : 'allowed'
}
