import type { MotoAccess } from '../aws-clients.js'
import { faultFailure, type FaultFailure } from '../faults/outcome.js'
import type { FaultRegistry } from '../faults/registry.js'
import { keyNotFound, type KeyLookup } from '../iam/kms-keys.js'
import type { Refusal } from '../iam/access-decision.js'
import { kmsDenial } from '../iam/kms-permissions.js'
import { loadRole, principalOfRole, type RoleFacts } from '../iam/role-policies.js'
import { s3ActionRefusal } from '../iam/s3-access.js'
import { S3_PRINCIPAL, trustsService } from '../iam/trust-policy.js'
import { MotoRouteError } from '../moto-routes.js'
import { setReplicationStatus, writeReplica } from './moto-replica.js'
import type { ReplicationTarget, SourceVersion } from './rules.js'

/** What replicating needs from the sandbox. */
export interface ReplicationDeps {
  readonly access: MotoAccess
  readonly faults: FaultRegistry
  /** Finds KMS keys in moto's KMS, for the KMS permission checks. */
  readonly keys: KeyLookup
}

export type DestinationResult = { destination: string; ok: true } | ({ destination: string; ok: false } & FaultFailure)

export interface ReplicationOutcome {
  status: 'COMPLETED' | 'FAILED'
  results: DestinationResult[]
}

/**
 * Replicates one source version (object or delete marker) to its targets, as S3 Replication does
 * for live replication and Batch Replication alike, then records the source's status: COMPLETED
 * when every destination took it, FAILED when one did not (UG replication-status, "multiple
 * destination buckets"). A replica keeps the source's version ID, LastModified, data, metadata and
 * tags (UG replication), written through the sandbox's moto route (moto/s3seed_replication.py).
 *
 * Each replica write is one `Replication` operation for fault injection. With IAM enforcement on,
 * the configuration's role must trust s3.amazonaws.com and allow s3:GetObjectVersionForReplication
 * on the source and s3:ReplicateObject (s3:ReplicateDelete for delete markers) on the destination,
 * and for SSE-KMS kms:Decrypt on the source key and kms:Encrypt on the replica key
 * (UG setting-repl-config-perm-overview, replication-config-for-kms-objects). A bucket or key of
 * another account must also allow the role in its bucket or key policy (UG
 * replication-walkthrough-2, "destination buckets in different accounts"). A refusal fails that
 * destination with 403 AccessDenied, which makes the status FAILED ("missing replication role
 * permissions, AWS KMS permissions", UG replication-status). With enforcement off nothing is checked,
 * as moto checks nothing then.
 */
export async function replicateVersion(
  deps: ReplicationDeps,
  roleArn: string,
  source: SourceVersion,
  targets: ReplicationTarget[],
): Promise<ReplicationOutcome> {
  const role = deps.access.iamEnforcement ? await loadRole(deps.access, roleArn) : undefined
  const results: DestinationResult[] = []
  for (const target of targets) {
    const failure = await replicateTo(deps, role, source, target)
    results.push(failure === undefined ? { destination: target.destinationBucket, ok: true } : { destination: target.destinationBucket, ok: false, ...failure })
  }
  const status = results.every((result) => result.ok) ? 'COMPLETED' : 'FAILED'
  // A replica replicated onward by Batch Replication stays REPLICA [inferred]; delete markers carry no status.
  if (!source.deleteMarker && source.replicationStatus !== 'REPLICA') {
    await setReplicationStatus(deps.access, source, status).catch(() => {}) // the version may be gone by now
  }
  return { status, results }
}

async function replicateTo(
  deps: ReplicationDeps,
  role: RoleFacts | undefined,
  source: SourceVersion,
  target: ReplicationTarget,
): Promise<FaultFailure | undefined> {
  const fault = deps.faults.take('Replication', source.key)
  const injected = fault === undefined ? undefined : await faultFailure(fault)
  if (injected !== undefined) return injected
  if (role !== undefined) {
    const refused = await permissionDenial(deps, role, source, target)
    if (refused !== undefined) return refused
  }
  try {
    await writeReplica(deps.access, {
      sourceBucket: source.bucket,
      key: source.key,
      versionId: source.versionId,
      destinationBucket: target.destinationBucket,
      ...(target.storageClass === undefined ? {} : { storageClass: target.storageClass }),
      ...(target.replicaKmsKeyId === undefined ? {} : { kmsKeyId: target.replicaKmsKeyId }),
    })
    return undefined
  } catch (error) {
    if (error instanceof MotoRouteError) return { httpStatus: error.httpStatus, errorCode: error.code, message: error.message }
    return { httpStatus: 500, errorCode: 'InternalError', message: String(error) }
  }
}

async function permissionDenial(
  deps: ReplicationDeps,
  role: RoleFacts,
  source: SourceVersion,
  target: ReplicationTarget,
): Promise<Refusal | undefined> {
  if (!role.exists || !trustsService(role.trust, S3_PRINCIPAL)) {
    return {
      errorCode: 'AccessDenied',
      httpStatus: 403,
      message: `Unable to assume the replication role ${role.arn}: ${role.exists ? `its trust policy does not allow ${S3_PRINCIPAL} to call sts:AssumeRole` : 'the role does not exist'}.`,
    }
  }
  const { access } = deps
  const principal = principalOfRole(role)
  if (source.deleteMarker) return s3ActionRefusal(access, principal, 's3:ReplicateDelete', target.destinationBucket, source.key)
  const checks = [
    () => s3ActionRefusal(access, principal, 's3:GetObjectVersionForReplication', source.bucket, source.key),
    () => s3ActionRefusal(access, principal, 's3:ReplicateObject', target.destinationBucket, source.key),
  ]
  for (const check of checks) {
    const refused = await check()
    if (refused !== undefined) return refused
  }
  if (source.encryption?.startsWith('aws:kms') && source.kmsKeyId !== undefined) {
    const key = await deps.keys(source.kmsKeyId, access.region)
    if (key === undefined) return keyNotFound(source.kmsKeyId)
    const refused = kmsDenial(role, 'kms:Decrypt', key, source, access.region)
    if (refused !== undefined) return refused
  }
  if (target.replicaKmsKeyId !== undefined) {
    const key = await deps.keys(target.replicaKmsKeyId, access.region)
    if (key === undefined) return keyNotFound(target.replicaKmsKeyId)
    return kmsDenial(role, 'kms:Encrypt', key, { bucket: target.destinationBucket, key: source.key }, access.region)
  }
  return undefined
}
