import { eventText, stateLine, type JobSnapshot, type PairOutcome, type ReportSummary, type SeedEvent, type SeedOptions, type SeedResult } from '@s3-seed/core'
import type { CliIo } from './io.js'
import { formatTable } from './table.js'

/** A progress bar with counts and ETA, for terminals. */
export function progressBar(job: JobSnapshot, width = 24): string {
  const done = job.succeeded + job.failed
  const fraction = job.total ? Math.min(1, done / job.total) : 0
  const filled = Math.round(fraction * width)
  const eta = done > 0 && job.total && job.elapsedSeconds > 0 ? Math.round((job.elapsedSeconds * (job.total - done)) / done) : undefined
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ` +
    `${done}/${job.total ?? '?'} ${job.status} (ok ${job.succeeded}, failed ${job.failed})${eta === undefined ? '' : ` ETA ${formatSeconds(eta)}`}`
  )
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`
}

/** Renders seeding events as lines: a live bar on a terminal, plain lines elsewhere. */
export class SeedRenderer {
  /** The last plain progress line printed per pair, with what it showed. */
  private readonly last = new Map<number, { line: string; status: string; decile: number }>()
  private barShown = false

  constructor(
    private readonly io: CliIo,
    private readonly pairs: SeedOptions[],
    private readonly json: boolean,
  ) {}

  /** Human-readable lines go to stderr with --json, so stdout holds exactly one JSON document. */
  log(text: string): void {
    this.clearBar()
    ;(this.json ? this.io.stderr : this.io.stdout).write(`${text}\n`)
  }

  private label(index: number): string {
    if (this.pairs.length === 1) return ''
    const pair = this.pairs[index] as SeedOptions
    return `[${pair.source} -> ${pair.destination}] `
  }

  event(index: number, event: SeedEvent): void {
    const label = this.label(index)
    if (event.type === 'job-progress') return this.progress(index, label, event.job)
    if (event.type === 'manifest-progress') {
      if (this.io.isTTY && !this.json && this.pairs.length === 1) this.drawBar(`Listed ${event.listed} objects`)
      return
    }
    const text = eventText(event)
    if (text === undefined) return
    if (event.type === 'warning') {
      this.clearBar()
      this.io.stderr.write(`${label}${text}\n`)
    } else this.log(`${label}${text}`)
  }

  private progress(index: number, label: string, job: JobSnapshot): void {
    if (this.io.isTTY && !this.json && this.pairs.length === 1) {
      this.drawBar(progressBar(job))
      return
    }
    // Plain output: a line when the state changes or another tenth of the tasks is done.
    const line = stateLine(job)
    const decile = job.total ? Math.floor(((job.succeeded + job.failed) / job.total) * 10) : 0
    const last = this.last.get(index)
    if (last !== undefined && last.status === job.status && last.decile === decile) return
    this.last.set(index, { line, status: job.status, decile })
    this.log(`${label}${line}`)
  }

  private drawBar(text: string): void {
    this.io.stdout.write(`\r\x1b[2K${text}`)
    this.barShown = true
  }

  private clearBar(): void {
    if (!this.barShown) return
    this.io.stdout.write('\r\x1b[2K')
    this.barShown = false
  }

