import type { MotoAccess } from '../aws-clients.js'

/**
 * Client for the private replication routes the sandbox adds to moto (moto/s3seed_replication.py,
 * patch 4 in moto/launch.py): writing a replica that keeps the source version's ID and date, and
 * setting a version's x-amz-replication-status. Only the sandbox calls them, on loopback.
 */
export type ReplicationStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REPLICA'

export class MotoRouteError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message)
  }
}

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
  return (await post(access, 'replica', input)) as { versionId: string; lastModified: string; deleteMarker: boolean }
}

export async function setReplicationStatus(
  access: MotoAccess,
  version: { bucket: string; key: string; versionId: string },
  status: ReplicationStatus,
): Promise<void> {
  await post(access, 'replication-status', { ...version, status })
}

async function post(access: MotoAccess, route: string, payload: object): Promise<unknown> {
  const response = await fetch(`${access.endpoint}/moto-api/s3-seed/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  })
  const text = await response.text()
  let body: { code?: string; message?: string } = {}
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    // moto answers an HTML page when the route itself crashed; keep the status.
  }
  if (!response.ok) {
    throw new MotoRouteError(body.code ?? 'InternalError', response.status, body.message ?? `moto /moto-api/s3-seed/${route} failed with ${response.status}`)
  }
  return body
}
