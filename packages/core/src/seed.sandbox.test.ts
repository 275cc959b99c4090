import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam'
import { ListJobsCommand } from '@aws-sdk/client-s3-control'
import type { Sandbox } from '@s3-seed/sandbox'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SeedClients } from './aws/clients.js'
import { InvalidInputError } from './errors.js'
import type { SeedEvent } from './events.js'
import { seed, type SeedResult } from './seed.js'
import { rolePolicyName } from './layout.js'
import { AWKWARD_KEYS, createBucket, putObjects, replicate, sandboxClients, shortSleep } from './test-support/sandbox.js'
import { useSandbox } from '@s3-seed/sandbox/testing'

let sandbox: Sandbox
let clients: SeedClients

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  clients = sandboxClients(sandbox)
  await createBucket(clients, 'source-bucket', { versioned: true })
  await createBucket(clients, 'destination-bucket', { versioned: true })
})

const run = (events: SeedEvent[] = []) => ({ clients, sleep: shortSleep, pollIntervalMs: 10, onEvent: (event: SeedEvent) => events.push(event) })

async function body(bucket: string, key: string): Promise<string> {
  const { Body } = await clients.s3('us-east-1').send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return (await Body?.transformToString()) ?? ''
}

async function jobCount(): Promise<number> {
  const { Jobs } = await clients.s3control('us-east-1').send(new ListJobsCommand({ AccountId: sandbox.accountId }))
  return Jobs?.length ?? 0
}

function finished(result: SeedResult) {
  if (result.kind !== 'finished') throw new Error(`expected a finished run, got ${result.kind}`)
  return result
}

