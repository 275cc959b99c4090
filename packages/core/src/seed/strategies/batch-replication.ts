import { buildReplicateJobInput } from '../../jobs/job-input.js'
import { generatedManifestKey, s3Uri } from '../../layout.js'
import type { SeedContext } from '../context.js'
import { noneDiverted } from '../../manifest/diverted.js'
import { followJob, jobRole, launchJob } from '../steps.js'
import type { SeedResult } from '../types.js'

/** Batch Replication: one S3ReplicateObject job with a generated manifest, in the source's Region (UG s3-batch-replication-batch). */
export async function batchReplication(context: SeedContext, today: Date = new Date()): Promise<SeedResult> {
  const { plan, facts } = context
  const roleArn = await jobRole(context, 'replicate')
  const region = facts.regions.source
  const jobId = await launchJob(context, region, buildReplicateJobInput(plan, { accountId: facts.accountId, partition: facts.partition, owners: facts.owners, roleArn }, today.toISOString().slice(0, 10)))
  const manifest = s3Uri(plan.manifest.bucket, generatedManifestKey(plan.manifest.prefix, jobId))
  return await followJob(context, { jobId, region, objectCount: 0, skipped: 0, manifest, diverted: noneDiverted() })
}
