import { eventText, isChangedOrGone, stateLine, type FailureGroup, type PairOutcome, type ReportSummary, type SeedEvent, type SeedOptions } from '@s3-seed/core'
import type { CliIo } from '../io.js'
import { Output } from './output.js'
import { dryRunLines } from './dry-run-lines.js'
import { formatTable } from './table.js'

/** Renders seeding events as lines: a live bar on a terminal, plain lines elsewhere. */
export class SeedRenderer {
  readonly output: Output

  constructor(
    io: CliIo,
    private readonly pairs: SeedOptions[],
    json: boolean,
    /** Whether the run was interrupted (Ctrl-C): errors then are the interruption, not failures. */
    private readonly interrupted: () => boolean = () => false,
  ) {
    this.output = new Output(io, json)
  }

  log(text: string): void {
    this.output.log(text)
  }

  private label(index: number): string {
    if (this.pairs.length === 1) return ''
    const pair = this.pairs[index] as SeedOptions
    return `[${pair.source} -> ${pair.destination}] `
  }

  event(index: number, event: SeedEvent): void {
    const label = this.label(index)
    const single = this.pairs.length === 1
    if (event.type === 'job-progress') return this.output.jobProgress(String(index), label, event.job, single)
    if (event.type === 'manifest-progress') {
      if (single && this.output.live) this.output.bar(`Listed ${event.listed} objects`)
      return
    }
    const text = eventText(event)
    if (text === undefined) return
    if (event.type === 'warning') this.output.warn(`${label}${text}`)
    else this.log(`${label}${text}`)
  }

  /** Final lines for each pair, the table for many pairs, and the follow-up command when detached. */
  finish(outcomes: PairOutcome[]): void {
    this.output.clearBar()
    outcomes.forEach((outcome, index) => this.finishPair(index, outcome))
    if (outcomes.length > 1) this.table(outcomes)
    const created = outcomes.flatMap((outcome) => ('result' in outcome && outcome.result.kind === 'created' ? [outcome.result] : []))
    const regions = [...new Set(created.map((result) => result.region))]
    for (const region of regions) {
      const ids = created.filter((result) => result.region === region).map((result) => result.jobId)
      this.log(`Check on ${ids.length === 1 ? 'it' : 'them'} with: s3-seed status ${ids.length <= 5 ? ids.join(' ') : ''}${ids.length <= 5 ? ' ' : ''}--region ${region}   (or s3-seed watch … to wait)`)
    }
  }

  private finishPair(index: number, outcome: PairOutcome): void {
    const label = this.label(index)
    if ('error' in outcome) {
      if (this.interrupted()) this.log(`${label}Interrupted before its job was created (${outcome.error.message}); nothing of it keeps running.`)
      else this.output.warn(`${label}error: ${outcome.error.message}`)
      return
    }
    const result = outcome.result
    switch (result.kind) {
      case 'empty':
        this.log(
          result.skipped > 0
            ? `${label}Nothing to copy: all ${result.skipped} objects of ${result.plan.source} are already in ${result.plan.destination} (--all copies them anyway). No job was created.`
            : `${label}Nothing to copy: ${result.plan.source}${result.plan.prefix ? `/${result.plan.prefix}` : ''} has no objects. No job was created.`,
        )
        return
      case 'dry-run':
        for (const line of dryRunLines(result)) this.log(`${label}${line}`)
        return
      case 'created':
        return
      case 'finished': {
        const { outcome: polled } = result
        if (polled.state === 'aborted' || result.rounds?.at(-1)?.outcome.state === 'aborted') {
          for (const job of [result, ...(result.rounds ?? [])]) {
            this.log(`${label}Stopped waiting; job ${job.jobId} keeps running. Follow it: s3-seed watch ${job.jobId} --region ${job.region}   Stop it: s3-seed cancel ${job.jobId} --region ${job.region}`)
          }
          return
        }
        // The last progress line may already say exactly this.
        if (this.output.lastProgressLine(String(index)) !== stateLine(polled.job)) this.log(`${label}${stateLine(polled.job)}`)
        if (polled.state === 'failed') this.log(`${label}Job failed: ${polled.reasons.join('; ') || 'no reason given'}`)
        if (result.report) this.failureSummary(label, result.report)
        for (const round of result.rounds ?? []) {
          const job = round.outcome.job
          this.log(`${label}Retry round ${round.round} (job ${round.jobId}): ${job ? stateLine(job) : round.outcome.state}`)
        }
        const failed = result.totals?.failed ?? polled.job?.failed ?? 0
        if ((result.rounds?.length ?? 0) > 0 && result.totals) {
          this.log(`${label}After ${result.rounds?.length} retry round(s): ${result.totals.succeeded} of ${result.totals.total} tasks succeeded, ${failed} failed`)
        }
        // Every failure summary ends with the exact next command.
        if (failed > 0 || polled.state !== 'complete') this.log(`${label}Run the failed tasks again with: s3-seed retry ${result.jobId} --region ${result.region}`)
      }
    }
  }

