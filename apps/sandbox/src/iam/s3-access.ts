import { s3Arn } from '../arn.js'
import type { MotoAccess } from '../aws-clients.js'
import { credentialScope } from '../http-request.js'
import { bucketOf, s3OperationName } from '../operation-name.js'
import { accessRefusal, type Refusal } from './access-decision.js'
import { bucketFacts, type BucketFacts } from './access-facts.js'
import type { Principal } from './resource-policy.js'
import { copySourceOf, s3Permissions, type S3RequestLine } from './s3-actions.js'

const ACCESS_DENIED: Refusal = { httpStatus: 403, errorCode: 'AccessDenied', message: 'Access Denied' }

/** Only the bucket owner's account may read or change a bucket policy (API PutBucketPolicy, GetBucketPolicy). */
const OWNER_ONLY = ['GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy']

/**
 * What S3 checks of a request before moto answers it, for an S3 client through the gateway and for
 * the job role's own calls alike (iam/role-s3-client.ts). `signer` finds who signed it (asked only
 * under IAM enforcement).
 *
 * Always: `x-amz-expected-bucket-owner` (and `x-amz-source-expected-bucket-owner` for the source of a
 * copy) must name the bucket's owner, else 403 AccessDenied (UG bucket-owner-condition); and a
 * bucket whose ObjectOwnership is BucketOwnerEnforced takes no ACL but bucket-owner-full-control
 * (400 AccessControlListNotSupported, UG about-object-ownership).
 *
 * With IAM enforcement on, the bucket policy: a request into another account's bucket needs the
 * caller's identity policy and the bucket policy to allow it, and a Deny in the bucket policy
 * applies to everyone (see accessRefusal). Within one account moto has checked the identity policy
 * already. Bucket policies of another account can be neither read nor changed (405 MethodNotAllowed).
 * `region` (default: the SigV4 scope's) is the request's `aws:RequestedRegion` (IAM UG
 * reference_policies_condition-keys).
 */
export async function s3RequestRefusal(
  access: MotoAccess,
  request: S3RequestLine,
  signer: () => Promise<Principal | undefined>,
  region = credentialScope(request.headers).region,
): Promise<Refusal | undefined> {
  const bucket = bucketOf(request.path)
  const operation = s3OperationName(request)
  if (bucket === undefined || operation === 'CreateBucket') return undefined
  const expected = header(request, 'x-amz-expected-bucket-owner')
  const sourceExpected = header(request, 'x-amz-source-expected-bucket-owner')
  const setsAcl = Object.keys(request.headers).some((name) => /^x-amz-(acl|grant-)/i.test(name)) || request.query.has('acl')
  if (expected === undefined && sourceExpected === undefined && !setsAcl && !access.iamEnforcement) return undefined
  const facts = new Map<string, Promise<BucketFacts | undefined>>()
  const factsOf = (name: string) => facts.get(name) ?? facts.set(name, bucketFacts(access, name)).get(name)!
  const target = await factsOf(bucket)
  if (target === undefined) return undefined // moto answers NoSuchBucket
  if (expected !== undefined && expected !== target.account) return ACCESS_DENIED
  const source = copySourceOf(request)
  if (source !== undefined && sourceExpected !== undefined) {
    const sourceOwner = (await factsOf(source.bucket))?.account
    if (sourceOwner !== undefined && sourceOwner !== sourceExpected) return ACCESS_DENIED
  }
  const writes = request.method === 'PUT' || request.method === 'POST'
  if (setsAcl && writes && target.ownership === 'BucketOwnerEnforced' && header(request, 'x-amz-acl') !== 'bucket-owner-full-control') {
    return { httpStatus: 400, errorCode: 'AccessControlListNotSupported', message: 'The bucket does not allow ACLs' }
  }
  if (!access.iamEnforcement) return undefined
  const principal = await signer()
  if (principal === undefined) return undefined // moto refuses unknown keys itself
  if (OWNER_ONLY.includes(operation) && principal.account !== target.account) {
    return { httpStatus: 405, errorCode: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.' }
  }
  for (const permission of s3Permissions(request)) {
    const owner = await factsOf(permission.bucket)
    if (owner === undefined) continue
    const refused = bucketAccessRefusal(principal, permission.action, owner, permission.key, true, region)
    if (refused !== undefined) return refused
  }
  return undefined
}

/**
 * Whether a principal may do an S3 action on a bucket or object, by its identity policies and the
 * bucket policy, for the permissions the sandbox checks itself (replication, Batch Replication).
 */
export async function s3ActionRefusal(access: MotoAccess, principal: Principal, action: string, bucket: string, key?: string): Promise<Refusal | undefined> {
  const owner = await bucketFacts(access, bucket)
  if (owner === undefined) return undefined // the write itself fails NoSuchBucket
  return bucketAccessRefusal(principal, action, owner, key, false)
}

function bucketAccessRefusal(
  principal: Principal,
  action: string,
  bucket: BucketFacts,
  key: string | undefined,
  identityChecked: boolean,
  region?: string,
): Refusal | undefined {
  const resource = s3Arn(bucket.partition, bucket.name, key)
  const context = region === undefined ? {} : { 'aws:RequestedRegion': region }
  return accessRefusal({ principal, action, resource, owner: bucket.account, resourcePolicy: bucket.policy, identityChecked, context })
}

/** A header of the request; names are lower case (Node's IncomingMessage, and role-s3-client.ts). */
function header(request: S3RequestLine, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}
