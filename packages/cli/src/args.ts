import { cac, type CAC } from 'cac'
import { createRequire } from 'node:module'
import type { SeedOptions } from '@s3-seed/core'

/** Options every command takes: where AWS is and how to talk. */
export interface GlobalOptions {
  region?: string
  profile?: string
  json: boolean
}

export interface SeedCommandOptions extends GlobalOptions {
  source?: string
  destination?: string
  pairsFile?: string
  /** --from-replication: the buckets whose replication rules give the pairs (empty: every bucket). */
  fromReplication?: string[]
  detach: boolean
  dryRun: boolean
  /** Pairs seeded at once. */
  concurrency: number
  /** First delay between DescribeJob calls, in seconds. */
  pollIntervalSeconds: number
  /** Request restores of GLACIER/DEEP_ARCHIVE objects for this many days. */
  restoreArchivedDays?: number
  /** Settings for every pair (a pairs file may override them per pair). */
  defaults: Omit<SeedOptions, 'source' | 'destination'>
}

export interface JobsCommandOptions extends GlobalOptions {
  jobIds: string[]
  pollIntervalSeconds: number
}

export interface RetryCommandOptions extends GlobalOptions {
  jobId: string
  detach: boolean
  pollIntervalSeconds: number
}

export interface VerifyCommandOptions extends GlobalOptions {
  source: string
  destination: string
  prefix?: string
  compareEtags: boolean
  csvFile?: string
}

export interface CleanupCommandOptions extends GlobalOptions {
  buckets: string[]
  yes: boolean
}

export type ParsedCommand =
  | { name: 'seed'; options: SeedCommandOptions }
  | { name: 'status' | 'watch' | 'cancel'; options: JobsCommandOptions }
  | { name: 'cleanup'; options: CleanupCommandOptions }
  | { name: 'verify'; options: VerifyCommandOptions }
  | { name: 'retry'; options: RetryCommandOptions }
  /** cac has already printed the help or the version. */
  | { name: 'help' | 'version' }

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export const EXIT_CODES_HELP = `Exit codes:
  0  every task succeeded (or nothing to do, --dry-run, --detach)
  1  a job failed, was cancelled, or some of its tasks failed (the failure summary is printed)
  2  bad usage or input (nothing was changed)
  3  an AWS error (permissions, missing bucket, throttling, ...)`

/**
 * The command line, as a pure function from argv to a typed command. Option values are read from
 * argv as typed: cac (via mri) turns "007" into 7 and "1e3" into 1000, which would corrupt
 * prefixes, bucket names and job IDs; cac still does the validation and the help.
 */
export function parseArgs(argv: string[]): ParsedCommand {
  let parsed: ParsedCommand = { name: 'help' }
  const raw = rawOptionValues(argv)
  const cli = buildCli((command) => {
    parsed = command
  }, raw)
  cli.parse(argv, { run: false })
  if (cli.options.version) return { name: 'version' }
  if (cli.options.help) return { name: 'help' }
  cli.runMatchedCommand()
  return parsed
}

/** Option values as they appear in argv (`--name value` or `--name=value`), last one wins. */
function rawOptionValues(argv: string[]): Map<string, string> {
  const values = new Map<string, string>()
  argv.forEach((arg, index) => {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg)
    if (match === null) return
    const camel = (match[1] as string).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
    const value = match[2] ?? argv[index + 1]
    if (value !== undefined) values.set(camel, value)
  })
  return values
}

