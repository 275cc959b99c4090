/**
 * Every option of s3-seed, declared once. The SeedOptions type, the CLI's flags and help, the
 * pairs-file keys (CSV columns, JSON, YAML), the Action's inputs and its action.yml all derive from
 * these tables; tests fail when one drifts (api.test.ts, the CLI's args tests, the Action's
 * action.yml snapshot).
 *
 * Names: the key is camelCase (SeedOptions, pairs-file keys); the flag is `--` + kebab-case unless
 * `flag` says otherwise; the Action input is the flag without `--`.
 */

export type Surface = 'cli' | 'action' | 'pairs-file'

export type OptionType =
  | { kind: 'string'; maxLength?: number; pattern?: RegExp; patternText?: string }
  | { kind: 'bucket' }
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'seconds'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'time' }
  | { kind: 'buckets' }
  /** Several values (a repeated flag; commas or spaces in an input or CSV cell), each matching `pattern`. */
  | { kind: 'list'; pattern: RegExp; patternText: string }

export interface OptionSpec {
  type: OptionType
  /** One line for --help, action.yml and the README. */
  description: string
  /**
   * The value s3-seed uses when the option is not given, stated here and nowhere else: planSeed
   * applies the pair options', the seeding run (seedContext, seedMany) and the adapters the run
   * options', all through defaultOf.
   */
  default?: string | number | boolean
  /** A default that is not one value (it follows from other options, or S3 applies it), as help shows it. */
  defaultText?: string
  /**
   * The Action's default: written to action.yml and applied to an unset input. Only options whose
   * default is a plain value have one; the others stay unset, so core applies its own default.
   */
  actionDefault?: string | number | boolean
  /** For a boolean that defaults to true: the help of its `--no-` flag. */
  offDescription?: string
  /** The flag when it is not `--` + kebab-case of the key. */
  flag?: string
  /** The value's name in --help, e.g. `<prefix>`. Default: `<kebab-key>`. */
  placeholder?: string
  /** Surfaces this option is not on, each with the reason. Every option is on every surface otherwise. */
  notOn?: Partial<Record<Surface, string>>
}

const ONE_PER_RUN = 'it applies to the whole run, not to one pair'

