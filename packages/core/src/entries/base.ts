// `@s3-seed/core/base`: what an adapter needs before it knows its command (errors, the option
// schema, event and outcome wording, the clients), loading no AWS SDK package until a client is
// made or a call is sent. A command then imports its own entry (`./verify`, `./jobs`) or the full
// API (`@s3-seed/core`), and pays start-up only for the services it calls (decisions §30).
// Every name here is also exported by index.ts, which stays the whole public API.

export { S3SeedError, InvalidInputError, AwsCallError } from '../errors.js'
export type { Sleep } from '../util/sleep.js'

// Options: one schema for every surface
export { PAIR_OPTIONS, RUN_OPTIONS, defaultOf, flagOf, inputOf, isOn, specOf } from '../options/schema.js'
export type { SeedOptions, PairSettings, OptionSpec, OptionKey, Surface } from '../options/schema.js'
export { parseText, checkValue } from '../options/parse.js'
export type { ValueSource } from '../options/parse.js'

// Wording and outcome, shared by every command
export type { SeedEvent } from '../events.js'
export { convergenceLines, destinationAccessLines, eventText, stateLine } from '../event-text.js'
export { summarizeOutcome, followUpCommand, keptRunning } from '../outcome.js'
export type { ExitClass, FollowUp, PairSummary, RunSummary, SummarizeOptions } from '../outcome.js'
export type { JobSnapshot, JobStatus } from '../jobs/job-snapshot.js'
export { isChangedOrGone } from '../jobs/task-failure.js'
export { DEFAULT_MANIFEST_PREFIX } from '../layout.js'

// AWS clients (each SDK package loaded on first use)
export { createClients } from '../aws/clients.js'
export type { SeedClients, CreateClientsOptions } from '../aws/clients.js'
export { clientOptionsFromEnv } from '../aws/client-env.js'
export { accountId, credentialsExpiration } from '../aws/account.js'

// The process owner's start-up (the bins)
export { limitHeapGrowth } from '../listing/heap-growth.js'