export function buildCli(onCommand: (command: ParsedCommand) => void = () => {}, raw = new Map<string, string>()): CAC {
  const cli = cac('s3-seed')
  const flagsOf = (parsed: Record<string, unknown>): Flags => ({ parsed, raw })
  const common = (command: ReturnType<CAC['command']>) =>
    command
      .option('--region <region>', 'Default AWS Region (else AWS_REGION, AWS_DEFAULT_REGION or us-east-1)')
      .option('--profile <name>', 'Named profile from your AWS config files')
      .option('--json', 'Print one JSON document on stdout; logs go to stderr')

  common(
    cli
      .command('[...buckets]', 'SOURCE DESTINATION: copy the objects of SOURCE into DESTINATION with an S3 Batch Operations job')
      .usage('SOURCE DESTINATION [options] | --pairs FILE [options] | --from-replication [BUCKET...] [options]')
      .option('--from-replication', 'Seed every enabled replication rule of the BUCKETs named (or of every bucket), with its prefix, storage class and KMS key')
      .option('--pairs <file>', 'Seed many pairs: a CSV (source,destination[,prefix]), JSON or YAML file')
      .option('--detach', 'Create the jobs and exit without waiting (follow up with status/watch)')
      .option('--dry-run', 'Show the plan, object count and estimated charge; change nothing')
      .option('--prefix <prefix>', 'Only copy objects whose key starts with this')
      .option('--role-arn <arn>', 'Use this existing IAM role instead of creating one')
      .option('--role-name <name>', 'Name of the role s3-seed creates or updates (default: s3-seed-<destination>-<hash>)')
      .option('--manifest-bucket <bucket>', 'Bucket for the manifest (default: the source bucket)')
      .option('--manifest-prefix <prefix>', 'Key prefix for manifests (default: .s3-seed/manifests/)')
      .option('--no-report', 'Do not write a completion report')
      .option('--report-bucket <bucket>', 'Bucket for the completion report (default: the destination bucket)')
      .option('--report-prefix <prefix>', 'Key prefix for reports (default: .s3-seed/reports)')
      .option('--report-scope <scope>', 'AllTasks or FailedTasksOnly (default: AllTasks)')
      .option('--priority <n>', 'Job priority, 0-2147483647, higher runs first (default: 10)')
      .option('--require-replication', 'Refuse unless the source already replicates to the destination')
      .option('--operation <name>', 'copy, replicate (Batch Replication, keeps version IDs) or auto: replicate for two-way replication (default: auto)')
      .option('--manifest <source>', 'list (s3-seed lists the bucket), generated (S3 lists it; for very large buckets) or s3://…/manifest.json of an S3 Inventory (default: list)')
      .option('--created-before <time>', 'With --manifest generated: only objects created before this ISO 8601 time, e.g. when replication was turned on')
      .option('--restore-archived <days>', 'Request a Bulk restore (for DAYS days) of GLACIER/DEEP_ARCHIVE objects, which a copy job cannot read; seed again when done')
      .option('--all', 'Copy every object, even those the destination already has (default: only missing or different ones)')
      .option('--concurrency <n>', 'Pairs seeded at once with --pairs (default: 4)')
      .option('--poll-interval <seconds>', 'Seconds between job status checks; grows while nothing changes (default: 5)'),
  ).action((buckets: unknown[], flags: Record<string, unknown>) => {
    onCommand({ name: 'seed', options: seedOptions(buckets.map(String), flagsOf(flags)) })
  })

  common(cli.command('status [...jobIds]', 'Show s3-seed jobs: the ones named, or all s3-seed jobs in the Region')).action(
    (jobIds: unknown[], flags: Record<string, unknown>) => onCommand({ name: 'status', options: jobsOptions(jobIds, flagsOf(flags)) }),
  )
  common(
    cli
      .command('watch [...jobIds]', 'Wait for jobs to end, showing progress (default: all unfinished s3-seed jobs in the Region)')
      .option('--poll-interval <seconds>', 'Seconds between checks (default: 5)'),
  ).action((jobIds: unknown[], flags: Record<string, unknown>) => onCommand({ name: 'watch', options: jobsOptions(jobIds, flagsOf(flags)) }))
  common(cli.command('cancel <...jobIds>', 'Cancel jobs')).action((jobIds: unknown[], flags: Record<string, unknown>) =>
    onCommand({ name: 'cancel', options: jobsOptions(jobIds, flagsOf(flags)) }),
  )
  common(
    cli
      .command('retry <jobId>', "Run a job's failed tasks again, from its completion report, as a new job")
      .option('--detach', 'Create the job and exit without waiting')
      .option('--poll-interval <seconds>', 'Seconds between checks (default: 5)'),
  ).action((jobId: unknown, flags: Record<string, unknown>) => {
    const parsedFlags = flagsOf(flags)
    onCommand({
      name: 'retry',
      options: {
        ...globalOptions(parsedFlags),
        jobId: String(jobId),
        detach: flags.detach === true,
        pollIntervalSeconds: positive(optionText(parsedFlags, 'pollInterval'), '--poll-interval') ?? 5,
      },
    })
  })
  common(
    cli
      .command('verify <source> <destination>', 'Compare the buckets: list missing, extra and differing objects; exit 0 only if DESTINATION has them all')
      .option('--prefix <prefix>', 'Only compare keys that start with this')
      .option('--etag', 'Also compare ETags where both are plain MD5s (off: copies of multipart or KMS objects get other ETags)')
      .option('--csv <file>', 'Write every difference to this CSV file'),
  ).action((source: unknown, destination: unknown, flags: Record<string, unknown>) => {
    const parsedFlags = flagsOf(flags)
    const prefix = optionText(parsedFlags, 'prefix')
    const csvFile = optionText(parsedFlags, 'csv')
    onCommand({
      name: 'verify',
      options: {
        ...globalOptions(parsedFlags),
        source: String(source),
        destination: String(destination),
        ...(prefix === undefined ? {} : { prefix }),
        compareEtags: flags.etag === true,
        ...(csvFile === undefined ? {} : { csvFile }),
      },
    })
  })
  common(
    cli
      .command('cleanup [...buckets]', "Remove the IAM roles s3-seed created, and its manifests from the buckets named")
      .option('--yes', 'Really delete (without it, only list what would go)'),
  ).action((buckets: unknown[], flags: Record<string, unknown>) =>
    onCommand({ name: 'cleanup', options: { ...globalOptions(flagsOf(flags)), buckets: buckets.map(String), yes: flags.yes === true } }),
  )
  cli.help((sections) => [...sections, { body: EXIT_CODES_HELP }])
  cli.version(version)
  return cli
}

/** cac's flags, plus the option values as typed, which win over cac's converted ones. */
interface Flags {
  parsed: Record<string, unknown>
  raw: Map<string, string>
}

