/** `arn:aws:s3:::bucket` → `bucket`. Returns undefined for anything else. */
export function bucketFromArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:s3:[^:]*:[^:]*:([^/]+)$/.exec(arn)
  return match?.[1]
}

/** `arn:aws:s3:::bucket/path/to/key` → bucket and key (the key is taken literally, not decoded). */
export function objectFromArn(arn: string): { bucket: string; key: string } | undefined {
  const match = /^arn:[^:]+:s3:[^:]*:[^:]*:([^/]+)\/(.+)$/s.exec(arn)
  if (match?.[1] === undefined || match[2] === undefined) return undefined
  return { bucket: match[1], key: match[2] }
}

export function roleNameFromArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)
  return match?.[1]
}
