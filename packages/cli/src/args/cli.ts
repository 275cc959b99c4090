import { PAIR_OPTIONS, type OptionKey } from '@s3-seed/core/base'
import { cac, type CAC, type Command } from 'cac'
import { createRequire } from 'node:module'
import { addOption, globalOptions, maxPollOutageMinutes, optionText, pollIntervalSeconds, type Flags } from './flags.js'
import { seedOptions } from './seed-options.js'
import type { CheckCommandOptions, ParsedCommand } from './types.js'

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string }

export const EXIT_CODES_HELP = `Exit codes:
  0  every task succeeded (or nothing to do, --dry-run, --detach)
  1  a job failed, was cancelled, or some of its tasks failed (the failure summary is printed)
  2  bad usage or input (nothing was changed)
  3  an AWS error (permissions, missing bucket, throttling, ...)
  130  interrupted (Ctrl-C); jobs already created keep running
check exits 0 when every pair passes, 1 when any fails, 2 for bad usage.
verify exits 0 when no object is missing or differs, in size or (--checksum) content, else 1;
objects --checksum cannot compare are reported apart and do not change it.`

/** The seed command's run settings, in the order --help lists them; its pair settings follow. */
const SEED_RUN_OPTIONS: OptionKey[] = ['fromReplication', 'pairs', 'detach', 'dryRun', 'check']
const SEED_LATER_OPTIONS: OptionKey[] = ['restoreArchived', 'concurrency', 'pollInterval', 'maxPollOutage', 'retryRounds', 'settleTimeout']

function withGlobals(command: Command): Command {
  for (const key of ['region', 'profile', 'json', 'verbose'] as const) addOption(command, key)
  return command
}

/** The commands and their flags, from the option schema; each action hands a typed command to `onCommand`. */
export function buildCli(onCommand: (command: ParsedCommand) => void = () => {}, raw = new Map<string, string>()): CAC {
  const cli = cac('s3-seed')
  const flagsOf = (parsed: Record<string, unknown>): Flags => ({ parsed, raw })

  const seed = cli
    .command('[...buckets]', 'SOURCE DESTINATION: copy the objects of SOURCE into DESTINATION with an S3 Batch Operations job')
    .usage('SOURCE DESTINATION [options] | --pairs FILE [options] | --from-replication [BUCKET...] [options]')
  for (const key of [...SEED_RUN_OPTIONS, ...(Object.keys(PAIR_OPTIONS) as OptionKey[]), ...SEED_LATER_OPTIONS]) addOption(seed, key)
  withGlobals(seed).action((buckets: unknown[], flags: Record<string, unknown>) => onCommand({ name: 'seed', options: seedOptions(buckets.map(String), flagsOf(flags)) }))

  const check = cli
    .command('check [...buckets]', 'Check that every pair would work (buckets, versioning, replication, ownership, Object Lock, KMS keys, a cross-account policy, your and the role\'s permissions); read and change nothing')
    .usage('check SOURCE DESTINATION [options] | check --pairs FILE [options] | check --from-replication [BUCKET...] [options]')
  for (const key of ['fromReplication', 'pairs', ...(Object.keys(PAIR_OPTIONS) as OptionKey[]), 'concurrency'] as OptionKey[]) addOption(check, key)
  withGlobals(check).action((buckets: unknown[], flags: Record<string, unknown>) => {
    const parsed = flagsOf(flags)
    const { pairs, concurrency, defaults } = seedOptions(buckets.map(String), parsed)
    const options: CheckCommandOptions = { ...globalOptions(parsed), pairs, concurrency, defaults }
    onCommand({ name: 'check', options })
  })

  const jobs = (name: 'status' | 'watch' | 'cancel') => (jobIds: unknown[], flags: Record<string, unknown>) => {
    const parsed = flagsOf(flags)
    onCommand({ name, options: { ...globalOptions(parsed), jobIds: jobIds.map(String), pollIntervalSeconds: pollIntervalSeconds(parsed), maxPollOutageMinutes: maxPollOutageMinutes(parsed) } })
  }
  withGlobals(cli.command('status [...jobIds]', 'Show s3-seed jobs: the ones named, or all s3-seed jobs in the Region')).action(jobs('status'))
  const watch = cli.command('watch [...jobIds]', 'Wait for jobs to end, showing progress (default: all unfinished s3-seed jobs in the Region)')
  withGlobals(addOption(addOption(watch, 'pollInterval'), 'maxPollOutage')).action(jobs('watch'))
  withGlobals(cli.command('cancel <...jobIds>', 'Cancel jobs')).action(jobs('cancel'))

  const retry = cli.command('retry <jobId>', "Run a job's failed tasks again, from its completion report, as a new job")
  for (const key of ['pollInterval', 'maxPollOutage'] as const) addOption(retry, key)
  withGlobals(addOption(retry, 'detach', 'Create the job and exit without waiting')).action((jobId: unknown, flags: Record<string, unknown>) => {
    const parsed = flagsOf(flags)
    onCommand({
      name: 'retry',
      options: { ...globalOptions(parsed), jobId: String(jobId), detach: flags.detach === true, pollIntervalSeconds: pollIntervalSeconds(parsed), maxPollOutageMinutes: maxPollOutageMinutes(parsed) },
    })
  })

  const verify = cli
    .command('verify <source> <destination>', 'Compare the buckets: list missing, extra and differing objects; exit 0 only if DESTINATION has them all, with the same size (and content, with --checksum)')
    .option('--etag', 'Also compare ETags where both are plain MD5s (off: copies of multipart or KMS objects get other ETags)')
    .option('--csv <file>', "Write every difference to this new CSV file (mode 0600). Cells that start with = + - @ get a leading ' (a guard against spreadsheet formulas, not part of the key)")
    .option('--force', 'With --csv: replace the file if it exists (a symbolic link is replaced, never followed)')
  addOption(verify, 'checksum')
  addOption(verify, 'destinationAccount')
  withGlobals(addOption(verify, 'prefix', 'Only compare keys that start with this')).action((source: unknown, destination: unknown, flags: Record<string, unknown>) => {
    const parsed = flagsOf(flags)
    const prefix = optionText(parsed, 'prefix')
    const csvFile = optionText(parsed, 'csv')
    onCommand({
      name: 'verify',
      options: {
        ...globalOptions(parsed),
        source: String(source),
        destination: String(destination),
        ...(prefix === undefined ? {} : { prefix }),
        compareEtags: flags.etag === true,
        checksum: flags.checksum === true,
        ...(csvFile === undefined ? {} : { csvFile }),
        force: flags.force === true,
        ...(optionText(parsed, 'destinationAccount') === undefined ? {} : { destinationAccount: optionText(parsed, 'destinationAccount') as string }),
      },
    })
  })

  const cleanup = cli
    .command('cleanup [...buckets]', 'Remove the IAM roles s3-seed created, and its manifests from the buckets named')
    .option('--yes', 'Really delete (without it, only list what would go)')
  withGlobals(cleanup).action((buckets: unknown[], flags: Record<string, unknown>) =>
    onCommand({ name: 'cleanup', options: { ...globalOptions(flagsOf(flags)), buckets: buckets.map(String), yes: flags.yes === true } }),
  )
  cli.help((sections) => [...sections, { body: EXIT_CODES_HELP }])
  cli.version(version)
  return cli
}
