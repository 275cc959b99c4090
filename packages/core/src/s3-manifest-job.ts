import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { wrapAwsError } from './aws-error.js'
import { bucketRegion } from './buckets.js'
import { noneDiverted } from './diverted.js'
import { createJobOptions, follow } from './follow-job.js'
import { buildCreateJobInput, createJob, type JobInputContext } from './job.js'
import type { SeedPlan } from './plan.js'
import type { SeedResult, SeedRunOptions } from './seed.js'

/**
 * A copy job whose object list S3 makes (manifest generator) or an existing S3 Inventory gives: no
 * client listing, so nothing is diverted; the generator's filter leaves out objects over 5 GB and in
 * archive classes, which the warning says (run `s3-seed verify` after).
 */
export async function jobWithS3Manifest(
  plan: SeedPlan,
  run: SeedRunOptions,
  account: string,
  where: { roleArn: string; jobRegion: string; reportRegion: string },
): Promise<SeedResult> {
  const emit = run.onEvent ?? (() => {})
  const source = plan.manifestSource
  let manifest: JobInputContext['manifest']
  let manifestUri: string
  if (source.kind === 'inventory') {
    const lookup = run.clients.s3(run.clients.defaultRegion)
    const s3 = run.clients.s3(await bucketRegion(lookup, source.bucket, '--manifest'))
    let etag: string
    try {
      etag = ((await s3.send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.key }))).ETag ?? '').replaceAll('"', '')
    } catch (error) {
      throw wrapAwsError(error, 'HeadObject', `Reading the inventory manifest s3://${source.bucket}/${source.key}`, 'Check the --manifest URI')
    }
    manifest = { bucket: source.bucket, key: source.key, etag, format: 'inventory' }
    manifestUri = `s3://${source.bucket}/${source.key}`
  } else {
    emit({ type: 'warning', message: 'The generated manifest leaves out objects over 5 GB and in GLACIER/DEEP_ARCHIVE; they are not copied. Run s3-seed verify afterwards.' })
    manifest = { generated: true, ...(source.kind === 'generated' && source.createdBefore ? { createdBefore: source.createdBefore } : {}) }
    manifestUri = `s3://${plan.manifest.bucket}/${plan.manifest.prefix}generated/`
  }
  const jobId = await createJob(run.clients.s3control(where.jobRegion), buildCreateJobInput(plan, { accountId: account, roleArn: where.roleArn, manifest }), createJobOptions(run))
  emit({ type: 'job-created', jobId, region: where.jobRegion })
  return await follow(plan, run, { jobId, region: where.jobRegion, objectCount: 0, skipped: 0, manifest: manifestUri, diverted: noneDiverted() }, account, where.reportRegion)
}
