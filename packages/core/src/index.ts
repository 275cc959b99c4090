// The public API of @s3-seed/core: what the CLI, the Action and library users need. Keep this list
// short and explicit; api.test.ts pins it, and the README's API table documents it. Importing it loads
// every module; `@s3-seed/core/base`, `/verify` and `/jobs` (entries/) export parts of it for a
// command that should load only what it calls.

// Seeding
export { seed } from './seed.js'
export type { SeedRunOptions, SeedResult, Diverted } from './seed.js'
export type { Convergence, ConvergenceProblem } from './seed/types.js'
export { seedMany } from './seed-many.js'
export type { SeedManyOptions, PairOutcome } from './seed-many.js'
export { planSeed } from './plan.js'
export type { SeedPlan } from './plan.js'
export type { SeedEvent } from './events.js'
export { convergenceLines, destinationAccessLines, eventText, stateLine } from './event-text.js'
export { pairsFromReplication } from './pairs/from-replication.js'
export type { ReplicationPairs, RuleFinding } from './pairs/from-replication.js'
export { resolvePairs, findingLines } from './pairs/resolve-pairs.js'
export type { PairsSource, ResolvePairsOptions, ResolvedPairs } from './pairs/resolve-pairs.js'
export { summarizeOutcome, followUpCommand, keptRunning } from './outcome.js'

// Checking pairs before anything is created
export { checkPairs, isCertain } from './check/check-pairs.js'
export type { CheckPairsOptions, CheckResult, PairCheck, CheckProblem, CheckNote, CheckArea } from './check/check-pairs.js'
export type { ExitClass, FollowUp, PairSummary, RunSummary, SummarizeOptions } from './outcome.js'

// Options: one schema for every surface
export { PAIR_OPTIONS, RUN_OPTIONS, defaultOf, flagOf, inputOf, isOn, specOf } from './options/schema.js'
export type { SeedOptions, PairSettings, OptionSpec, OptionKey, Surface } from './options/schema.js'
export { parseText, checkValue } from './options/parse.js'
export type { ValueSource } from './options/parse.js'
export { parsePairs, pairsFormatFor } from './pairs/parse-pairs.js'
export type { ParsePairsOptions } from './pairs/parse-pairs.js'

// AWS clients
export { createClients } from './aws/clients.js'
export type { SeedClients, CreateClientsOptions } from './aws/clients.js'
export { clientOptionsFromEnv } from './aws/client-env.js'
export { accountId, credentialsExpiration } from './aws/account.js'

// Jobs after the fact
export { pollJob, describeJob } from './jobs/poll-job.js'
export type { PollJobOptions, PollJobResult } from './jobs/poll-job.js'
export type { JobSnapshot, JobStatus } from './jobs/job-snapshot.js'
export { listSeedJobs, cancelJob } from './jobs/list-jobs.js'
export type { ListSeedJobsOptions } from './jobs/list-jobs.js'
export { retryFailedTasks } from './jobs/retry-failed-tasks.js'
export type { RetryOptions, RetryResult } from './jobs/retry-failed-tasks.js'
export type { ReportSummary, FailureGroup } from './jobs/completion-report.js'
export { isChangedOrGone } from './jobs/task-failure.js'
export { verifyBuckets } from './verify.js'
export type { VerifyBucketsOptions, VerifyResult, VerifyProgress, Difference, ContentSummary } from './verify.js'
export type { ContentFinding, ContentComparison } from './verify/content-rule.js'
export { headRequestsCostUsd } from './jobs/cost.js'
export { findManagedRoles, deleteRole, deleteManifests } from './iam/cleanup.js'
export { DEFAULT_MANIFEST_PREFIX } from './layout.js'

// Listing at scale (the bench and library users)
export { buildManifest } from './manifest/build-manifest.js'
export type { BuildManifestOptions, BuiltManifest } from './manifest/build-manifest.js'
export { listObjectsInParallel } from './listing/parallel.js'
export type { ParallelListOptions } from './listing/parallel.js'
export { limitHeapGrowth } from './listing/heap-growth.js'

// Errors
export { S3SeedError, InvalidInputError, AwsCallError } from './errors.js'
export type { Sleep } from './util/sleep.js'
