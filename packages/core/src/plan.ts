import { checkBucketName } from './buckets/bucket-name.js'
import { InvalidInputError } from './errors.js'
import {
  DEFAULT_MANIFEST_PREFIX,
  DEFAULT_REPORT_PREFIX,
  defaultRoleName,
  jobDescription,
  pairManifestKey,
  reportPrefixOf,
  withSlash,
} from './layout.js'
import { checkPairSettings } from './options/parse.js'
import type { SeedOptions } from './options/schema.js'

export type { SeedOptions }

/** SeedOptions with every default applied and every value checked. */
export interface SeedPlan {
  source: string
  destination: string
  prefix: string
  role: { kind: 'existing'; arn: string } | { kind: 'managed'; name: string }
  manifest: { bucket: string; key: string; prefix: string }
  report: { enabled: false } | { enabled: true; bucket: string; prefix: string; scope: 'AllTasks' | 'FailedTasksOnly' }
  priority: number
  requireReplication: boolean
  copyAll: boolean
  operation: 'auto' | 'copy' | 'replicate'
  manifestSource: { kind: 'list' } | { kind: 'generated'; createdBefore?: Date } | { kind: 'inventory'; bucket: string; key: string }
  copy: { storageClass?: string; kmsKeyId?: string; cannedAcl?: string; sourceKmsKeys?: string[] }
  origin?: string
  description: string
}

/**
 * Applies defaults and checks the options against the option schema; throws InvalidInputError naming
 * the flag at fault. Pure: nothing here calls AWS, so bad input changes nothing.
 */
export function planSeed(options: SeedOptions): SeedPlan {
  checkBucketName(options.source, 'SOURCE')
  checkBucketName(options.destination, 'DESTINATION')
  if (options.source === options.destination) {
    throw new InvalidInputError(
      `SOURCE and DESTINATION are the same bucket (${options.source}); seeding copies between two buckets. Check the arguments.`,
      'DESTINATION',
    )
  }
  checkPairSettings(options, { surface: 'library' })
  const prefix = options.prefix ?? ''
  const manifestPrefix = withSlash(options.manifestPrefix ?? DEFAULT_MANIFEST_PREFIX)
  return {
    source: options.source,
    destination: options.destination,
    prefix,
    role: options.roleArn
      ? { kind: 'existing', arn: options.roleArn }
      : { kind: 'managed', name: options.roleName ?? defaultRoleName(options.source, options.destination) },
    manifest: {
      bucket: options.manifestBucket ?? options.source,
      prefix: manifestPrefix,
      key: pairManifestKey(manifestPrefix, options.source, options.destination, prefix),
    },
    report:
      options.report ?? true
        ? {
            enabled: true,
            bucket: options.reportBucket ?? options.destination,
            prefix: reportPrefixOf(options.reportPrefix ?? DEFAULT_REPORT_PREFIX),
            scope: options.reportScope ?? 'AllTasks',
          }
        : { enabled: false },
    priority: options.priority ?? 10,
    requireReplication: options.requireReplication ?? false,
    copyAll: options.all ?? false,
    operation: options.operation ?? 'auto',
    manifestSource: manifestSource(options),
    copy: {
      ...(options.storageClass === undefined ? {} : { storageClass: options.storageClass }),
      ...(options.kmsKeyId === undefined ? {} : { kmsKeyId: options.kmsKeyId }),
      ...(options.cannedAcl === undefined ? {} : { cannedAcl: options.cannedAcl }),
      ...(options.sourceKmsKey === undefined || options.sourceKmsKey.length === 0 ? {} : { sourceKmsKeys: options.sourceKmsKey }),
    },
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    description: jobDescription(options.source, options.destination, prefix),
  }
}

function manifestSource(options: SeedOptions): SeedPlan['manifestSource'] {
  const source = options.manifestSource ?? 'list'
  if (source === 'list') return { kind: 'list' }
  if (source === 'generated') return { kind: 'generated', ...(options.createdBefore ? { createdBefore: options.createdBefore } : {}) }
  // The schema has checked the s3://bucket/…manifest.json shape.
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(source) as unknown as [string, string, string]
  return { kind: 'inventory', bucket, key }
}
