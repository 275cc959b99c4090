import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { S3Client } from '@aws-sdk/client-s3'
import { limitHeapGrowth, type ReportSummary } from '@s3-seed/core'

/**
 * `pnpm --filter @s3-seed/bench bench:report`: the memory and time of summing up a job's completion
 * report (core's readReport). With the default AllTasks scope the report has a row per task (UG
 * batch-ops-job-status), so a 50M-object job's is gigabytes; the goal (issue #23) is a 2M-task
 * report in under 100 MB of RSS. The report is generated as it is read, never stored: a real
 * S3Client whose request handler answers GetObject in process, so the body reaches readReport as
 * the SDK's own streaming Body (a Readable with its transformTo* methods) and no network or disk
 * takes part in the measurement.
 *
 * Flags: --tasks N (default 2000000), --failed PERCENT (default 10), --chunk BYTES (body chunk size,
 * default 65536), --impl PATH (a module exporting readReport to measure instead of core's, e.g. a
 * copy of an older build).
 */
const args = new Map<string, string>()
const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'))
for (let index = 0; index < argv.length; index += 2) args.set((argv[index] as string).replace(/^--/, ''), argv[index + 1] ?? '')
const tasks = Number(args.get('tasks') ?? 2_000_000)
const failedPercent = Number(args.get('failed') ?? 10)
const chunkBytes = Number(args.get('chunk') ?? 65_536)

type ReadReport = (s3: S3Client, options: { bucket: string; prefix: string; jobId: string }) => Promise<ReportSummary | undefined>
// readReport is not in core's public API (seeding calls it); its module is found beside core's
// entry point rather than through a relative path into the package.
const impl = args.get('impl') ?? new URL('./jobs/completion-report.js', import.meta.resolve('@s3-seed/core')).href
const { readReport } = (await import(impl.startsWith('file:') ? impl : pathToFileURL(impl).href)) as { readReport: ReadReport }

// As the CLI's bin does: s3-seed's users sum up reports in a process set up this way.
limitHeapGrowth()