/** Settings of one seeding: on the command line, as Action inputs, and per entry in a pairs file. */
export const PAIR_OPTIONS = {
  prefix: { type: { kind: 'string', maxLength: 1024 }, description: 'Only copy objects whose key starts with this', default: '' },
  destinationAccount: {
    type: { kind: 'string', pattern: /^\d{12}$/, patternText: 'a 12-digit AWS account ID' },
    placeholder: '<account-id>',
    description: "The account that owns DESTINATION. Every request to it, and the job, are pinned to that owner (S3 refuses them for any other)",
    defaultText: "the replication rule's Destination.Account, else your own account",
  },
  destinationProfile: {
    type: { kind: 'string', maxLength: 128 },
    placeholder: '<profile>',
    description: "A named AWS profile of DESTINATION's account: before anything is created, s3-seed reads the destination's bucket policy (and its KMS key policy) with it, and refuses when they do not let the job's role write",
    notOn: { action: 'the Action runs with the credentials the workflow configured; check cross-account pairs from a terminal' } },
  roleArn: {
    type: { kind: 'string', pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, patternText: 'an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)' },
    placeholder: '<arn>',
    description: 'Use this existing IAM role instead of creating one',
  },
  roleName: {
    type: { kind: 'string', pattern: /^[\w+=,.@-]{1,64}$/, patternText: 'a valid IAM role name (1-64 of A-Z a-z 0-9 +=,.@_-)' },
    placeholder: '<name>',
    description: 'Name of the role s3-seed creates or updates',
    defaultText: 's3-seed-<destination>-<hash>',
  },
  manifestBucket: { type: { kind: 'bucket' }, placeholder: '<bucket>', description: 'Bucket for the manifest', defaultText: 'the source bucket' },
  manifestPrefix: { type: { kind: 'string', maxLength: 512 }, placeholder: '<prefix>', description: 'Key prefix for manifests', default: '.s3-seed/manifests/' },
  report: { type: { kind: 'boolean' }, description: 'Write a completion report of every task', offDescription: 'Do not write a completion report', default: true, actionDefault: true },
  reportBucket: { type: { kind: 'bucket' }, placeholder: '<bucket>', description: 'Bucket for the completion report', defaultText: 'the destination bucket' },
  reportPrefix: { type: { kind: 'string', maxLength: 512 }, placeholder: '<prefix>', description: 'Key prefix for completion reports', default: '.s3-seed/reports' },
  reportScope: { type: { kind: 'enum', values: ['AllTasks', 'FailedTasksOnly'] }, placeholder: '<scope>', description: 'Which tasks the report lists', default: 'AllTasks' },
  priority: { type: { kind: 'integer', min: 0, max: 2147483647 }, placeholder: '<n>', description: 'Job priority, higher runs first', default: 10, actionDefault: 10 },
  requireReplication: { type: { kind: 'boolean' }, description: 'Refuse unless the source already replicates to the destination', default: false, actionDefault: false },
  operation: {
    type: { kind: 'enum', values: ['copy', 'replicate', 'auto'] },
    placeholder: '<name>',
    description: 'copy, replicate (Batch Replication, keeps version IDs) or auto: replicate for two-way replication or a source with earlier versions',
    default: 'auto', actionDefault: 'auto',
  },
  manifestSource: {
    type: { kind: 'string', pattern: /^(list|generated|s3:\/\/[^/]+\/.*manifest\.json)$/, patternText: 'list, generated, or the s3:// URI of an S3 Inventory manifest.json' },
    flag: '--manifest',
    placeholder: '<source>',
    description: 'list (s3-seed lists the bucket), generated (S3 lists it; for very large buckets) or s3://…/manifest.json of an S3 Inventory',
    default: 'list', actionDefault: 'list',
  },
  createdBefore: { type: { kind: 'time' }, placeholder: '<time>', description: 'With --manifest generated: only objects created before this ISO 8601 time, e.g. when replication was turned on' },
  storageClass: {
    type: { kind: 'enum', values: ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR'] },
    placeholder: '<class>',
    description: 'Storage class of the copies (--from-replication: the rule\'s)',
    defaultText: 'STANDARD',
  },
  kmsKeyId: {
    type: { kind: 'string', pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, patternText: 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)' },
    flag: '--kms-key',
    placeholder: '<arn>',
    description: 'Encrypt the copies with this KMS key (--from-replication: the rule\'s replica key)',
    defaultText: "the destination's default encryption",
  },
  sourceKmsKey: {
    type: { kind: 'list', pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, patternText: 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)' },
    placeholder: '<arn>',
    description: "KMS keys the source's objects are encrypted with, beyond the source bucket's default key (repeatable): the role may decrypt with them",
  },
  cannedAcl: {
    type: { kind: 'enum', values: ['bucket-owner-full-control', 'private'] },
    flag: '--acl',
    placeholder: '<acl>',
    description: 'Canned ACL for the copies; leave unset for buckets that enforce bucket-owner ownership',
  },
  all: { type: { kind: 'boolean' }, description: 'Copy every object, even those the destination already has (default: only missing or different ones)', actionDefault: false, default: false },
  origin: {
    type: { kind: 'string', maxLength: 256 },
    description: 'Where the settings came from, shown in plans',
    notOn: {
      cli: 'set by --from-replication to name the rule a pair came from',
      action: 'set by from-replication to name the rule a pair came from',
      'pairs-file': 'set by --from-replication to name the rule a pair came from',
    },
  },
} as const satisfies Record<string, OptionSpec>

/** Settings of a whole run: flags and Action inputs, never pairs-file keys. */
export const RUN_OPTIONS = {
  fromReplication: {
    type: { kind: 'buckets' },
    placeholder: '[BUCKET...]',
    description: 'Seed every enabled replication rule of the buckets named (or of every bucket; the Action takes `*`), with its prefix, storage class and KMS key',
    notOn: { 'pairs-file': ONE_PER_RUN },
  },
  pairs: {
    type: { kind: 'string' },
    placeholder: '<file>',
    description: 'Seed many pairs: a CSV (source,destination[,prefix] or a header naming pair settings), JSON or YAML file; the Action also takes the lines inline',
    notOn: { 'pairs-file': ONE_PER_RUN },
  },
  detach: {
    type: { kind: 'boolean' },
    description: 'Create the jobs and exit without waiting (follow up with status/watch)',
    default: false,
    notOn: { action: 'the input `mode` (attached or detached) says this', 'pairs-file': ONE_PER_RUN },
  },
  mode: {
    type: { kind: 'enum', values: ['attached', 'detached'] },
    description: '`attached` waits for the jobs and reports their results; `detached` creates them and finishes, with the job IDs in the outputs',
    default: 'attached', actionDefault: 'attached',
    notOn: { cli: '--detach says this', 'pairs-file': ONE_PER_RUN },
  },
  dryRun: { type: { kind: 'boolean' }, description: 'Show the plan, object count and estimated charge, with the full check (s3-seed check); change nothing', default: false, actionDefault: false, notOn: { 'pairs-file': ONE_PER_RUN } },
  check: {
    type: { kind: 'boolean' }, default: true, actionDefault: true, notOn: { 'pairs-file': ONE_PER_RUN },
    description: "Before creating anything, check every pair's buckets and settings (as s3-seed check does, without the permission simulation) and refuse if one would fail",
    offDescription: 'Skip the checks made before anything is created',
  },
  checkOnly: {
    type: { kind: 'boolean' }, default: false, actionDefault: false,
    description: 'Only check every pair (buckets, settings, and permissions through IAM\'s policy simulator) and write the result to the job summary and the `check` output; create nothing',
    notOn: { cli: 'the `s3-seed check` command does this', 'pairs-file': ONE_PER_RUN },
  },
  restoreArchived: {
    type: { kind: 'integer', min: 1, max: 2147483647 },
    placeholder: '<days>',
    description: 'Request a Bulk restore (for DAYS days) of GLACIER/DEEP_ARCHIVE objects, which a copy job cannot read; seed again when done',
    notOn: { 'pairs-file': ONE_PER_RUN },
  },
  concurrency: { type: { kind: 'integer', min: 1, max: 64 }, placeholder: '<n>', description: 'Pairs seeded at once', default: 4, actionDefault: 4, notOn: { 'pairs-file': ONE_PER_RUN } },
  pollInterval: {
    type: { kind: 'seconds', min: 0.001, max: 3600 }, placeholder: '<seconds>', default: 5, actionDefault: 15, notOn: { 'pairs-file': ONE_PER_RUN },
    description: 'Seconds between job status checks; grows while nothing changes',
  },
  maxPollOutage: {
    type: { kind: 'integer', min: 0, max: 1440 }, placeholder: '<minutes>', default: 15, actionDefault: 15, notOn: { 'pairs-file': ONE_PER_RUN },
    description: 'Keep following a job through this many minutes of failing status checks (throttling, 5xx, timeouts); the job runs on either way',
  },
  retryRounds: {
    type: { kind: 'integer', min: 0, max: 10 }, placeholder: '<n>', default: 2, actionDefault: 2, notOn: { 'pairs-file': ONE_PER_RUN },
    description: 'Attached: run tasks that failed for a transient reason (503 SlowDown, 500 InternalError, timeouts) again, as up to this many retry jobs; 0 turns it off',
  },
  settleTimeout: {
    type: { kind: 'integer', min: 0, max: 1440 }, placeholder: '<minutes>', default: 5, actionDefault: 5, notOn: { 'pairs-file': ONE_PER_RUN },
    description: 'A copy under a live replication rule: wait at most this many minutes for what was written during the seeding to replicate, then check and repair the keys a late copy overwrote',
  },
  timeoutMinutes: {
    type: { kind: 'integer', min: 1, max: 50400 },
    description: "In attached mode, stop waiting after this many minutes and fail the step; the jobs keep running. Keep it under the job's own limit (6 h on GitHub-hosted runners)",
    default: 330, actionDefault: 330,
    notOn: { cli: 'a terminal run is stopped with Ctrl-C; its jobs keep running', 'pairs-file': ONE_PER_RUN },
  },
  failOnTaskFailures: {
    type: { kind: 'boolean' },
    description: 'Fail the step when any task of any job failed (the job itself may still be Complete)',
    default: true, actionDefault: true,
    notOn: { cli: 'the exit code (1) says it; the calling script decides', 'pairs-file': ONE_PER_RUN },
  },
  maskAccountId: {
    type: { kind: 'boolean' },
    description: 'Mask the AWS account ID in the log',
    default: true, actionDefault: true,
    notOn: { cli: "a terminal's output is the user's own", 'pairs-file': ONE_PER_RUN },
  },
  region: { type: { kind: 'string', pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/, patternText: 'an AWS Region such as us-east-1' }, placeholder: '<region>', description: 'Default AWS Region (else AWS_REGION, AWS_DEFAULT_REGION or us-east-1)', notOn: { 'pairs-file': ONE_PER_RUN } },
  profile: {
    type: { kind: 'string' },
    placeholder: '<name>',
    description: 'Named profile from your AWS config files',
    notOn: { action: 'credentials come from the runner (aws-actions/configure-aws-credentials); the Action takes no profile or keys', 'pairs-file': ONE_PER_RUN },
  },
  json: {
    type: { kind: 'boolean' },
    description: 'Print one JSON document on stdout; logs go to stderr',
    default: false,
    notOn: { action: 'the step writes outputs (results is JSON) and a job summary', 'pairs-file': ONE_PER_RUN },
  },
  verbose: { type: { kind: 'boolean' }, description: 'Also print notes on how s3-seed talks to AWS, e.g. why list requests to a bucket go through the AWS SDK', default: false, notOn: { action: "the Action's debug log has them (ACTIONS_STEP_DEBUG)", 'pairs-file': ONE_PER_RUN } },
  checksum: {
    type: { kind: 'boolean' },
    description:
      'Also compare the content of same-size objects, by checksum or MD5 ETag, with up to 2 HeadObject requests per object (GET-class charges, estimated first); objects neither can compare are reported as not comparable and do not change the exit code',
    default: false,
    notOn: { action: 'a `verify` setting; the Action seeds', 'pairs-file': ONE_PER_RUN },
  },
} as const satisfies Record<string, OptionSpec>

export type PairOptionKey = keyof typeof PAIR_OPTIONS
export type RunOptionKey = keyof typeof RUN_OPTIONS
export type OptionKey = PairOptionKey | RunOptionKey

/** The TypeScript type of an option's value. */
export type ValueOf<T extends OptionType> = T extends { kind: 'boolean' }
  ? boolean
  : T extends { kind: 'integer' } | { kind: 'seconds' }
    ? number
    : T extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : T extends { kind: 'time' }
        ? Date
        : T extends { kind: 'buckets' } | { kind: 'list' }
          ? string[]
          : string

/** The type of one option's value. */
export type OptionValue<K extends OptionKey> = ValueOf<(K extends PairOptionKey ? (typeof PAIR_OPTIONS)[K] : (typeof RUN_OPTIONS)[K & RunOptionKey])['type']>

export type PairSettings = { -readonly [K in PairOptionKey]?: ValueOf<(typeof PAIR_OPTIONS)[K]['type']> }

/**
 * What to seed, and how: a source and a destination bucket, and any pair setting (see PAIR_OPTIONS
 * for each one's meaning and default).
 */
export type SeedOptions = { source: string; destination: string } & PairSettings

export function specOf(key: OptionKey): OptionSpec {
  return (key in PAIR_OPTIONS ? PAIR_OPTIONS[key as PairOptionKey] : RUN_OPTIONS[key as RunOptionKey]) as OptionSpec
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

/** The command-line flag of an option, e.g. `--role-arn`. */
export function flagOf(key: OptionKey): string {
  return specOf(key).flag ?? `--${kebab(key)}`
}

/** The Action input of an option, e.g. `role-arn`. */
export function inputOf(key: OptionKey): string {
  return flagOf(key).slice(2)
}

/** The value an option has when it is not given. Only for options with one; anything else is a bug. */
export function defaultOf<K extends OptionKey>(key: K): OptionValue<K> {
  const value = specOf(key).default
  if (value === undefined) throw new Error(`Option ${key} has no default value in the option schema.`)
  return value as OptionValue<K>
}

export function isOn(key: OptionKey, surface: Surface): boolean {
  return specOf(key).notOn?.[surface] === undefined
}

export const PAIR_OPTION_KEYS = Object.keys(PAIR_OPTIONS) as PairOptionKey[]
