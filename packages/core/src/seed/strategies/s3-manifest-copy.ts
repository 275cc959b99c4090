import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { wrapAwsError } from '../../aws/aws-error.js'
import { bucketRegion } from '../../buckets/bucket-settings.js'
import { buildCreateJobInput, type JobManifest } from '../../jobs/job-input.js'
import { generatedManifestPrefix, s3Uri } from '../../layout.js'
import type { SeedContext } from '../context.js'
import { noneDiverted } from '../../manifest/diverted.js'
import { guardTime, waitPastGuardSecond } from '../guard-time.js'
import { convergeAfter } from '../converge.js'
import { followWithRetries } from '../follow-with-retries.js'
import { jobRole, launchJob } from '../steps.js'
import type { SeedResult, Strategy } from '../types.js'

/**
 * A copy job whose object list S3 makes (manifest generator) or an existing S3 Inventory gives: no
 * client listing, so nothing is diverted; the generator's filter leaves out objects over 5 GB and in
 * archive classes, which decide() warns about (run `s3-seed verify` after).
 */
export async function copyWithS3Manifest(context: SeedContext, strategy: Extract<Strategy, { kind: 'copy-with-s3-manifest' }>): Promise<SeedResult> {
  const { plan, facts } = context
  const roleArn = await jobRole(context, strategy.manifest)
  let manifest: JobManifest
  let manifestUri: string
  if (plan.manifestSource.kind === 'inventory') {
    const { bucket, key } = plan.manifestSource
    manifest = { bucket, key, etag: await inventoryEtag(context, bucket, key), format: 'inventory' }
    manifestUri = s3Uri(bucket, key)
  } else {
    manifest = { generated: true, ...(plan.manifestSource.kind === 'generated' && plan.manifestSource.createdBefore ? { createdBefore: plan.manifestSource.createdBefore } : {}) }
    manifestUri = s3Uri(plan.manifest.bucket, `${generatedManifestPrefix(plan.manifest.prefix)}/`)
  }
  const region = facts.regions.destination
  // S3 lists the source when the job starts: objects changed after now are left to replication.
  const unmodifiedSince = strategy.guard ? guardTime(context.now()) : undefined
  if (unmodifiedSince) await waitPastGuardSecond(context, unmodifiedSince)
  const jobId = await launchJob(context, region, buildCreateJobInput(plan, { accountId: facts.accountId, partition: facts.partition, owners: facts.owners, roleArn, manifest, ...(unmodifiedSince ? { unmodifiedSince } : {}) }))
  const result = await followWithRetries(context, { jobId, region, objectCount: 0, skipped: 0, manifest: manifestUri, diverted: noneDiverted() })
  return await convergeAfter(context, result, unmodifiedSince)
}

/** CreateJob wants the manifest's ETag, without quotes (aws-cli s3control create-job example). */
async function inventoryEtag(context: SeedContext, bucket: string, key: string): Promise<string> {
  const { clients } = context
  const s3 = clients.s3(await bucketRegion(clients.s3(clients.defaultRegion), bucket, '--manifest'))
  try {
    return ((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag ?? '').replaceAll('"', '')
  } catch (error) {
    throw wrapAwsError(error, 'HeadObject', `Reading the inventory manifest s3://${bucket}/${key}`, 'Check the --manifest URI')
  }
}