const BUCKET = 'reports'
const FOLDER = 'seed/job-bench'
const FAILURES = [
  { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.', weight: 5 },
  { code: 'InternalError', status: 500, message: 'We encountered an internal error. Please try again.', weight: 3 },
  { code: 'AccessDenied', status: 403, message: 'Access Denied', weight: 1 },
  { code: 'PreconditionFailed', status: 412, message: 'At least one of the pre-conditions you specified did not hold', weight: 1 },
]
const WEIGHTS = FAILURES.flatMap((failure, index) => Array.from({ length: failure.weight }, () => index))

/** Whether task `index` failed, and how: `failedPercent` of the tasks, spread evenly. */
function failureOf(index: number): (typeof FAILURES)[number] | undefined {
  if ((index * failedPercent) % 100 >= failedPercent) return undefined
  // The failed tasks before this one pick the code in turn, by weight.
  return FAILURES[WEIGHTS[Math.floor((index * failedPercent) / 100) % WEIGHTS.length] as number]
}

/**
 * Writes ASCII into chunks of about `chunkBytes` with no allocation per row: rows built as strings
 * (2M of them, about 1.5 GB of short-lived strings) keep V8's collector busy enough to promote some
 * of it, and the peak would then measure this generator more than the reader.
 */
class ChunkWriter {
  private chunk = Buffer.allocUnsafe(chunkBytes)
  private length = 0

  text(value: string): void {
    for (let index = 0; index < value.length; index++) this.chunk[this.length++] = value.charCodeAt(index)
  }

  digits(value: number, radix = 10, width = 1): void {
    let count = 1
    while (radix ** count <= value) count++
    count = Math.max(count, width)
    for (let index = count - 1; index >= 0; index--) {
      this.chunk[this.length + index] = '0123456789abcdef'.charCodeAt(value % radix)
      value = Math.floor(value / radix)
    }
    this.length += count
  }

  repeat(char: string, count: number): void {
    this.chunk.fill(char, this.length, this.length + count)
    this.length += count
  }

  /** The chunk so far once the next row might not fit (rows are under 512 bytes), and a fresh chunk begun. */
  full(): Buffer | undefined {
    if (this.length < chunkBytes - 512) return undefined
    return this.take()
  }

  take(): Buffer {
    const chunk = this.chunk.subarray(0, this.length)
    this.chunk = Buffer.allocUnsafe(chunkBytes)
    this.length = 0
    return chunk
  }
}

/**
 * Task `index`'s row (UG batch-ops-examples-reports: HTTP status before error code, as AWS's
 * samples). Its key is as the manifest had it, URL-encoded (as s3-seed writes manifests), 60 to 120
 * characters of date partitions and a hex id; every 100th holds a raw line break and every other
 * 50th a comma and quotes, so their fields are quoted.
 */
function writeRow(out: ChunkWriter, index: number, failure: (typeof FAILURES)[number] | undefined): void {
  const odd = index % 100 === 0 ? '\n""line,break""' : index % 50 === 0 ? ',""quoted""' : ''
  out.text(odd === '' ? 'source-bucket,' : 'source-bucket,"')
  out.text('events/year%3D2026/month%3D')
  out.digits((index % 12) + 1)
  out.text('/day%3D')
  out.digits((index % 28) + 1)
  out.text('/')
  out.digits(Math.imul(index, 2_654_435_761) >>> 0, 16, 8)
  out.text('-')
  out.digits(index)
  out.repeat('x', index % 61)
  out.text(odd)
  out.text(odd === '' ? '.json.gz,,' : '.json.gz",,')
  if (failure === undefined) return out.text('succeeded,200,,Successful\n')
  out.text('failed,')
  out.digits(failure.status)
  out.text(',')
  out.text(failure.code)
  out.text(',"')
  out.text(failure.message)
  out.text('"\n')
}

/** A result file, chunk by chunk. */
function* resultFile(status: 'succeeded' | 'failed'): Generator<Buffer> {
  const out = new ChunkWriter()
  for (let index = 0; index < tasks; index++) {
    const failure = failureOf(index)
    if ((failure !== undefined) !== (status === 'failed')) continue
    writeRow(out, index, failure)
    const chunk = out.full()
    if (chunk !== undefined) yield chunk
  }
  yield out.take()
}

const manifest = JSON.stringify({
  Format: 'Report_CSV_20180820',
  ReportCreationDate: new Date().toISOString(),
  Results: (['succeeded', 'failed'] as const).map((status) => ({ TaskExecutionStatus: status, Bucket: `arn:aws:s3:::${BUCKET}`, Key: `${FOLDER}/results/${status}.csv` })),
  ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
})

let reportBytes = 0
let sampledPeak = 0
/** Answers GetObject (path-style) from the generated report. */
const requestHandler = {
  handle: async (request: { path: string }) => {
    const key = decodeURIComponent(request.path.replace(`/${BUCKET}/`, ''))
    const status = /results\/(succeeded|failed)\.csv$/.exec(key)?.[1] as 'succeeded' | 'failed' | undefined
    const chunks = key === `${FOLDER}/manifest.json` ? [Buffer.from(manifest)] : status === undefined ? undefined : resultFile(status)
    if (chunks === undefined) return { response: { statusCode: 404, headers: {}, body: Readable.from([Buffer.from('<Error><Code>NoSuchKey</Code></Error>')]) } }
    const counted = (function* () {
      for (const chunk of chunks) {
        reportBytes += chunk.length
        // Sampled here, as the body is read: reading keeps the event loop in process.nextTick and
        // promise jobs, where a timer would not fire.
        sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())
        yield chunk
      }
    })()
    return { response: { statusCode: 200, headers: { 'content-type': 'text/csv' }, body: Readable.from(counted, { objectMode: false }) } }
  },
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const s3 = new S3Client({ region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, requestHandler })

// Peak RSS: the kernel's high-water mark (getrusage), and samples taken as the body is read.
const rssAtStart = process.memoryUsage.rss()
sampledPeak = rssAtStart
const started = performance.now()
const summary = await readReport(s3, { bucket: BUCKET, prefix: 'seed', jobId: 'bench' })
const seconds = (performance.now() - started) / 1000
const maxRssMb = process.resourceUsage().maxRSS / 1024
const cpu = process.cpuUsage()

// The summary must be right for the numbers to mean anything.
const expected = new Map<string, number>()
let failed = 0
for (let index = 0; index < tasks; index++) {
  const failure = failureOf(index)
  if (failure === undefined) continue
  failed++
  expected.set(failure.code, (expected.get(failure.code) ?? 0) + 1)
}
const counts = new Map(summary?.failures.map((group) => [group.errorCode, group.count]))
const ok = summary?.succeeded === tasks - failed && summary.failed === failed && [...expected].every(([code, count]) => counts.get(code) === count)
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0)
process.stdout.write(
  [
    `readReport from ${impl}`,
    `${tasks.toLocaleString('en')} tasks (${failed.toLocaleString('en')} failed), a report of ${mb(reportBytes)} MB in ${chunkBytes}-byte chunks`,
    `wall ${seconds.toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (the generator's share included)`,
    `peak RSS ${maxRssMb.toFixed(0)} MB (sampled ${mb(sampledPeak)} MB; ${mb(rssAtStart)} MB before reading; goal under 100 MB: ${maxRssMb < 100 ? 'met' : 'missed'})`,
    `summary ${ok ? 'correct' : 'WRONG'}: ${JSON.stringify({ succeeded: summary?.succeeded, failed: summary?.failed, failures: summary?.failures.map((group) => `${group.errorCode} ${group.httpStatus} ${group.count}`) })}`,
    `examples of ${summary?.failures[0]?.errorCode}: ${JSON.stringify(summary?.failures[0]?.examples)}`,
    '',
  ].join('\n'),
)
if (!ok) process.exitCode = 1
