import type { CreateJobCommandInput } from '@aws-sdk/client-s3-control'
import { createJob } from '../jobs/create-job.js'
import { pollJob } from '../jobs/poll-job.js'
import { readReport } from '../jobs/completion-report.js'
import { rolePolicyName } from '../layout.js'
import { ensureRole } from '../iam/ensure-role.js'
import { rolePolicy, type JobKind } from '../iam/role-policy.js'
import { createJobOptions, type SeedContext } from './context.js'
import type { SeedResult, StartedJob } from './types.js'

export type { StartedJob }

/** The steps every strategy shares: role → job → follow. */

/** The job's role: the one given with --role-arn, or s3-seed's own with a policy for exactly this kind of job. */
export async function jobRole(context: SeedContext, kind: JobKind): Promise<string> {
  const { plan } = context
  if (plan.role.kind === 'existing') return plan.role.arn
  const role = await ensureRole(context.clients.iam, plan.role.name, { name: rolePolicyName(kind, plan), document: rolePolicy(plan, kind, context.kms, context.facts.partition, context.facts.owners) })
  context.emit({ type: 'role-ready', arn: role.arn, created: role.created })
  return role.arn
}

/** Creates the job (retrying while a new role propagates) and says so. */
export async function launchJob(context: SeedContext, region: string, input: CreateJobCommandInput): Promise<string> {
  const jobId = await createJob(context.clients.s3control(region), input, createJobOptions(context))
  context.emit({ type: 'job-created', jobId, region })
  return jobId
}

/** Detached: report the job. Attached: poll it to its end and read its report. */
export async function followJob(context: SeedContext, job: StartedJob): Promise<SeedResult> {
  const { plan, emit } = context
  const created = { plan, ...job }
  if (context.detach) return { kind: 'created', ...created }
  const outcome = await pollJob(context.clients.s3control(job.region), {
    accountId: context.facts.accountId,
    jobId: job.jobId,
    region: job.region,
    sleep: context.sleep,
    intervalMs: context.pollIntervalMs,
    signal: context.signal,
    onProgress: (snapshot) => emit({ type: 'job-progress', job: snapshot }),
    maxOutageMs: context.maxPollOutageMs,
    onRetry: (retry) => emit({ type: 'poll-retry', retry }),
  })
  const report =
    plan.report.enabled && outcome.state !== 'aborted'
      ? await readReport(context.clients.s3(context.facts.regions.report), { bucket: plan.report.bucket, prefix: plan.report.prefix, jobId: job.jobId })
      : undefined
  return { kind: 'finished', ...created, outcome, report, ...(context.destinationStatements.length > 0 ? { destinationStatements: context.destinationStatements } : {}) }
}
