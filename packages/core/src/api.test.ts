import { describe, expect, expectTypeOf, it } from 'vitest'
import * as api from './index.js'
import type { SeedOptions, SeedResult, SeedRunOptions, SeedEvent, JobSnapshot, PollJobResult } from './index.js'

// The public surface of @s3-seed/core. A change here is a semver decision: add a changeset.
describe('public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "AwsCallError",
        "DEFAULT_MANIFEST_PREFIX",
        "InvalidInputError",
        "PAIR_OPTIONS",
        "RUN_OPTIONS",
        "S3SeedError",
        "accountId",
        "buildManifest",
        "cancelJob",
        "checkPairs",
        "checkValue",
        "clientOptionsFromEnv",
        "convergenceLines",
        "createClients",
        "credentialsExpiration",
        "defaultOf",
        "deleteManifests",
        "deleteRole",
        "describeJob",
        "destinationAccessLines",
        "eventText",
        "findManagedRoles",
        "findingLines",
        "flagOf",
        "followUpCommand",
        "headRequestsCostUsd",
        "inputOf",
        "isCertain",
        "isChangedOrGone",
        "isOn",
        "keptRunning",
        "limitHeapGrowth",
        "listObjectsInParallel",
        "listSeedJobs",
        "pairsFormatFor",
        "pairsFromReplication",
        "parsePairs",
        "parseText",
        "planSeed",
        "pollJob",
        "resolvePairs",
        "retryFailedTasks",
        "seed",
        "seedMany",
        "specOf",
        "stateLine",
        "summarizeOutcome",
        "verifyBuckets",
      ]
    `)
  })

  it('keeps the shapes adapters depend on', () => {
    expectTypeOf(api.seed).parameters.toEqualTypeOf<[SeedOptions, SeedRunOptions]>()
    expectTypeOf(api.seed).returns.toEqualTypeOf<Promise<SeedResult>>()
    expectTypeOf<SeedResult['kind']>().toEqualTypeOf<'dry-run' | 'empty' | 'created' | 'finished'>()
    expectTypeOf<PollJobResult['state']>().toEqualTypeOf<'complete' | 'failed' | 'cancelled' | 'aborted'>()
    expectTypeOf<SeedEvent['type']>().toEqualTypeOf<
      'warning' | 'operation-chosen' | 'role-ready' | 'manifest-started' | 'manifest-progress' | 'manifest-uploaded' | 'job-retry' | 'job-found' | 'large-copy' | 'job-created' | 'job-progress' | 'poll-retry' | 'retry-round'
      | 'convergence-started' | 'convergence-settling' | 'convergence-done'
    >()
    expectTypeOf<keyof SeedOptions>().toEqualTypeOf<
      | 'source' | 'destination' | 'prefix' | 'destinationAccount' | 'destinationProfile' | 'roleArn' | 'roleName' | 'manifestBucket' | 'manifestPrefix' | 'report'
      | 'reportBucket' | 'reportPrefix' | 'reportScope' | 'priority' | 'requireReplication' | 'all'
      | 'storageClass' | 'kmsKeyId' | 'sourceKmsKey' | 'cannedAcl' | 'origin' | 'operation' | 'manifestSource' | 'createdBefore'
    >()
    expectTypeOf<keyof JobSnapshot>().toEqualTypeOf<
      'jobId' | 'region' | 'status' | 'description' | 'total' | 'succeeded' | 'failed' | 'elapsedSeconds' | 'failureReasons' | 'creationTime' | 'terminationDate'
    >()
  })
})
