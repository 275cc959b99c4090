import { checkBucketName } from './buckets/bucket-name.js'
import { InvalidInputError } from './errors.js'
import {
  defaultRoleName,
  jobDescription,
  pairManifestKey,
  reportPrefixOf,
  withSlash,
} from './layout.js'
import { checkPairSettings } from './options/parse.js'
import { defaultOf, type SeedOptions } from './options/schema.js'

export type { SeedOptions }

/** SeedOptions with every default of the option schema applied and every value checked. */
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
  manifestSource: { kind: 'list' } | { kind: 'generated'; createdBefore: Date | undefined } | { kind: 'inventory'; bucket: string; key: string }
  /** What the copies are written with; undefined leaves it to S3 (STANDARD, the bucket's default encryption, no ACL). */
  copy: { storageClass: string | undefined; kmsKeyId: string | undefined; cannedAcl: string | undefined; sourceKmsKeys: string[] }
  origin: string | undefined
  /** The destination's owner when given (--destination-account, or from a replication rule); else found in facts. */
  destinationAccount: string | undefined
  /** A profile of the destination's account, to read its bucket and key policies before anything is created. */
  destinationProfile: string | undefined
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
  const prefix = options.prefix ?? defaultOf('prefix')
  const manifestPrefix = withSlash(options.manifestPrefix ?? defaultOf('manifestPrefix'))
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
      options.report ?? defaultOf('report')
        ? {
            enabled: true,
            // A destination of another account keeps s3-seed's report out of reach (s3-seed reads it
            // as the caller): it goes beside the manifest, in the caller's account, unless named.
            bucket: options.reportBucket ?? (options.destinationAccount === undefined ? options.destination : options.manifestBucket ?? options.source),
            prefix: reportPrefixOf(options.reportPrefix ?? defaultOf('reportPrefix')),
            scope: options.reportScope ?? defaultOf('reportScope'),
          }
        : { enabled: false },
    priority: options.priority ?? defaultOf('priority'),
    requireReplication: options.requireReplication ?? defaultOf('requireReplication'),
    copyAll: options.all ?? defaultOf('all'),
    operation: options.operation ?? defaultOf('operation'),
    manifestSource: manifestSource(options),
    copy: { storageClass: options.storageClass, kmsKeyId: options.kmsKeyId, cannedAcl: options.cannedAcl, sourceKmsKeys: options.sourceKmsKey ?? [] },
    origin: options.origin,
    destinationAccount: options.destinationAccount,
    destinationProfile: options.destinationProfile,
    description: jobDescription(options.source, options.destination, prefix),
  }
}

function manifestSource(options: SeedOptions): SeedPlan['manifestSource'] {
  const source = options.manifestSource ?? defaultOf('manifestSource')
  if (source === 'list') return { kind: 'list' }
  if (source === 'generated') return { kind: 'generated', createdBefore: options.createdBefore }
  // The schema has checked the s3://bucket/…manifest.json shape.
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(source) as unknown as [string, string, string]
  return { kind: 'inventory', bucket, key }
}