describe('seed (attached)', () => {
  it('copies every object byte for byte, awkward keys included, and reads the report', async () => {
    await putObjects(clients, 'source-bucket', AWKWARD_KEYS)
    await replicate(clients, 'source-bucket', 'destination-bucket')
    const events: SeedEvent[] = []
    // A rule covering the pair makes auto mode replicate; this test is about the copy job.
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket', operation: 'copy' }, run(events)))

    expect(result.outcome.state).toBe('complete')
    expect(result.objectCount).toBe(AWKWARD_KEYS.length)
    expect(result.outcome.state === 'complete' && result.outcome.job).toMatchObject({ total: AWKWARD_KEYS.length, succeeded: AWKWARD_KEYS.length, failed: 0 })
    for (const key of AWKWARD_KEYS) expect(await body('destination-bucket', key)).toBe(`content of ${key}`)
    expect(result.report).toMatchObject({ succeeded: AWKWARD_KEYS.length, failed: 0, failures: [] })
    expect(result.report?.location).toBe(`s3://destination-bucket/.s3-seed/reports/job-${result.jobId}/manifest.json`)
    expect(result.manifest).toMatch(/^s3:\/\/source-bucket\/\.s3-seed\/manifests\/destination-bucket\/[0-9a-f]{16}\.csv$/)

    const types = events.map((event) => event.type)
    expect(types.filter((type, index) => type !== types[index - 1])).toEqual([
      'role-ready', 'manifest-started', 'manifest-progress', 'manifest-uploaded', 'job-created', 'job-progress',
      // A copy under a live rule ends by checking what was written meanwhile.
      'convergence-started', 'convergence-settling', 'convergence-done',
    ])
    // Objects put within the listing's own second count as written; none was overwritten.
    expect(result.convergence).toMatchObject({ repaired: { stale: 0, resurrected: 0 }, unconverged: [] })
    expect(events.some((event) => event.type === 'warning')).toBe(false)
  })

  it('creates a least-privilege role for the pair', async () => {
    await putObjects(clients, 'source-bucket', ['a'])
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run()))
    const roleName = result.plan.role.kind === 'managed' ? result.plan.role.name : ''
    const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: roleName }))
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: 'batchoperations.s3.amazonaws.com' })
    expect(Role?.Tags).toContainEqual({ Key: 's3-seed:managed', Value: 'true' })
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: rolePolicyName('list', result.plan) }))
    const resources = JSON.parse(decodeURIComponent(PolicyDocument!)).Statement.map((statement: { Resource: string }) => statement.Resource)
    expect(resources).toEqual([
      'arn:aws:s3:::source-bucket/*',
      'arn:aws:s3:::source-bucket',
      'arn:aws:s3:::destination-bucket/*',
      'arn:aws:s3:::source-bucket/.s3-seed/manifests/*',
      'arn:aws:s3:::destination-bucket/.s3-seed/reports*',
    ])
    // Every statement holds only in the owning account's buckets.
    const conditions = JSON.parse(decodeURIComponent(PolicyDocument!)).Statement.map((statement: { Condition?: unknown }) => statement.Condition)
    expect(new Set(conditions.map((condition: unknown) => JSON.stringify(condition)))).toEqual(new Set([JSON.stringify({ StringEquals: { 's3:ResourceAccount': sandbox.accountId } })]))
  })

  it('works under IAM enforcement with only the role it created', async () => {
    await putObjects(clients, 'source-bucket', ['x/1', 'x/2'])
    await sandbox.setIamEnforcement(true)
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run()))
    expect(result.outcome.state).toBe('complete')
    expect(result.report?.succeeded).toBe(2)
  })

  it('copies only what is missing or changed on a second run', async () => {
    await putObjects(clients, 'source-bucket', ['a', 'b'])
    await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run())
    await putObjects(clients, 'source-bucket', ['a', 'c'], (key) => `version two of ${key}, longer`)
    const events: SeedEvent[] = []
    const second = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run(events)))
    expect(second).toMatchObject({ objectCount: 2, skipped: 1 })
    expect(events).toContainEqual(expect.objectContaining({ type: 'manifest-uploaded', objectCount: 2, skipped: 1 }))
    expect(await body('destination-bucket', 'a')).toBe('version two of a, longer')
    expect(await jobCount()).toBe(2)
    const third = await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run())
    expect(third).toMatchObject({ kind: 'empty', skipped: 3 })
    expect(await jobCount()).toBe(2)
  })

  it('with all: true, a re-run returns the job it created before (same manifest, same request)', async () => {
    await putObjects(clients, 'source-bucket', ['a', 'b'])
    const first = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket', all: true }, run()))
    const second = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket', all: true }, run()))
    expect(second.jobId).toBe(first.jobId)
    expect(await jobCount()).toBe(1)
  })

  it('follows a job for the pair that is still running instead of starting another', async () => {
    sandbox.setTiming({ stageDelayMs: 300 })
    await putObjects(clients, 'source-bucket', ['a'])
    const detached = await seed({ source: 'source-bucket', destination: 'destination-bucket' }, { ...run(), detach: true })
    const events: SeedEvent[] = []
    const attached = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run(events)))
    expect(detached.kind === 'created' && attached.jobId).toBe(detached.kind === 'created' ? detached.jobId : '')
    expect(events.map((event) => event.type)).toContain('job-found')
    expect(attached.outcome.state).toBe('complete')
    expect(await jobCount()).toBe(1)
  })

  it('copies only under --prefix and never lists its own manifests and reports', async () => {
    await putObjects(clients, 'source-bucket', ['logs/a', 'logs/b', 'data/c', '.s3-seed/reports/old.csv'])
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket', prefix: 'logs/' }, run()))
    expect(result.objectCount).toBe(2)
    const listed = await clients.s3('us-east-1').send(new ListObjectsV2Command({ Bucket: 'destination-bucket', Prefix: 'data/' }))
    expect(listed.KeyCount).toBe(0)
  })

  it('summarises failed tasks by error code with example keys', async () => {
    await putObjects(clients, 'source-bucket', ['ok/1', 'bad/1', 'bad/2', 'bad/3', 'bad/4'])
    sandbox.faults.add({ operation: 'Task', keyPattern: '^bad/', count: 4, status: 403, code: 'AccessDenied', message: 'Access Denied' })
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run()))
    expect(result.outcome.state).toBe('complete')
    expect(result.report).toMatchObject({ succeeded: 1, failed: 4 })
    expect(result.report?.failures).toEqual([
      { errorCode: 'AccessDenied', httpStatus: 403, count: 4, examples: ['bad/1', 'bad/2', 'bad/3'], message: 'Access Denied' },
    ])
  })

  it('retries CreateJob while the new role is not assumable yet', async () => {
    await putObjects(clients, 'source-bucket', ['a'])
    sandbox.faults.add({ operation: 'CreateJob', count: 2, status: 400, code: 'BadRequestException', message: 'Unable to assume role' })
    const events: SeedEvent[] = []
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run(events)))
    expect(result.outcome.state).toBe('complete')
    expect(events.filter((event) => event.type === 'job-retry').map((event) => event.type === 'job-retry' && event.delayMs)).toEqual([1000, 2000])
  })
})

