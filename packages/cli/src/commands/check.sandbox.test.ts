import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { CreateBucketCommand, ListObjectsV2Command, PutBucketEncryptionCommand, PutBucketVersioningCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useCliSandbox } from '../test-support/cli-sandbox.js'
import { runCli } from '../test-support/run-cli.js'

// Issue #22's fleet, scaled down: 50 pairs, 6 broken in different ways, checked by a caller who may
// create jobs in us-east-1 only, with IAM enforced. The check names exactly those 6, and creates
// nothing. The 200-pair fleet's time and request count are measured by bench:check (bench/README.md).
const cli = useCliSandbox()
const B = '222222222222'
const SOURCES = 10
const HEALTHY = 44
const profileDir = mkdtempSync(join(tmpdir(), 's3-seed-check-'))
const saved = { credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE }
let files = 0
let callerEnv: Record<string, string>

beforeAll(() => {
  process.env.AWS_CONFIG_FILE = join(profileDir, 'config')
  writeFileSync(process.env.AWS_CONFIG_FILE, '')
})
afterAll(() => {
  for (const [name, value] of [['AWS_SHARED_CREDENTIALS_FILE', saved.credentials], ['AWS_CONFIG_FILE', saved.config]] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

const BROKEN = {
  missing: { source: 'chk-src-0', destination: 'chk-missing' },
  unversioned: { source: 'chk-src-1', destination: 'chk-unversioned', operation: 'replicate' },
  noRule: { source: 'chk-src-2', destination: 'chk-norule', requireReplication: 'true' },
  kms: { source: 'chk-kms-src', destination: 'chk-kms-dst', roleArn: 'arn:aws:iam::123456789012:role/no-kms' },
  crossAccount: { source: 'chk-src-3', destination: 'chk-b-dst', destinationAccount: B, destinationProfile: 'b' },
  westJob: { source: 'chk-src-4', destination: 'chk-west-dst' },
}

function pairsCsv(): string {
  const rows = ['source,destination,operation,requireReplication,roleArn,destinationAccount,destinationProfile']
  for (let index = 0; index < HEALTHY; index++) rows.push(`chk-src-${index % SOURCES},chk-dst-${index},,,,,`)
  for (const pair of Object.values(BROKEN) as Array<Record<string, string | undefined>>) {
    rows.push([pair.source, pair.destination, pair.operation, pair.requireReplication, pair.roleArn, pair.destinationAccount, pair.destinationProfile].map((value) => value ?? '').join(','))
  }
  return `${rows.join('\n')}\n`
}

beforeEach(async () => {
  const { sandbox, s3, iam } = cli
  const create = async (client: S3Client, bucket: string, region = 'us-east-1', versioned = false) => {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }))
    if (versioned) await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
  }
  await Promise.all(Array.from({ length: SOURCES }, (_, index) => create(s3, `chk-src-${index}`, 'us-east-1', index === 1)))
  await Promise.all(Array.from({ length: HEALTHY }, (_, index) => create(s3, `chk-dst-${index}`)))
  // Batch Replication into a destination whose versioning was suspended after the rule was made.
  await create(s3, 'chk-unversioned', 'us-east-1', true)
  await cli.replicate('chk-src-1', 'chk-unversioned')
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'chk-unversioned', VersioningConfiguration: { Status: 'Suspended' } }))
  await create(s3, 'chk-norule')
  // An SSE-KMS source, seeded with a role of the user's that may not use its key.
  const kms = new KMSClient({ region: 'us-east-1', endpoint: sandbox.endpoint, credentials: sandbox.credentials })
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string
  await create(s3, 'chk-kms-src')
  await s3.send(new PutBucketEncryptionCommand({ Bucket: 'chk-kms-src', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } }] } }))
  await create(s3, 'chk-kms-dst')
  await iam.send(new CreateRoleCommand({ RoleName: 'no-kms', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }))
  await iam.send(new PutRolePolicyCommand({ RoleName: 'no-kms', PolicyName: 's3', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }))
  // Account B's bucket, with no bucket policy; its admin's keys are the profile `b`.
  const accountB = await sandbox.createAccount(B)
  await create(new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoint, forcePathStyle: true, credentials: accountB.credentials }), 'chk-b-dst')
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(profileDir, `credentials-${++files}`)
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, `[b]\naws_access_key_id = ${accountB.credentials.accessKeyId}\naws_secret_access_key = ${accountB.credentials.secretAccessKey}\n`)
  await create(s3, 'chk-west-dst', 'us-west-2')
  // The caller: everything, but Batch Operations jobs in us-east-1 only (a Region-guarded estate).
  await iam.send(new CreateUserCommand({ UserName: 'checker' }))
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:CreateJob', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    ],
  }
  await iam.send(new PutUserPolicyCommand({ UserName: 'checker', PolicyName: 'jobs-in-us-east-1', PolicyDocument: JSON.stringify(policy) }))
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'checker' }))
  callerEnv = { ...sandbox.env, AWS_ACCESS_KEY_ID: AccessKey?.AccessKeyId as string, AWS_SECRET_ACCESS_KEY: AccessKey?.SecretAccessKey as string }
  writeFileSync(join(cli.dir, 'fleet.csv'), pairsCsv())
  await sandbox.setIamEnforcement(true)
}, 300_000)

