import { describe, expect, expectTypeOf, it } from 'vitest'
import * as api from './index.js'
import type { SeedOptions, SeedResult, SeedRunOptions, SeedEvent, JobSnapshot, PollJobResult } from './index.js'

// The public surface of @s3-seed/core. A change here is a semver decision: add a changeset.
describe('public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "ARCHIVED_CLASSES",
        "AwsCallError",
        "InvalidInputError",
        "JOB_DESCRIPTION_PREFIX",
        "MANAGED_TAG",
        "MAX_JOB_OBJECT_BYTES",
        "S3SeedError",
        "S3_SEED_PREFIX",
        "TERMINAL_STATES",
        "UNFINISHED_STATES",
        "accountId",
        "bucketNameProblem",
        "bucketRegion",
        "buildCreateJobInput",
        "buildManifest",
        "cancelJob",
        "checkBucketName",
        "clientOptionsFromEnv",
        "copyLargeObject",
        "copyRolePolicy",
        "createClients",
        "createJob",
        "defaultRoleName",
        "deleteManifests",
        "deleteRole",
        "describeJob",
        "encodeManifestKey",
        "ensureRole",
        "estimateCost",
        "eventText",
        "findManagedRoles",
        "isTerminal",
        "listObjectPages",
        "listObjectsInParallel",
        "listSeedJobs",
        "manifestLines",
        "pairsFormatFor",
        "pairsFromReplication",
        "parsePairs",
        "planSeed",
        "pollJob",
        "readReport",
        "requestRestore",
        "retryFailedTasks",
        "routeObject",
        "seed",
        "seedMany",
        "stateLine",
        "trustPolicy",
        "verifyPair",
      ]
    `)
  })

  it('keeps the shapes adapters depend on', () => {
    expectTypeOf(api.seed).parameters.toEqualTypeOf<[SeedOptions, SeedRunOptions]>()
    expectTypeOf(api.seed).returns.toEqualTypeOf<Promise<SeedResult>>()
    expectTypeOf<SeedResult['kind']>().toEqualTypeOf<'dry-run' | 'empty' | 'created' | 'finished'>()
    expectTypeOf<PollJobResult['state']>().toEqualTypeOf<'complete' | 'failed' | 'cancelled' | 'aborted'>()
    expectTypeOf<SeedEvent['type']>().toEqualTypeOf<
      'warning' | 'operation-chosen' | 'role-ready' | 'manifest-started' | 'manifest-progress' | 'manifest-uploaded' | 'job-retry' | 'job-found' | 'large-copy' | 'job-created' | 'job-progress'
    >()
    expectTypeOf<keyof SeedOptions>().toEqualTypeOf<
      | 'source' | 'destination' | 'prefix' | 'roleArn' | 'roleName' | 'manifestBucket' | 'manifestPrefix' | 'report'
      | 'reportBucket' | 'reportPrefix' | 'reportScope' | 'priority' | 'requireReplication' | 'all'
      | 'storageClass' | 'kmsKeyId' | 'cannedAcl' | 'origin' | 'operation' | 'manifestSource' | 'createdBefore'
    >()
    expectTypeOf<keyof JobSnapshot>().toEqualTypeOf<
      'jobId' | 'region' | 'status' | 'description' | 'total' | 'succeeded' | 'failed' | 'elapsedSeconds' | 'failureReasons' | 'creationTime' | 'terminationDate'
    >()
  })
})
