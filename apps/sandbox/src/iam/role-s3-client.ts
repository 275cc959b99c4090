import { S3ServiceException, type S3Client } from '@aws-sdk/client-s3'
import { s3ClientFor, type Credentials, type MotoAccess } from '../aws-clients.js'
import { principalOf } from './access-facts.js'
import type { Principal } from './resource-policy.js'
import { s3RequestRefusal } from './s3-access.js'

/** The parts of the SDK's HTTP request (@smithy/protocol-http HttpRequest) the access check reads. */
interface BuiltRequest {
  method: string
  path: string
  query?: Record<string, string | string[] | null>
  headers: Record<string, string>
  body?: unknown
}

/**
 * An S3 client acting as a job's role, whose calls get the checks S3 makes before moto answers
 * (s3RequestRefusal: expected bucket owners, ACLs on BucketOwnerEnforced buckets, and under IAM
 * enforcement the bucket policies of other accounts). The job engine's calls go straight to moto,
 * not through the gateway, so each is checked here as it is built, and a refusal surfaces as the
 * S3 error the SDK would have parsed (code, status, message). The role's identity policies are read
 * once per client, that is per job [sandbox: a role policy changed while the job runs is not seen by
 * it, as with the job's KMS checks; AWS applies the change once IAM has propagated it].
 */
export function roleS3Client(access: MotoAccess, credentials: Credentials, region: string): S3Client {
  const client = s3ClientFor(access, credentials, region)
  let role: Promise<Principal | undefined> | undefined
  const signer = () => (role ??= principalOf(access, credentials.accessKeyId))
  client.middlewareStack.add(
    (next) => async (args) => {
      const built = args.request as BuiltRequest
      const query = new URLSearchParams()
      for (const [name, value] of Object.entries(built.query ?? {})) for (const item of [value ?? ''].flat()) query.append(name, item)
      const headers = Object.fromEntries(Object.entries(built.headers).map(([name, value]) => [name.toLowerCase(), value]))
      const body = typeof built.body === 'string' || Buffer.isBuffer(built.body) ? built.body : undefined
      const refused = await s3RequestRefusal(access, { method: built.method, path: built.path, query, headers, ...(body === undefined ? {} : { body }) }, signer, region)
      if (refused !== undefined) {
        throw new S3ServiceException({ name: refused.errorCode, $fault: 'client', $metadata: { httpStatusCode: refused.httpStatus }, message: refused.message })
      }
      return next(args)
    },
    { step: 'build', name: 's3SeedSandboxAccessCheck' },
  )
  return client
}