  /** Final lines for each pair, the table for many pairs, and the follow-up command when detached. */
  finish(outcomes: PairOutcome[]): void {
    this.clearBar()
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
      this.io.stderr.write(`${label}error: ${outcome.error.message}\n`)
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
        this.dryRun(label, result)
        return
      case 'created':
        return
      case 'finished': {
        const { outcome: polled } = result
        if (polled.state === 'aborted') {
          this.log(`${label}Stopped waiting; job ${result.jobId} keeps running. Follow it with: s3-seed watch ${result.jobId} --region ${result.region}`)
          return
        }
        // The last progress line may already say exactly this.
        if (this.last.get(index)?.line !== stateLine(polled.job)) this.log(`${label}${stateLine(polled.job)}`)
        if (polled.state === 'failed') this.log(`${label}Job failed: ${polled.reasons.join('; ') || 'no reason given'}`)
        if (result.report) this.failureSummary(label, result.report)
      }
    }
  }

  private failureSummary(label: string, report: ReportSummary): void {
    if (report.failed === 0) return
    this.log(`${label}${report.failed} of ${report.failed + report.succeeded} tasks failed:`)
    for (const group of report.failures) {
      this.log(`${label}  ${group.errorCode}${group.httpStatus ? ` (HTTP ${group.httpStatus})` : ''}: ${group.count} task${group.count === 1 ? '' : 's'}${group.message ? ` - ${group.message}` : ''}`)
      this.log(`${label}    e.g. ${group.examples.map((key) => JSON.stringify(key)).join(', ')}`)
    }
    this.log(`${label}Completion report: ${report.location}`)
  }

  private dryRun(label: string, result: Extract<SeedResult, { kind: 'dry-run' }>): void {
    const { plan, cost } = result
    const lines = [
      `Plan (dry run) for ${plan.source} -> ${plan.destination}:`,
      `  Source:       s3://${plan.source}/${plan.prefix} (${result.sourceRegion}): ${result.objectCount} objects to copy, ${result.totalBytes} bytes${result.skipped ? ` (${result.skipped} already in the destination)` : ''}`,
      `  Destination:  s3://${plan.destination} (${result.destinationRegion}); replication from source: ${result.replicated ? 'on' : 'OFF'}`,
      `  Role:         ${plan.role.kind === 'existing' ? `use ${plan.role.arn}` : `create or update ${plan.role.name}`}`,
      `  Manifest:     ${
        plan.manifestSource.kind === 'generated' ? `generated by S3 (filter: under 5 GB, not archived${plan.manifestSource.createdBefore ? `, created before ${plan.manifestSource.createdBefore.toISOString()}` : ''})`
        : plan.manifestSource.kind === 'inventory' ? `S3 Inventory s3://${plan.manifestSource.bucket}/${plan.manifestSource.key}`
        : `s3://${plan.manifest.bucket}/${plan.manifest.key}`
      }`,
      `  Report:       ${plan.report.enabled ? `s3://${plan.report.bucket}/${plan.report.prefix}/ (${plan.report.scope})` : 'off'}`,
      result.operation === 'replicate'
        ? `  Job:          S3ReplicateObject (Batch Replication) in ${result.sourceRegion}, generated manifest of versions not yet replicated, priority ${plan.priority}`
        : `  Job:          S3PutObjectCopy in ${result.destinationRegion}, priority ${plan.priority}${plan.copy.storageClass ? `, storage class ${plan.copy.storageClass}` : ''}${plan.copy.kmsKeyId ? `, KMS key ${plan.copy.kmsKeyId}` : ''}${plan.copy.cannedAcl ? `, ACL ${plan.copy.cannedAcl}` : ''}`,
      ...(plan.origin ? [`  From:         ${plan.origin}`] : []),
      ...(result.diverted.large.count > 0 ? [`  Over 5 GB:    ${result.diverted.large.count} objects (${result.diverted.large.bytes} bytes), copied by s3-seed in parts, not by the job`] : []),
      ...(result.diverted.archived.count > 0 ? [`  Archived:     ${result.diverted.archived.count} objects in GLACIER/DEEP_ARCHIVE will not be copied (restore them first)`] : []),
      `  Estimated charge: $${cost.totalUsd.toFixed(2)} = $${cost.jobFeesUsd.toFixed(2)} per job + $${cost.objectFeesUsd.toFixed(4)} per-object fee + $${cost.requestFeesUsd.toFixed(4)} in copy requests (us-east-1 list prices; transfer not included)`,
      'Nothing was changed (--dry-run).',
    ]
    for (const line of lines) this.log(`${label}${line}`)
  }

  private table(outcomes: PairOutcome[]): void {
    const rows = outcomes.map((outcome) => {
      const pair = `${outcome.options.source} -> ${outcome.options.destination}`
      if ('error' in outcome) return [pair, '-', 'error', '', '', '']
      const result = outcome.result
      if (result.kind === 'finished' && result.outcome.job) {
        const job = result.outcome.job
        return [pair, result.jobId, job.status, String(job.total ?? ''), String(job.succeeded), String(job.failed)]
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
      const failedTasks = (polled.job?.failed ?? 0) > 0
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
      }
  }
}
