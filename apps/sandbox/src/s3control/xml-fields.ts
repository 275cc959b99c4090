import { bucketFromArn } from '../arn.js'
import { members, text, type XmlNode } from '../xml.js'
import { badRequest } from './errors.js'

/*
 * Typed readers for single request fields. Each one rejects a bad value with a BadRequestException
 * that names the field, so the section parsers read as a list of fields rather than a list of checks.
 */

export function required(node: XmlNode | XmlNode[] | undefined, name: string, label = name): string {
  const value = text(node, name)
  if (value === undefined || value === '') throw badRequest(`${label} is required.`)
  return value
}

export function strings(node: XmlNode | XmlNode[] | undefined, name: string): string[] | undefined {
  const values = members(node, name).filter((value): value is string => typeof value === 'string')
  return values.length > 0 ? values : undefined
}

export function integer(value: string, label: string, min: number, max: number): number {
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) throw badRequest(`${label} must be an integer from ${min} to ${max}.`)
  return parsed
}

export function bool(value: string | undefined, label: string): boolean | undefined {
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw badRequest(`${label} must be true or false.`)
}

export function date(value: string | undefined, label: string): Date | undefined {
  if (value === undefined) return undefined
  const parsed = new Date(value)
  if (Number.isNaN(parsed.getTime())) throw badRequest(`${label} is not a valid timestamp.`)
  return parsed
}

export function oneOf(value: string | undefined, allowed: string[], label: string): string | undefined {
  if (value !== undefined && !allowed.includes(value)) throw badRequest(`${label} "${value}" is not one of ${allowed.join(', ')}.`)
  return value
}

/** Sets an optional property only when it has a value (exactOptionalPropertyTypes). */
export function assign<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}

/**
 * A required bucket ARN field, read as the bucket name. The ARN must be in the job's partition
 * (an `arn:aws:` ARN names nothing in `aws-cn`) [inferred: AWS rejects the request as invalid].
 */
export function bucketArnField(node: XmlNode | XmlNode[] | undefined, name: string, label: string, partition: string): string {
  const arn = required(node, name, label)
  const bucket = bucketFromArn(arn, partition)
  if (bucket === undefined) throw badRequest(`${label} "${arn}" must be a bucket ARN (arn:${partition}:s3:::name), not a bucket name or another partition's ARN.`)
  return bucket
}

/** An optional AccountId field (12 digits), such as ExpectedBucketOwner. */
export function accountIdField(node: XmlNode | XmlNode[] | undefined, name: string, label: string): string | undefined {
  const value = text(node, name)
  if (value !== undefined && !/^\d{12}$/.test(value)) throw badRequest(`${label} "${value}" must be a 12-digit account ID.`)
  return value
}
