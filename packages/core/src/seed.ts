import { accountId as callerAccountId } from './account.js'
import { bucketRegion, replicationRulesTo, versioningEnabled } from './buckets.js'
import type { SeedClients } from './clients.js'
import type { S3Client } from '@aws-sdk/client-s3'
import { InvalidInputError } from './errors.js'
import type { SeedEvent } from './events.js'
import { buildCreateJobInput, createJob } from './job.js'
import { hasObjects, objectsToCopy } from './listing/objects-to-copy.js'
import { listSeedJobs } from './jobs.js'
import { UNFINISHED_STATES } from './job-snapshot.js'
import { buildManifest, routeObject } from './manifest.js'
import { copyLargeObject } from './large-copy.js'
import { requestRestore } from './restore.js'
import { chooseOperation, startBatchReplication } from './batch-replication.js'
import { addLarge, countArchived, noneDiverted } from './diverted.js'
import { createJobOptions, follow } from './follow-job.js'
import { jobWithS3Manifest } from './s3-manifest-job.js'
import { planSeed, type SeedOptions, type SeedPlan } from './plan.js'
import type { PollJobResult } from './poll.js'
import type { ReportSummary } from './report.js'
import { copyRolePolicy, ensureRole } from './role.js'
import type { Sleep } from './sleep.js'
import { estimateCost, type CostEstimate } from './cost.js'

export interface SeedRunOptions {
  clients: SeedClients
  /** The caller's account. Default: looked up with STS GetCallerIdentity. */
  accountId?: string
  /** Create the job and return without waiting for it. Default: false. */
  detach?: boolean
  /** Plan and count, change nothing. Default: false. */
  dryRun?: boolean
  /** First delay between DescribeJob calls while attached. Default: 5000 ms. */
  pollIntervalMs?: number
  /** Objects over this size are copied by the client in parts, not by the job. Default: 5 GiB (the copy job limit); lower it only in tests. */
  maxJobObjectBytes?: number
  /** Part size of those copies. Default: see copyLargeObject. */
  largePartSize?: number
  /** Request a restore (Bulk tier, for this many days) of every GLACIER/DEEP_ARCHIVE object met. Default: none. */
  restoreArchivedDays?: number
  /** How long CreateJob may be retried while a new role propagates. Default: 120000 ms. */
  createJobMaxWaitMs?: number
  signal?: AbortSignal
  sleep?: Sleep
  onEvent?: (event: SeedEvent) => void
}

/** What the copy job cannot do, and what s3-seed did about it. */
export interface Diverted {
  /** Objects over 5 GB, copied by s3-seed with multipart UploadPartCopy. */
  large: { count: number; bytes: number; keys: string[] }
  /** Objects in GLACIER or DEEP_ARCHIVE: not copied (restore them first, then seed again). */
  archived: { count: number; examples: string[] }
}

export type SeedResult =
  | { kind: 'dry-run'; plan: SeedPlan; operation: 'copy' | 'replicate'; sourceRegion: string; destinationRegion: string; objectCount: number; skipped: number; totalBytes: number; cost: CostEstimate; replicated: boolean; diverted: Diverted }
  | { kind: 'empty'; plan: SeedPlan; skipped: number; diverted: Diverted }
  | { kind: 'created'; plan: SeedPlan; jobId: string; region: string; objectCount: number; skipped: number; manifest: string; diverted: Diverted }
  | { kind: 'finished'; plan: SeedPlan; jobId: string; region: string; objectCount: number; skipped: number; manifest: string; diverted: Diverted; outcome: PollJobResult; report?: ReportSummary }

/**
 * Seeds one bucket pair: check the buckets, ensure the role, build and upload the manifest, create
 * the copy job in the destination's Region, and (attached) poll it to its end and read its report.
 * Everything that can be wrong with the input is checked before anything is created.
 */
