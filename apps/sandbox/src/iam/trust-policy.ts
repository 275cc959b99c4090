/** The service principal S3 Batch Operations assumes a job's role as (UG batch-ops-iam-role-policies). */
export const BATCH_OPERATIONS_PRINCIPAL = 'batchoperations.s3.amazonaws.com'

/** The service principal S3 Replication assumes the replication configuration's role as (UG setting-repl-config-perm-overview). */
export const S3_PRINCIPAL = 's3.amazonaws.com'

/** The parts of an IAM role trust policy that decide who may assume the role. */
export interface TrustPolicy {
  Statement?: TrustStatement | TrustStatement[]
}
interface TrustStatement {
  Effect?: string
  Action?: string | string[]
  Principal?: { Service?: string | string[] } | string
}

/** Whether some Allow statement lets the service principal call sts:AssumeRole. */
export function trustsService(policy: TrustPolicy, service: string): boolean {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : []
  return statements.some((statement) => {
    const actions = [statement.Action ?? []].flat()
    const services = typeof statement.Principal === 'object' ? [statement.Principal.Service ?? []].flat() : []
    return (
      statement.Effect === 'Allow' &&
      actions.some((action) => action === 'sts:AssumeRole' || action === 'sts:*' || action === '*') &&
      services.includes(service)
    )
  })
}

/** Whether some Allow statement lets the Batch Operations principal call sts:AssumeRole. */
export function trustsBatchOperations(policy: TrustPolicy): boolean {
  return trustsService(policy, BATCH_OPERATIONS_PRINCIPAL)
}