describe('s3-seed check', () => {
  it('names exactly the 6 broken pairs of 50, with the reason and fix, and creates nothing', async () => {
    // With --json the lines a terminal shows go to stderr and the full result to stdout: one run, both checked.
    const run = await runCli(cli.sandbox, ['check', '--pairs', join(cli.dir, 'fleet.csv'), '--json'], { env: callerEnv })
    expect(run.exitCode, run.stderr).toBe(1)
    const lines = run.stderr.split('\n')
    expect(lines.filter((line) => line.startsWith('✓ '))).toHaveLength(HEALTHY)
    const failed = lines.filter((line) => line.startsWith('✗ '))
    expect(failed).toHaveLength(6)
    const reasonOf = (destination: string) => failed.find((line) => line.includes(`-> ${destination}`)) ?? `(no line for ${destination})`
    expect(reasonOf('chk-missing')).toMatch(/DESTINATION bucket "chk-missing" does not exist/)
    expect(reasonOf('chk-unversioned')).toMatch(/Batch Replication needs versioning on the destination/)
    expect(reasonOf('chk-norule')).toMatch(/no enabled replication rule to chk-norule.*--require-replication/)
    expect(reasonOf('chk-kms-dst')).toMatch(/role arn:aws:iam::123456789012:role\/no-kms may not kms:Decrypt on arn:aws:kms:us-east-1:123456789012:key\//)
    expect(reasonOf('chk-b-dst')).toMatch(/chk-b-dst is in account 222222222222, and its bucket policy .* is missing/)
    expect(reasonOf('chk-west-dst')).toMatch(/may not s3:CreateJob on \* \(to create the Batch Operations job in us-west-2/)
    // Every problem comes with its fix, in the section of its pair.
    expect(run.stderr).toMatch(/Enable versioning on chk-unversioned \(aws s3api put-bucket-versioning/)
    expect(run.stderr).toMatch(/Add to the bucket policy of chk-b-dst, in account 222222222222:\n.*AllowS3SeedCallerReads/)
    expect(run.stderr).toMatch(/Add to the role's policy, or leave out --role-arn .*"kms:Decrypt"/)
    expect(run.stderr).toContain('44 of 50 pairs passed, 6 failed.')

    const result = JSON.parse(run.stdout) as { passed: boolean; pairs: Array<{ destination: string; passed: boolean; problems: Array<{ area: string }> }> }
    expect(result.passed).toBe(false)
    expect(result.pairs).toHaveLength(HEALTHY + 6)
    const areas = Object.fromEntries(result.pairs.filter((pair) => !pair.passed).map((pair) => [pair.destination, pair.problems.map((problem) => problem.area)]))
    expect(areas).toEqual({
      'chk-missing': ['buckets'],
      'chk-unversioned': ['replication'],
      'chk-norule': ['replication'],
      'chk-kms-dst': ['role'],
      'chk-b-dst': ['cross-account'],
      'chk-west-dst': ['caller'],
    })

    await cli.sandbox.setIamEnforcement(false)
    expect(await cli.jobCount()).toBe(0)
    expect(await cli.roleCount()).toBe(1) // the user's own no-kms role only
    for (const bucket of ['chk-src-0', 'chk-src-4', 'chk-dst-0']) expect((await cli.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0)
  }, 300_000)

  it('seed refuses a pair that fails a certain check with exit 2, before any role or job exists', async () => {
    const run = await runCli(cli.sandbox, ['chk-src-1', 'chk-unversioned', '--operation', 'replicate'], { env: callerEnv })
    expect(run.exitCode, run.stdout).toBe(2)
    expect(run.stderr).toMatch(/^s3-seed: Batch Replication needs versioning on the destination, and chk-unversioned does not .* \(checked before anything was created; --no-check skips the checks\)\n$/)
    await cli.sandbox.setIamEnforcement(false)
    expect(await cli.jobCount()).toBe(0)
    expect(await cli.roleCount()).toBe(1)
  })

  it('--no-check leaves the refusal to the seeding itself; --dry-run adds the permission findings as warnings', async () => {
    const unchecked = await runCli(cli.sandbox, ['chk-src-1', 'chk-unversioned', '--operation', 'replicate', '--no-check'], { env: callerEnv })
    expect(unchecked.exitCode).toBe(2)
    expect(unchecked.stderr).toMatch(/Batch Replication needs versioning on the destination/)
    expect(unchecked.stderr).not.toContain('checked before anything was created')
    const dryRun = await runCli(cli.sandbox, ['chk-kms-src', 'chk-kms-dst', '--role-arn', 'arn:aws:iam::123456789012:role/no-kms', '--dry-run'], { env: callerEnv })
    expect(dryRun.exitCode, dryRun.stderr).toBe(0)
    expect(dryRun.stderr).toMatch(/warning: check: the job's role arn:aws:iam::123456789012:role\/no-kms may not kms:Decrypt/)
  })

  it('refuses a KMS key whose key policy neither names the role nor delegates to the account', async () => {
    await cli.sandbox.setIamEnforcement(false)
    const kms = new KMSClient({ region: 'us-east-1', endpoint: cli.sandbox.endpoint, credentials: cli.sandbox.credentials })
    const only = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/checker' }, Action: 'kms:*', Resource: '*' }] }
    const key = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(only) }))).KeyMetadata?.Arn as string
    await cli.s3.send(new PutBucketEncryptionCommand({ Bucket: 'chk-src-6', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } }] } }))
    const run = await runCli(cli.sandbox, ['check', 'chk-src-6', 'chk-dst-6'], { env: callerEnv })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`✗ chk-src-6 -> chk-dst-6: The key policy of KMS key ${key} does not let the job's role .* use it \\(kms:Decrypt\\)`))
  })

  it('exits 0 when every pair passes, and 2 for bad usage', async () => {
    const ok = await runCli(cli.sandbox, ['check', 'chk-src-5', 'chk-dst-5'], { env: callerEnv })
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toContain('✓ chk-src-5 -> chk-dst-5')
    const bad = await runCli(cli.sandbox, ['check', 'chk-src-5'], { env: callerEnv })
    expect(bad.exitCode).toBe(2)
  })
})