export async function seed(options: SeedOptions, run: SeedRunOptions): Promise<SeedResult> {
  const plan = planSeed(options)
  const { clients } = run
  const emit = run.onEvent ?? (() => {})
  // Who we are first: missing credentials should be the first and only complaint.
  const account = run.accountId ?? (await callerAccountId(clients.sts))
  const lookup = clients.s3(clients.defaultRegion)
  const sourceRegion = await bucketRegion(lookup, plan.source, 'SOURCE')
  const destinationRegion = await bucketRegion(lookup, plan.destination, 'DESTINATION')
  const manifestRegion = plan.manifest.bucket === plan.source ? sourceRegion : await bucketRegion(lookup, plan.manifest.bucket, '--manifest-bucket')
  const reportRegion =
    plan.report.enabled && plan.report.bucket !== plan.destination ? await bucketRegion(lookup, plan.report.bucket, '--report-bucket') : destinationRegion
  const replicated = await checkReplication(plan, clients, sourceRegion, destinationRegion, emit)
  const operation = await chooseOperation(plan, clients, sourceRegion, destinationRegion, replicated)
  if (operation.reason) emit({ type: 'operation-chosen', operation: operation.name, reason: operation.reason })

  const destinationS3 = clients.s3(destinationRegion)
  // Comparing with the destination lists both buckets in order, one page at a time; an empty
  // destination (the first seeding) needs no comparison, so it gets the fast parallel listing.
  // Batch Replication and S3-made manifests choose their objects on S3's side.
  const listsObjects = operation.name === 'copy' && plan.manifestSource.kind === 'list'
  const compare = listsObjects && !plan.copyAll && (await hasObjects(destinationS3, plan.destination, plan.prefix))
  const onlyChangedIn = compare ? { s3: destinationS3, bucket: plan.destination } : undefined
  if (run.dryRun) {
    const counts = await countToCopy(clients.s3(sourceRegion), plan, onlyChangedIn, run, emit)
    return { kind: 'dry-run', plan, operation: operation.name, sourceRegion, destinationRegion, ...counts, cost: estimateCost(1, counts.objectCount), replicated }
  }
  const jobRegion = operation.name === 'replicate' ? sourceRegion : destinationRegion

  // A job for this pair still running (a detached run, or one interrupted while polling): follow it
  // rather than start a second job that would copy the same objects again.
  const s3control = clients.s3control(jobRegion)
  const running = (await listSeedJobs(s3control, { accountId: account, region: jobRegion, statuses: [...UNFINISHED_STATES] })).find(
    (job) => job.description === plan.description,
  )
  if (running !== undefined) {
    emit({ type: 'job-found', jobId: running.jobId, region: jobRegion })
    return await follow(plan, run, { jobId: running.jobId, region: jobRegion, objectCount: running.total ?? 0, skipped: 0, manifest: '', diverted: noneDiverted() }, account, reportRegion)
  }
  if (operation.name === 'replicate') return await startBatchReplication(plan, run, account, jobRegion, reportRegion)

  let roleArn: string
  if (plan.role.kind === 'existing') {
    roleArn = plan.role.arn
  } else {
    const role = await ensureRole(
      clients.iam,
      plan.role.name,
      copyRolePolicy({
        source: plan.source,
        destination: plan.destination,
        manifest: { bucket: plan.manifest.bucket, prefix: plan.manifest.prefix },
        ...(plan.copy.kmsKeyId ? { kmsKeyId: plan.copy.kmsKeyId } : {}),
        ...(plan.manifestSource.kind === 'generated' ? { generatedManifest: true } : {}),
        ...(plan.manifestSource.kind === 'inventory'
          ? { inventory: { bucket: plan.manifestSource.bucket, prefix: plan.manifestSource.key.replace(/[^/]*$/, '') } }
          : {}),
        ...(plan.report.enabled ? { report: { bucket: plan.report.bucket, prefix: plan.report.prefix } } : {}),
      }),
    )
    roleArn = role.arn
    emit({ type: 'role-ready', arn: role.arn, created: role.created })
  }

  if (plan.manifestSource.kind !== 'list') return await jobWithS3Manifest(plan, run, account, { roleArn, jobRegion: destinationRegion, reportRegion })

  emit({ type: 'manifest-started', source: plan.source })
  const manifest = await buildManifest({
    sourceS3: clients.s3(sourceRegion),
    manifestS3: clients.s3(manifestRegion),
    source: plan.source,
    prefix: plan.prefix,
    manifest: { bucket: plan.manifest.bucket, key: plan.manifest.key },
    ...(onlyChangedIn ? { onlyChangedIn } : {}),
    ...(run.maxJobObjectBytes === undefined ? {} : { maxJobObjectBytes: run.maxJobObjectBytes }),
    ...(run.restoreArchivedDays === undefined
      ? {}
      : { onArchived: async (object: { key: string }) => void (await requestRestore(clients.s3(sourceRegion), plan.source, object.key, run.restoreArchivedDays as number)) }),
    onProgress: (listed) => emit({ type: 'manifest-progress', listed }),
  })
  const diverted = noneDiverted()
  diverted.archived = manifest.archived
  for (const object of manifest.large) addLarge(diverted, object)
  if (diverted.archived.count > 0) {
    emit({
      type: 'warning',
      message:
        `${diverted.archived.count} objects are in GLACIER or DEEP_ARCHIVE and were not copied (e.g. ${diverted.archived.examples.slice(0, 3).map((key) => JSON.stringify(key)).join(', ')}). ` +
        (run.restoreArchivedDays === undefined
          ? 'A copy job cannot read them; restore them (or pass --restore-archived DAYS), then seed again.'
          : `Restores were requested (Bulk tier, ${run.restoreArchivedDays} days); seed again once they are done.`),
    })
  }
  // Objects over 5 GB: a copy job would fail them, so s3-seed copies them itself, in parts.
  for (const object of manifest.large) {
    await copyLargeObject({
      sourceS3: clients.s3(sourceRegion),
      destinationS3,
      source: plan.source,
      destination: plan.destination,
      key: object.key,
      ...(run.largePartSize === undefined ? {} : { partSize: run.largePartSize }),
      onProgress: (copiedBytes, totalBytes) => emit({ type: 'large-copy', key: object.key, copiedBytes, totalBytes }),
    })
  }
  if (manifest.location === undefined) return { kind: 'empty', plan, skipped: manifest.skipped, diverted }
  emit({ type: 'manifest-uploaded', bucket: manifest.location.bucket, key: manifest.location.key, objectCount: manifest.objectCount, skipped: manifest.skipped })
  const manifestUri = `s3://${manifest.location.bucket}/${manifest.location.key}`

  const jobId = await createJob(s3control, buildCreateJobInput(plan, { accountId: account, roleArn, manifest: manifest.location }), createJobOptions(run))
  emit({ type: 'job-created', jobId, region: destinationRegion })
  return await follow(plan, run, { jobId, region: destinationRegion, objectCount: manifest.objectCount, skipped: manifest.skipped, manifest: manifestUri, diverted }, account, reportRegion)
}

