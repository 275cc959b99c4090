import { IAMClient } from '@aws-sdk/client-iam'
import { S3Client } from '@aws-sdk/client-s3'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { arnParts } from './arn.js'

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Where the sandbox's job engine and replication reach moto, as whom, and what they must check. */
export interface MotoAccess {
  endpoint: string
  region: string
  /** The Region's partition (`aws`, `aws-cn`, `aws-us-gov`), for every ARN the sandbox builds. */
  partition: string
  /** The sandbox's first account. */
  accountId: string
  /** The admin of the first account. */
  admin: Credentials
  /** Each account's admin (the first account's included), by account ID. */
  accounts: Map<string, Credentials>
  /**
   * Whether moto's IAM enforcement is on. The permissions moto does not check (replication actions,
   * KMS key use by S3) are checked by the sandbox only then, as moto checks nothing when it is off.
   */
  iamEnforcement: boolean
}

export function s3ClientFor(access: MotoAccess, credentials: Credentials, region = access.region): S3Client {
  return new S3Client({
    endpoint: access.endpoint,
    region,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    // moto does not validate checksums; skipping them keeps task calls cheap.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/** IAM as an account's admin (default: the first account's). */
export function iamClientFor(access: MotoAccess, admin: Credentials = access.admin): IAMClient {
  return new IAMClient({ endpoint: access.endpoint, region: access.region, credentials: admin, maxAttempts: 1 })
}

/**
 * Credentials for a role, as S3 Batch Operations gets them: it assumes the job's role, so tasks
 * can do exactly what that role's policies allow (visible when IAM enforcement is on).
 */
export async function assumeRole(access: MotoAccess, roleArn: string, sessionName: string): Promise<Credentials> {
  const admin = access.accounts.get(arnParts(roleArn)?.accountId ?? '') ?? access.admin
  const sts = new STSClient({ endpoint: access.endpoint, region: access.region, credentials: admin, maxAttempts: 1 })
  try {
    const { Credentials: issued } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }),
    )
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error(`AssumeRole returned no credentials for ${roleArn}`)
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken === undefined ? {} : { sessionToken: issued.SessionToken }),
    }
  } finally {
    sts.destroy()
  }
}

/** Error code, HTTP status and message of an SDK error, for task results and failure reasons. */
export function describeAwsError(error: unknown): { code: string; status: number; message: string } {
  const candidate = error as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  const status = candidate.$metadata?.httpStatusCode ?? 500
  let code = candidate.Code ?? candidate.name ?? 'InternalError'
  // HEAD responses carry no body, so the SDK can only guess a name from the status.
  if (['NotFound', 'Forbidden', 'Unknown', 'UnknownError'].includes(code)) {
    code = status === 404 ? 'NoSuchKey' : status === 403 ? 'AccessDenied' : code
  }
  return { code, status, message: candidate.message ?? String(error) }
}