/** The value of a string option, as typed on the command line. */
function optionText(flags: Flags, name: string): string | undefined {
  const value = flags.parsed[name]
  if (value === undefined || typeof value === 'boolean') return undefined
  return flags.raw.get(name) ?? String(value)
}

function globalOptions(flags: Flags): GlobalOptions {
  const region = optionText(flags, 'region')
  const profile = optionText(flags, 'profile')
  return {
    ...(region === undefined ? {} : { region }),
    ...(profile === undefined ? {} : { profile }),
    json: flags.parsed.json === true,
  }
}

function seedOptions(positional: string[], flags: Flags): SeedCommandOptions {
  // mri reads `--from-replication bucket-a` as the flag's value: put it back among the buckets.
  const flag = flags.parsed.fromReplication
  const fromReplication = flag !== undefined && flag !== false
  const buckets = typeof flag === 'string' || typeof flag === 'number' ? [String(flags.raw.get('fromReplication') ?? flag), ...positional] : positional
  const [source, destination] = fromReplication ? [] : buckets
  if (!fromReplication && buckets.length > 2) throw usage(`Expected SOURCE and DESTINATION, got ${buckets.length} buckets (${buckets.join(' ')}).`)
  const text = (name: string) => optionText(flags, name)
  const defaults: SeedCommandOptions['defaults'] = {}
  const set = <K extends keyof SeedCommandOptions['defaults']>(key: K, value: SeedCommandOptions['defaults'][K] | undefined) => {
    if (value !== undefined) defaults[key] = value
  }
  set('prefix', text('prefix'))
  set('roleArn', text('roleArn'))
  set('roleName', text('roleName'))
  set('manifestBucket', text('manifestBucket'))
  set('manifestPrefix', text('manifestPrefix'))
  if (flags.parsed.report === false) defaults.report = false
  set('reportBucket', text('reportBucket'))
  set('reportPrefix', text('reportPrefix'))
  const scope = text('reportScope')
  if (scope !== undefined) {
    if (scope !== 'AllTasks' && scope !== 'FailedTasksOnly') throw usage(`--report-scope must be AllTasks or FailedTasksOnly, not "${scope}".`)
    defaults.reportScope = scope
  }
  set('priority', integer(text('priority'), '--priority', 0))
  const manifest = text('manifest')
  if (manifest !== undefined) defaults.manifestSource = manifest
  const createdBefore = text('createdBefore')
  if (createdBefore !== undefined) {
    const time = new Date(createdBefore)
    if (Number.isNaN(time.getTime())) throw usage(`--created-before must be an ISO 8601 time such as 2026-11-01T00:00:00Z, not "${createdBefore}".`)
    defaults.createdBefore = time
  }
  const operation = text('operation')
  if (operation !== undefined) {
    if (operation !== 'copy' && operation !== 'replicate' && operation !== 'auto') throw usage(`--operation must be copy, replicate or auto, not "${operation}".`)
    defaults.operation = operation
  }
  if (flags.parsed.requireReplication === true) defaults.requireReplication = true
  if (flags.parsed.all === true) defaults.all = true
  const pairsFile = text('pairs')
  if (fromReplication && pairsFile !== undefined) throw usage('Give either --from-replication or --pairs FILE, not both.')
  if (pairsFile !== undefined && (source !== undefined || destination !== undefined)) {
    throw usage('Give either SOURCE and DESTINATION or --pairs FILE, not both.')
  }
  if (!fromReplication && pairsFile === undefined && (source === undefined || destination === undefined)) {
    throw usage('Give a SOURCE and a DESTINATION bucket (s3-seed SOURCE DESTINATION), or --pairs FILE. See s3-seed --help.')
  }
  return {
    ...globalOptions(flags),
    ...(source === undefined ? {} : { source: String(source) }),
    ...(destination === undefined ? {} : { destination: String(destination) }),
    ...(pairsFile === undefined ? {} : { pairsFile }),
    ...(fromReplication ? { fromReplication: buckets } : {}),
    detach: flags.parsed.detach === true,
    dryRun: flags.parsed.dryRun === true,
    concurrency: integer(text('concurrency'), '--concurrency', 1) ?? 4,
    pollIntervalSeconds: positive(text('pollInterval'), '--poll-interval') ?? 5,
    ...(text('restoreArchived') === undefined ? {} : { restoreArchivedDays: integer(text('restoreArchived'), '--restore-archived', 1) as number }),
    defaults,
  }
}

function jobsOptions(jobIds: unknown[], flags: Flags): JobsCommandOptions {
  return {
    ...globalOptions(flags),
    jobIds: jobIds.map(String),
    pollIntervalSeconds: positive(optionText(flags, 'pollInterval'), '--poll-interval') ?? 5,
  }
}

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min) throw usage(`${flag} must be a whole number of at least ${min}, not "${value}".`)
  return Number(value)
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) throw usage(`${flag} must be a positive number of seconds, not "${value}".`)
  return number
}

/** A usage error: cac's own class name, so main maps it to exit code 2. */
export class UsageError extends Error {
  override name = 'CACError'
}

function usage(message: string): UsageError {
  return new UsageError(message)
}