  private failureSummary(label: string, report: ReportSummary): void {
    const changed = report.failures.filter(isChangedOrGone)
    const failures = report.failures.filter((group) => !isChangedOrGone(group))
    const count = (groups: FailureGroup[]) => groups.reduce((sum, group) => sum + group.count, 0)
    if (failures.length > 0) {
      this.log(`${label}${count(failures)} of ${report.failed + report.succeeded} tasks failed:`)
      this.groups(label, failures)
    }
    if (changed.length > 0) {
      this.log(`${label}${count(changed)} object(s) changed or were deleted after the listing; replication carries them, so they are not failures:`)
      this.groups(label, changed)
    }
    if (report.failed > 0) this.log(`${label}Completion report: ${report.location}`)
  }

  private groups(label: string, groups: FailureGroup[]): void {
    for (const group of groups) {
      this.log(`${label}  ${group.errorCode}${group.httpStatus ? ` (HTTP ${group.httpStatus})` : ''}: ${group.count} task${group.count === 1 ? '' : 's'}${group.message ? ` - ${group.message}` : ''}`)
      this.log(`${label}    e.g. ${group.examples.map((key) => JSON.stringify(key)).join(', ')}`)
      const kms = kmsHint(group)
      if (kms) this.log(`${label}    ${kms}`)
    }
  }

  private table(outcomes: PairOutcome[]): void {
    const rows = outcomes.map((outcome) => {
      const pair = `${outcome.options.source} -> ${outcome.options.destination}`
      if ('error' in outcome) return [pair, '-', 'error', '', '', '']
      const result = outcome.result
      if (result.kind === 'finished' && result.outcome.job) {
        const job = result.outcome.job
        const totals = result.totals ?? { total: job.total ?? 0, succeeded: job.succeeded, failed: job.failed }
        return [pair, result.jobId, job.status, String(totals.total), String(totals.succeeded), String(totals.failed)]
      }
      if (result.kind === 'created') return [pair, result.jobId, 'created', String(result.objectCount), '', '']
      if (result.kind === 'dry-run') return [pair, '-', 'dry-run', String(result.objectCount), '', '']
      if (result.kind === 'empty') return [pair, '-', 'empty', '0', '', '']
      return [pair, result.jobId, result.outcome.state, '', '', '']
    })
    for (const line of formatTable([['PAIR', 'JOB ID', 'STATE', 'TOTAL', 'SUCCEEDED', 'FAILED'], ...rows])) this.log(line)
  }
}

/** The exit code for a run: 2/3 for errors, 1 for failed jobs or tasks, 0 otherwise. */
export function exitCodeFor(outcomes: PairOutcome[], errorCode: (error: Error) => number): number {
  let code = 0
  for (const outcome of outcomes) {
    if ('error' in outcome) code = Math.max(code, errorCode(outcome.error))
    else if (outcome.result.kind === 'finished') {
      const polled = outcome.result.outcome
      const failedTasks = (outcome.result.totals?.failed ?? polled.job?.failed ?? 0) > 0
      if (polled.state !== 'complete' || failedTasks) code = Math.max(code, 1)
    }
  }
  return code
}

/** One JSON entry per pair for --json. */
export function jsonResult(outcome: PairOutcome): Record<string, unknown> {
  const pair = { source: outcome.options.source, destination: outcome.options.destination }
  if ('error' in outcome) return { ...pair, status: 'error', error: { message: outcome.error.message, code: (outcome.error as { code?: string }).code ?? outcome.error.name } }
  const result = outcome.result
  switch (result.kind) {
    case 'empty':
      return { ...pair, status: 'empty', objectCount: 0, skipped: result.skipped, diverted: result.diverted }
    case 'dry-run':
      return { ...pair, status: 'dry-run', objectCount: result.objectCount, totalBytes: result.totalBytes, replicated: result.replicated, plan: result.plan, cost: result.cost, diverted: result.diverted }
    case 'created':
      return { ...pair, status: 'created', jobId: result.jobId, region: result.region, objectCount: result.objectCount, manifest: result.manifest, diverted: result.diverted }
    case 'finished':
      return {
        ...pair,
        status: result.outcome.state,
        jobId: result.jobId,
        region: result.region,
        objectCount: result.objectCount,
        manifest: result.manifest,
        diverted: result.diverted,
        ...(result.outcome.job ? { job: result.outcome.job } : {}),
        ...(result.report ? { report: result.report } : {}),
        ...(result.rounds && result.rounds.length > 0 ? { rounds: result.rounds } : {}),
        ...(result.totals ? { totals: result.totals } : {}),
      }
  }
}

/**
 * A task denied the use of a KMS key: which key, and the fix. AWS names the action and the key in the
 * message ("... not authorized to perform: kms:Decrypt on resource: arn:aws:kms:...").
 */
export function kmsHint(group: FailureGroup): string | undefined {
  if (group.errorCode !== 'AccessDenied' || !/kms/i.test(group.message)) return undefined
  const key = /arn:aws[a-z-]*:kms:[^\s"',]+/.exec(group.message)?.[0] ?? "the object's KMS key"
  return /kms:(Encrypt|GenerateDataKey)/i.test(group.message)
    ? `The role may not encrypt with ${key}: pass --kms-key ${key} (or let the key policy allow the role).`
    : `The role may not decrypt with ${key}: pass --source-kms-key ${key} (or let the key policy allow the role).`
}