describe('seed across Regions and buckets', () => {
  it('creates the job in the destination bucket Region and reads each bucket in its own', async () => {
    await createBucket(clients, 'west-source', { region: 'us-west-2' })
    await createBucket(clients, 'eu-destination', { region: 'eu-west-1' })
    await createBucket(clients, 'manifest-store')
    const s3 = clients.s3('us-west-2')
    for (const key of ['x', 'y z']) await s3.send(new PutObjectCommand({ Bucket: 'west-source', Key: key, Body: key }))
    const result = finished(await seed({ source: 'west-source', destination: 'eu-destination', manifestBucket: 'manifest-store' }, run()))
    expect(result.region).toBe('eu-west-1')
    expect(result.outcome.state).toBe('complete')
    expect(result.manifest).toMatch(/^s3:\/\/manifest-store\/\.s3-seed\/manifests\/eu-destination\//)
    const { Jobs } = await clients.s3control('eu-west-1').send(new ListJobsCommand({ AccountId: sandbox.accountId }))
    expect(Jobs?.map((job) => job.JobId)).toEqual([result.jobId])
    expect(await body('eu-destination', 'y z')).toBe('y z')
  })

  it('rewrites the role policy on a re-run with other settings', async () => {
    await putObjects(clients, 'source-bucket', ['a'])
    await createBucket(clients, 'report-store')
    await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run())
    const result = finished(await seed({ source: 'source-bucket', destination: 'destination-bucket', reportBucket: 'report-store', all: true }, run()))
    const roleName = result.plan.role.kind === 'managed' ? result.plan.role.name : ''
    const { PolicyDocument } = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: rolePolicyName('list', result.plan) }))
    expect(decodeURIComponent(PolicyDocument!)).toContain('arn:aws:s3:::report-store/.s3-seed/reports*')
    expect(result.report?.location).toBe(`s3://report-store/.s3-seed/reports/job-${result.jobId}/manifest.json`)
  })
})

describe('seed: nothing to do, detached, dry run', () => {
  it('creates no manifest and no job for an empty source', async () => {
    const result = await seed({ source: 'source-bucket', destination: 'destination-bucket' }, run())
    expect(result.kind).toBe('empty')
    expect(await jobCount()).toBe(0)
    const listed = await clients.s3('us-east-1').send(new ListObjectsV2Command({ Bucket: 'source-bucket' }))
    expect(listed.KeyCount).toBe(0)
  })

  it('returns right after creating the job when detached', async () => {
    await putObjects(clients, 'source-bucket', ['a'])
    const result = await seed({ source: 'source-bucket', destination: 'destination-bucket' }, { ...run(), detach: true })
    expect(result).toMatchObject({ kind: 'created', region: 'us-east-1', objectCount: 1 })
    expect(await jobCount()).toBe(1)
  })

  it('counts and prices a dry run without creating anything', async () => {
    await putObjects(clients, 'source-bucket', ['a', 'b', 'c'], () => '12345')
    const result = await seed({ source: 'source-bucket', destination: 'destination-bucket' }, { ...run(), dryRun: true })
    expect(result).toMatchObject({ kind: 'dry-run', objectCount: 3, totalBytes: 15, replicated: false, cost: { jobs: 1, jobFeesUsd: 0.25 } })
    expect(await jobCount()).toBe(0)
    await expect(clients.iam.send(new GetRoleCommand({ RoleName: (result as { plan: { role: { name: string } } }).plan.role.name }))).rejects.toThrow()
    await expect(clients.s3('us-east-1').send(new HeadObjectCommand({ Bucket: 'source-bucket', Key: '.s3-seed/manifests/x' }))).rejects.toThrow()
  })
})

describe('seed: bad input changes nothing', () => {
  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['a missing source bucket', () => seed({ source: 'no-such-bucket', destination: 'destination-bucket' }, run()), /SOURCE bucket "no-such-bucket" does not exist/],
    ['a missing destination bucket', () => seed({ source: 'source-bucket', destination: 'no-such-bucket' }, run()), /DESTINATION bucket "no-such-bucket" does not exist/],
    ['the same bucket twice', () => seed({ source: 'source-bucket', destination: 'source-bucket' }, run()), /same bucket/],
    ['an invalid bucket name', () => seed({ source: 'Bad_Name', destination: 'destination-bucket' }, run()), /not a valid S3 bucket name/],
    ['a role ARN that is not a role', () => seed({ source: 'source-bucket', destination: 'destination-bucket', roleArn: 'arn:aws:iam::123456789012:user/me' }, run()), /--role-arn/],
    ['--require-replication without replication', () => seed({ source: 'source-bucket', destination: 'destination-bucket', requireReplication: true }, run()), /no enabled replication rule/],
  ])('rejects %s', async (_, attempt, message) => {
    await putObjects(clients, 'source-bucket', ['a'])
    const error = await attempt().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect((error as Error).message).toMatch(message)
    expect(await jobCount()).toBe(0)
    const listed = await clients.s3('us-east-1').send(new ListObjectsV2Command({ Bucket: 'source-bucket' }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['a'])
  })

  it('refuses an unversioned destination when replication is required', async () => {
    await createBucket(clients, 'plain-destination')
    await replicate(clients, 'source-bucket', 'plain-destination')
    const attempt = seed({ source: 'source-bucket', destination: 'plain-destination', requireReplication: true }, run())
    await expect(attempt).rejects.toThrow(/does not have versioning enabled/)
  })
})
