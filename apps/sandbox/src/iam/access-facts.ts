import type { MotoAccess } from '../aws-clients.js'
import type { SandboxRequest } from '../http-request.js'
import { lookUpByMotoRoute } from '../moto-routes.js'
import type { PolicyDocument } from './policy-evaluator.js'
import type { Principal } from './resource-policy.js'

/** Who owns a bucket, and what it says of access to it. */
export interface BucketFacts {
  name: string
  account: string
  partition: string
  region: string
  /** Its bucket policy, if it has one. */
  policy: PolicyDocument | undefined
  /** Its ObjectOwnership setting (BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter), if it has one. */
  ownership: string | undefined
}

/**
 * The owner, bucket policy and object ownership of any account's bucket, from moto's global bucket
 * index (moto/s3seed_accounts.py); undefined when there is no such bucket.
 */
export async function bucketFacts(access: MotoAccess, bucket: string): Promise<BucketFacts | undefined> {
  const found = (await lookUpByMotoRoute(access, 'bucket', { bucket })) as
    | { account: string; partition: string; region: string; policy: string | null; ownership: string | null }
    | undefined
  if (found === undefined) return undefined
  return {
    name: bucket,
    account: found.account,
    partition: found.partition,
    region: found.region,
    policy: found.policy === null ? undefined : parsePolicyText(found.policy),
    ownership: found.ownership ?? undefined,
  }
}

/** Who signs with an access key: account, ARN (a role's for its sessions) and identity policies; undefined if nobody. */
export async function principalOf(access: MotoAccess, accessKeyId: string | undefined): Promise<Principal | undefined> {
  if (accessKeyId === undefined) return undefined
  return (await lookUpByMotoRoute(access, 'principal', { accessKeyId })) as Principal | undefined
}

/** An identity policy of an IAM entity, as IAM's policy simulator names it in MatchedStatements. */
export interface NamedPolicy {
  /** The inline policy's name, or the managed policy's name. */
  id: string
  /** SourcePolicyType: `user`, `group`, `role` (inline), `user-managed` or `aws-managed`. */
  type: string
  document: PolicyDocument
}

/** An IAM user, role or group with its identity policies (a user's include its groups'). */
export interface IamEntity {
  account: string
  partition: string
  arn: string
  kind: 'user' | 'role' | 'group'
  policies: NamedPolicy[]
}

/**
 * The user, role or group an ARN names, in the account and partition the ARN names, from moto's
 * IAM (moto/s3seed_accounts.py); undefined when there is none (IAM's NoSuchEntity).
 */
export async function iamEntity(access: MotoAccess, arn: string): Promise<IamEntity | undefined> {
  return (await lookUpByMotoRoute(access, 'entity', { arn })) as IamEntity | undefined
}

/** The access key of a SigV4 request: from its Authorization header, or a presigned URL's X-Amz-Credential. */
export function accessKeyOf(request: Pick<SandboxRequest, 'headers' | 'query'>): string | undefined {
  const authorization = request.headers.authorization
  const credential = /Credential=([^/,\s]+)\//.exec(typeof authorization === 'string' ? authorization : '')?.[1]
  return credential ?? request.query.get('X-Amz-Credential')?.split('/')[0]
}

/** A policy as text; a policy that does not parse grants nothing. */
export function parsePolicyText(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text) as PolicyDocument
  } catch {
    return { Statement: [] }
  }
}