/** The dry run's counts: what the job would copy, what is skipped and what is diverted. */
async function countToCopy(
  sourceS3: S3Client,
  plan: SeedPlan,
  onlyChangedIn: { s3: S3Client; bucket: string } | undefined,
  run: SeedRunOptions,
  emit: (event: SeedEvent) => void,
): Promise<{ objectCount: number; skipped: number; totalBytes: number; diverted: Diverted }> {
  let objectCount = 0
  let totalBytes = 0
  let skipped = 0
  const diverted = noneDiverted()
  const pages = objectsToCopy({
    sourceS3,
    source: plan.source,
    ...(plan.prefix ? { prefix: plan.prefix } : {}),
    ...(onlyChangedIn ? { onlyChangedIn } : {}),
    onSkipped: (count) => (skipped = count),
  })
  for await (const page of pages) {
    for (const object of page) {
      const route = routeObject(object, run.maxJobObjectBytes)
      if (route === 'archived') countArchived(diverted, object.key)
      else if (route === 'large') addLarge(diverted, object)
      else {
        objectCount++
        totalBytes += object.size
      }
    }
    emit({ type: 'manifest-progress', listed: objectCount })
  }
  return { objectCount, skipped, totalBytes, diverted }
}

/**
 * Objects written after the manifest is listed are only copied if replication already covers them;
 * without a replication rule to the destination they would be missed.
 */
async function checkReplication(
  plan: SeedPlan,
  clients: SeedClients,
  sourceRegion: string,
  destinationRegion: string,
  emit: (event: SeedEvent) => void,
): Promise<boolean> {
  const rules = await replicationRulesTo(clients.s3(sourceRegion), plan.source, plan.destination)
  if (rules.length === 0) {
    const message =
      `${plan.source} has no enabled replication rule to ${plan.destination}: objects written after the manifest is built ` +
      'will not be copied. Turn replication on first, then seed.'
    if (plan.requireReplication) throw new InvalidInputError(`${message} (refusing because of --require-replication)`, '--require-replication')
    emit({ type: 'warning', message })
    return false
  }
  if (plan.requireReplication && !(await versioningEnabled(clients.s3(destinationRegion), plan.destination))) {
    throw new InvalidInputError(
      `Destination ${plan.destination} does not have versioning enabled, which replication requires (UG replication). Enable versioning on it, or drop --require-replication.`,
      '--require-replication',
    )
  }
  return true
}
