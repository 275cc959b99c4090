import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  paginateListRoles,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { DeleteObjectsCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../aws/aws-error.js'
import { DEFAULT_MANIFEST_PREFIX, MANAGED_TAG, ROLE_NAME_PREFIX } from '../layout.js'

/** The IAM roles s3-seed created: named `s3-seed-…` and tagged `s3-seed:managed=true`. */
export async function findManagedRoles(iam: IAMClient): Promise<string[]> {
  const names: string[] = []
  try {
    for await (const page of paginateListRoles({ client: iam }, {})) {
      for (const role of page.Roles ?? []) {
        if (!role.RoleName?.startsWith(ROLE_NAME_PREFIX)) continue
        const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }))
        if (Tags?.some((tag) => tag.Key === MANAGED_TAG.Key && tag.Value === MANAGED_TAG.Value)) names.push(role.RoleName)
      }
    }
  } catch (error) {
    throw wrapAwsError(error, 'ListRoles', 'Listing IAM roles')
  }
  return names
}

/** Deletes a role and its inline policies (IAM refuses to delete a role that still has them). */
export async function deleteRole(iam: IAMClient, roleName: string): Promise<void> {
  try {
    const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))
    for (const policyName of PolicyNames ?? []) {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))
    }
    await iam.send(new DeleteRoleCommand({ RoleName: roleName }))
  } catch (error) {
    throw wrapAwsError(error, 'DeleteRole', `Deleting IAM role ${roleName}`)
  }
}

/** Deletes s3-seed's manifests (not its reports) from a bucket. Returns how many objects went. */
export async function deleteManifests(s3: S3Client, bucket: string): Promise<number> {
  let deleted = 0
  try {
    // A page holds at most 1,000 keys, as many as one DeleteObjects takes (S3 API DeleteObjects).
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: DEFAULT_MANIFEST_PREFIX })) {
      const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }))
      if (keys.length > 0) {
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }))
        deleted += keys.length
      }
    }
  } catch (error) {
    throw wrapAwsError(error, 'DeleteObjects', `Deleting s3-seed manifests from ${bucket}`)
  }
  return deleted
}
