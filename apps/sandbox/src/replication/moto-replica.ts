import type { MotoAccess } from '../aws-clients.js'
import { postMotoRoute } from '../moto-routes.js'

/**
 * Client for the private replication routes the sandbox adds to moto (moto/s3seed_replication.py,
 * patch 4 in moto/launch.py): writing a replica that keeps the source version's ID and date, and
 * setting a version's x-amz-replication-status. Errors are MotoRouteError.
 */
export type ReplicationStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REPLICA'

export interface ReplicaInput {
  sourceBucket: string
  key: string
  versionId: string
  destinationBucket: string
  storageClass?: string
  kmsKeyId?: string
}

export async function writeReplica(
  access: MotoAccess,
  input: ReplicaInput,
): Promise<{ versionId: string; lastModified: string; deleteMarker: boolean }> {
  return (await postMotoRoute(access, 'replica', input)) as { versionId: string; lastModified: string; deleteMarker: boolean }
}

export async function setReplicationStatus(
  access: MotoAccess,
  version: { bucket: string; key: string; versionId: string },
  status: ReplicationStatus,
): Promise<void> {
  await postMotoRoute(access, 'replication-status', { bucket: version.bucket, key: version.key, versionId: version.versionId, status })
}
