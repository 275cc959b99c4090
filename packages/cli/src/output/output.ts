import { stateLine, type JobSnapshot } from '@s3-seed/core/base'
import type { CliIo } from '../io.js'

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

/**
 * How every command writes: human lines on stdout (on stderr with --json, so stdout holds exactly one
 * JSON document), warnings and errors on stderr, a live bar on a terminal, and plain progress lines
 * (one per state change or tenth of the tasks) everywhere else.
 */
export class Output {
  private barShown = false
  /** The last plain progress line per job (or pair), with what it showed. */
  private readonly lastProgress = new Map<string, { line: string; status: string; decile: number }>()

  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
  ) {}

  /** A bar may be drawn: a terminal, and no --json. */
  get live(): boolean {
    return this.io.isTTY && !this.json
  }

  log(text: string): void {
    this.clearBar()
    ;(this.json ? this.io.stderr : this.io.stdout).write(`${text}\n`)
  }

  warn(text: string): void {
    this.clearBar()
    this.io.stderr.write(`${text}\n`)
  }

  /** The run's one JSON document (only with --json). */
  document(value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  }

  bar(text: string): void {
    this.io.stdout.write(`\r\x1b[2K${text}`)
    this.barShown = true
  }

  clearBar(): void {
    if (!this.barShown) return
    this.io.stdout.write('\r\x1b[2K')
    this.barShown = false
  }

  /** A job's progress: the bar when `live` and it is the only job shown, else a plain line when something changed. */
  jobProgress(key: string, label: string, job: JobSnapshot, single: boolean): void {
    if (single && this.live) return this.bar(progressBar(job))
    const line = stateLine(job)
    const decile = job.total ? Math.floor(((job.succeeded + job.failed) / job.total) * 10) : 0
    const last = this.lastProgress.get(key)
    if (last !== undefined && last.status === job.status && last.decile === decile) return
    this.lastProgress.set(key, { line, status: job.status, decile })
    this.log(`${label}${line}`)
  }

  /** The last plain progress line printed for `key`, if any. */
  lastProgressLine(key: string): string | undefined {
    return this.lastProgress.get(key)?.line
  }
}
