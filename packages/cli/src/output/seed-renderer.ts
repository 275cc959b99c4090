import {
  destinationAccessLines,
  eventText,
  followUpCommand,
  isChangedOrGone,
  keptRunning,
  stateLine,
  type FailureGroup,
  type PairOutcome,
  type PairSummary,
  type ReportSummary,
  type RunSummary,
  type SeedEvent,
  type SeedOptions,
} from '@s3-seed/core'
import type { Output } from './output.js'
import { dryRunLines } from './dry-run-lines.js'
import { formatTable } from './table.js'

/** Renders seeding events as lines: a live bar on a terminal, plain lines elsewhere. */
export class SeedRenderer {
  constructor(
    /** The command's output (one per run, so a progress bar is cleared by whatever writes next). */
    readonly output: Output,
    private readonly pairs: SeedOptions[],
    /** Whether the run was interrupted (Ctrl-C): errors then are the interruption, not failures. */
    private readonly interrupted: () => boolean = () => false,
  ) {}

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
    if (event.type === 'convergence-settling') {
      if (this.output.live) this.output.bar(`${label}Waiting for replication: ${event.settled} of ${event.written} keys settled`)
      return
    }
    const text = eventText(event)
    if (text === undefined) return
    if (event.type === 'warning') return this.output.warn(`${label}${text}`)
    for (const line of text.split('\n')) this.log(`${label}${line}`)
  }

  /** Final lines for each pair, the table for many pairs, and the follow-up command when detached. */
  finish(outcomes: PairOutcome[], summary: RunSummary): void {
    this.output.clearBar()
    outcomes.forEach((outcome, index) => this.finishPair(index, outcome, summary.pairs[index] as PairSummary))
    if (outcomes.length > 1) this.table(summary.pairs)
    // Detached jobs: one `status` command per Region, naming the jobs when there are few.
    const checks = summary.pairs.flatMap((pair) => pair.followUps.filter((followUp) => followUp.command === 'status'))
    for (const region of new Set(checks.map((check) => check.region))) {
      const jobIds = checks.filter((check) => check.region === region).flatMap((check) => check.jobIds)
      const command = followUpCommand({ command: 'status', jobIds: jobIds.length <= 5 ? jobIds : [], region })
      this.log(`Check on ${jobIds.length === 1 ? 'it' : 'them'} with: ${command}   (or s3-seed watch … to wait)`)
    }
  }

  private finishPair(index: number, outcome: PairOutcome, summary: PairSummary): void {
    const label = this.label(index)
    if ('error' in outcome) {
      if (this.interrupted()) this.log(`${label}Interrupted before its job was created (${outcome.error.message}); nothing of it keeps running.`)
      else this.output.warn(`${label}error: ${outcome.error.message}`)
      for (const [jobId, watch, cancel] of keptRunning(summary)) this.output.warn(`${label}Job ${jobId} (${summary.region}) keeps running. Follow it: ${watch}   Stop it: ${cancel}`)
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
        if (summary.exit === 'stopped' || polled.state === 'aborted') {
          for (const [jobId, watch, cancel] of keptRunning(summary)) this.log(`${label}Stopped waiting; job ${jobId} keeps running. Follow it: ${watch}   Stop it: ${cancel}`)
          return
        }
        // The last progress line may already say exactly this, unless the convergence check came after it.
        if (result.convergence !== undefined || this.output.lastProgressLine(String(index)) !== stateLine(polled.job)) this.log(`${label}${stateLine(polled.job)}`)
        if (polled.state === 'failed') this.log(`${label}Job failed: ${polled.reasons.join('; ') || 'no reason given'}`)
        if (result.report) this.failureSummary(label, result.report)
        for (const line of destinationAccessLines(result.destinationStatements, result.report?.failures ?? [])) this.log(`${label}${line}`)
        for (const round of result.rounds ?? []) {
          const job = round.outcome.job
          this.log(`${label}Retry round ${round.round} (job ${round.jobId}): ${job ? stateLine(job) : round.outcome.state}`)
        }
        if ((result.rounds?.length ?? 0) > 0) {
          this.log(`${label}After ${result.rounds?.length} retry round(s): ${summary.succeeded} of ${summary.total} tasks succeeded, ${summary.failed} failed`)
        }
        // Every failure summary ends with the exact next command.
        for (const retry of summary.followUps.filter((followUp) => followUp.command === 'retry')) this.log(`${label}Run the failed tasks again with: ${followUpCommand(retry)}`)
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

  private table(pairs: PairSummary[]): void {
    const rows = pairs.map((pair) => [`${pair.source} -> ${pair.destination}`, pair.jobId ?? '-', pair.state, String(pair.total), String(pair.succeeded), String(pair.failed)])
    for (const line of formatTable([['PAIR', 'JOB ID', 'STATE', 'TOTAL', 'SUCCEEDED', 'FAILED'], ...rows])) this.log(line)
  }
}

/** One JSON entry per pair for --json: the result as core returned it, with the counts and state every adapter reports. */
export function jsonResult(outcome: PairOutcome, summary: PairSummary): Record<string, unknown> {
  const pair = { source: outcome.options.source, destination: outcome.options.destination, state: summary.state, total: summary.total, succeeded: summary.succeeded, failed: summary.failed }
  if ('error' in outcome) {
    const jobs = summary.jobId === undefined ? {} : { jobId: summary.jobId, region: summary.region, jobIds: summary.jobIds }
    return { ...pair, status: 'error', ...jobs, error: { message: outcome.error.message, code: (outcome.error as { code?: string }).code ?? outcome.error.name } }
  }
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
        ...(result.convergence ? { convergence: result.convergence } : {}),
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
