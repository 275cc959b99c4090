/**
 * ARNs, in the partition of the sandbox's Region: `aws`, `aws-cn` (cn-*) or `aws-us-gov` (us-gov-*)
 * (AWS General Reference, "Amazon Resource Names": arn:partition:service:region:account-id:resource).
 * Every ARN the sandbox builds comes from here, and the parsers below take a partition to insist on.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

/** `arn:<partition>:s3:::bucket`, or `…:bucket/key` for an object (the key as is). */
export function s3Arn(partition: string, bucket: string, key?: string): string {
  return `arn:${partition}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`
}

/** A KMS key (`key/<id>`) or alias (`alias/<name>`) ARN. */
export function kmsArn(partition: string, region: string, accountId: string, resource: string): string {
  return `arn:${partition}:kms:${region}:${accountId}:${resource}`
}

/** An S3 Batch Operations job's ARN. */
export function jobArn(partition: string, region: string, accountId: string, jobId: string): string {
  return `arn:${partition}:s3:${region}:${accountId}:job/${jobId}`
}

/** The account root principal, `arn:<partition>:iam::<account>:root`. */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`
}

/** The partition and account of any ARN (the account is '' for S3 buckets and objects). */
export function arnParts(arn: string): { partition: string; accountId: string } | undefined {
  const match = /^arn:([^:]+):[^:]*:[^:]*:([^:]*):/.exec(arn)
  return match ? { partition: match[1] as string, accountId: match[2] as string } : undefined
}

/** `arn:aws:s3:::bucket` → `bucket`. Undefined for anything else, or for another partition than `partition`. */
export function bucketFromArn(arn: string, partition?: string): string | undefined {
  const match = /^arn:([^:]+):s3:[^:]*:[^:]*:([^/]+)$/.exec(arn)
  return match && inPartition(match[1], partition) ? match[2] : undefined
}

/** `arn:aws:s3:::bucket/path/to/key` → bucket and key (the key is taken literally, not decoded). */
export function objectFromArn(arn: string, partition?: string): { bucket: string; key: string } | undefined {
  const match = /^arn:([^:]+):s3:[^:]*:[^:]*:([^/]+)\/(.+)$/s.exec(arn)
  if (match?.[2] === undefined || match[3] === undefined || !inPartition(match[1], partition)) return undefined
  return { bucket: match[2], key: match[3] }
}

export function roleNameFromArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)
  return match?.[1]
}

function inPartition(actual: string | undefined, wanted: string | undefined): boolean {
  return wanted === undefined || actual === wanted
}
