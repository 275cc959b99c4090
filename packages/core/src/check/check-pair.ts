import { GetBucketPolicyCommand, GetObjectLockConfigurationCommand, type S3Client } from '@aws-sdk/client-s3'
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms'
import type { SeedClients } from '../aws/clients.js'
import { awsErrorCode } from '../aws/aws-error.js'
import { ownerEnforced } from '../buckets/bucket-settings.js'
import { ruleFilter } from '../buckets/replication-filter.js'
import { AwsCallError, InvalidInputError } from '../errors.js'
import { bucketArn, roleArn } from '../layout.js'
import { bucketPolicyStatement, destinationGrants, keyPolicyStatement, policyAnswer } from '../iam/destination-grants.js'
import { planSeed, type SeedOptions, type SeedPlan } from '../plan.js'
import { decide } from '../seed/decide.js'
import { gatherFacts } from '../seed/facts.js'
import type { Decision, SeedFacts } from '../seed/types.js'
import type { CheckArea, CheckNote, CheckProblem, PairCheck } from './pair-check.js'
import type { PermissionCheck } from './permission-check.js'

export interface CheckPairOptions {
  clients: SeedClients
  identity: { accountId: string; partition: string }
  /** Ask IAM's policy simulator about the caller's and the role's permissions (the full check). */
  permissions?: PermissionCheck | undefined
}

/**
 * Checks one pair without changing anything: the same reads and decision a seeding makes first
 * (seed/facts.ts, seed/decide.ts), each refusal turned into a problem, then what a seeding would
 * only find out later: a destination that refuses ACLs it would send, KMS keys that are missing or
 * disabled, Object Lock, and (with `permissions`) the caller's and the role's permissions.
 */
export async function checkPair(options: SeedOptions, run: CheckPairOptions): Promise<PairCheck> {
  const result: PairCheck = { source: options.source, destination: options.destination, prefix: options.prefix ?? '', passed: false, problems: [], notes: [] }
  const problem = (area: CheckArea, message: string, input?: string) => result.problems.push({ area, message, ...(input === undefined ? {} : { input }) })
  const note = (area: CheckArea, kind: CheckNote['kind'], message: string) => result.notes.push({ area, kind, message })
  let plan: SeedPlan
  let facts: SeedFacts
  try {
    plan = planSeed(options)
    facts = await gatherFacts(plan, run.clients, { ...run.identity, dryRun: false })
  } catch (error) {
    const unreadable = await unreadableDestination(run, options, error).catch(() => undefined)
    result.problems.push(unreadable ?? problemOf(error, 'buckets'))
    return finish(result)
  }
  result.regions = { source: facts.regions.source, destination: facts.regions.destination }
  result.destinationAccount = facts.owners.destination
  let decision: Decision | undefined
  try {
    decision = decide(plan, facts, { dryRun: false })
    result.operation = decision.operation.name
    for (const warning of decision.warnings) note(warning.includes('account') ? 'cross-account' : 'replication', 'warning', warning)
  } catch (error) {
    result.problems.push(problemOf(error, 'replication'))
  }
  const sourceS3 = run.clients.s3(facts.regions.source)
  const destinationS3 = run.clients.s3(facts.regions.destination)
  for (const line of ruleLines(facts.replication)) note('replication', 'info', line)
  if (facts.runningJob !== undefined) note('running-job', 'info', `job ${facts.runningJob.jobId} (${facts.runningJob.region}) is running for this pair: seeding follows it instead of starting another`)
  const cannedAcl = plan.copy.cannedAcl
  if (cannedAcl !== undefined && cannedAcl !== 'bucket-owner-full-control' && (await ownerEnforced(destinationS3, plan.destination))) {
    problem('ownership', `${plan.destination} has ACLs disabled (Object Ownership: BucketOwnerEnforced), so S3 refuses copies with --canned-acl ${cannedAcl} (AccessControlListNotSupported). Leave out --canned-acl, or use bucket-owner-full-control.`, '--canned-acl')
  }
  for (const [bucket, s3] of [[plan.source, sourceS3], [plan.destination, destinationS3]] as const) {
    const lock = await objectLock(s3, bucket)
    if (lock !== undefined) note('object-lock', lock.kind === 'unknown' ? 'not-checked' : 'info', lock.message)
  }
  if (decision !== undefined) {
    const role = plan.role.kind === 'existing' ? plan.role.arn : roleArn(plan.role.name, facts.accountId, facts.partition)
    for (const key of [...new Set([...decision.kms.decrypt, ...decision.kms.encrypt])]) {
      const actions = decision.kms.decrypt.includes(key) ? ['kms:Decrypt'] : ['kms:GenerateDataKey']
      const state = await keyState(run.clients, key, facts.regions.destination, role, actions)
      if (state.kind === 'problem') problem('encryption', state.message, decision.kms.decrypt.includes(key) ? '--source-kms-key' : '--kms-key')
      if (state.kind === 'unknown') note('encryption', 'not-checked', state.message)
    }
    if (run.permissions !== undefined) {
      const kind = decision.strategy.kind === 'batch-replication' ? 'replicate' : plan.manifestSource.kind === 'list' ? 'list' : plan.manifestSource.kind
      const found = await run.permissions.check(plan, facts, decision, kind, role)
      result.problems.push(...found.problems)
      result.notes.push(...found.notes)
    }
  }
  return finish(result)
}

function finish(result: PairCheck): PairCheck {
  result.passed = result.problems.length === 0
  return result
}

/** A refusal of planSeed, gatherFacts or decide as a problem: input errors name their flag; an AWS error is the call s3-seed would make and fail. */
function problemOf(error: unknown, area: CheckArea): CheckProblem {
  if (error instanceof InvalidInputError) return { area: /does not exist|not owned/.test(error.message) ? 'buckets' : area, message: error.message, ...(error.input === undefined ? {} : { input: error.input }) }
  if (error instanceof AwsCallError) return { area: 'access', message: error.message }
  throw error
}

/** The enabled rules from source to destination (as gatherFacts read them), a line each: status, filter, role, delete markers. */
function ruleLines(replication: SeedFacts['replication']): string[] {
  return replication.rules.map((rule) => {
    const filter = ruleFilter(rule)
    const scope = `${filter.prefix ? `prefix ${filter.prefix}` : 'every key'}${filter.byTag ? ', filtered by tags' : ''}`
    const markers = rule.DeleteMarkerReplication?.Status === 'Enabled' ? 'replicates delete markers' : 'does not replicate delete markers'
    return `replication rule ${rule.ID ?? '(no ID)'}: ${rule.Status}, ${scope}, role ${replication.role ?? '(none)'}, ${markers}`
  })
}

/** Object Lock on a bucket: copies into it get its default retention, and s3-seed cannot remove a late copy that is retained (seed/converge.ts). */
async function objectLock(s3: S3Client, bucket: string): Promise<{ kind: 'on' | 'unknown'; message: string } | undefined> {
  try {
    const { ObjectLockConfiguration } = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))
    if (ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') return undefined
    const retention = ObjectLockConfiguration.Rule?.DefaultRetention
    const detail = retention === undefined ? 'no default retention' : `default retention ${retention.Mode} ${retention.Days ?? retention.Years} ${retention.Days !== undefined ? 'days' : 'years'}`
    return { kind: 'on', message: `${bucket} has Object Lock on (${detail}): objects written there may not be removable, late copies included` }
  } catch (error) {
    const code = awsErrorCode(error)
    if (code === 'ObjectLockConfigurationNotFoundError') return undefined
    return { kind: 'unknown', message: `Object Lock of ${bucket} not checked: GetObjectLockConfiguration failed (${code ?? String(error)}); allow s3:GetBucketObjectLockConfiguration to check it` }
  }
}

/**
 * Whether a KMS key exists and is enabled (KMS API DescribeKey: KeyState), and whether its key policy,
 * where readable, lets the job's role use it: a key policy that neither names the role nor delegates
 * to its account (the root principal) gives IAM policies no effect (KMS DG key-policy-default,
 * "Allows access to the AWS account and enables IAM policies"). A key that cannot be described is not checked.
 */
async function keyState(clients: SeedClients, keyArn: string, fallbackRegion: string, role: string, actions: string[]): Promise<{ kind: 'ok' } | { kind: 'problem' | 'unknown'; message: string }> {
  const kms = clients.kms(/^arn:[^:]+:kms:([^:]+):/.exec(keyArn)?.[1] ?? fallbackRegion)
  try {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }))
    const state = KeyMetadata?.KeyState
    if (state !== undefined && state !== 'Enabled') return { kind: 'problem', message: `KMS key ${keyArn} is ${state}: S3 cannot encrypt or decrypt with it. Enable the key, or use another.` }
  } catch (error) {
    const code = awsErrorCode(error)
    if (code === 'NotFoundException') return { kind: 'problem', message: `KMS key ${keyArn} does not exist. Check the key ARN.` }
    return { kind: 'unknown', message: `KMS key ${keyArn} not checked: DescribeKey failed (${code ?? String(error)}); allow kms:DescribeKey on it to check it` }
  }
  const policy = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' })).then((answer) => answer.Policy, () => undefined)
  if (policy === undefined || policyAnswer(policy, role, actions.map((action) => ({ action, resource: keyArn }))) !== 'denied') return { kind: 'ok' }
  return {
    kind: 'problem',
    message: `The key policy of KMS key ${keyArn} does not let the job's role ${role} use it (${actions.join(', ')}), nor delegate to its account. Add to the key policy: ${JSON.stringify(keyPolicyStatement(role, actions.map((action) => ({ action, resource: keyArn }))))}`,
  }
}

/**
 * A destination of another account that the caller may not read: with --destination-profile, its
 * bucket policy says why. No policy (or none naming the caller's account) lets neither the caller's
 * reads nor the job's writes in (UG how-s3-evaluates-access-control): the statements to add.
 */
async function unreadableDestination(run: CheckPairOptions, options: SeedOptions, error: unknown): Promise<CheckProblem | undefined> {
  const owner = options.destinationAccount
  if (!(error instanceof InvalidInputError) || error.input !== '--destination-account' || owner === undefined || options.destinationProfile === undefined) return undefined
  const plan = planSeed(options)
  const { accountId, partition } = run.identity
  let policy = ''
  try {
    policy = (await run.clients.forProfile(options.destinationProfile).s3(run.clients.defaultRegion).send(new GetBucketPolicyCommand({ Bucket: plan.destination, ExpectedBucketOwner: owner }))).Policy ?? ''
  } catch (policyError) {
    if (awsErrorCode(policyError) !== 'NoSuchBucketPolicy') return undefined
  }
  if (policyAnswer(policy, `arn:${partition}:iam::${accountId}:root`, [{ action: 's3:GetBucketLocation', resource: bucketArn(plan.destination, partition) }]) !== 'denied') return undefined
  const role = plan.role.kind === 'existing' ? plan.role.arn : roleArn(plan.role.name, accountId, partition)
  const reads = { Sid: 'AllowS3SeedCallerReads', Effect: 'Allow', Principal: { AWS: accountId }, Action: DESTINATION_READS, Resource: bucketArn(plan.destination, partition) }
  const writes = bucketPolicyStatement(role, destinationGrants(plan, 'list', partition))
  return {
    area: 'cross-account',
    message:
      `${plan.destination} is in account ${owner}, and its bucket policy (read with --destination-profile ${options.destinationProfile}) ${policy ? 'does not let' : 'is missing, which lets'} neither your account ${accountId} read it nor the job's role write. ` +
      `Add to the bucket policy of ${plan.destination}, in account ${owner}:\n  ${JSON.stringify(reads)}\n  ${JSON.stringify(writes)}`,
    input: '--destination-profile',
  }
}

/** What the caller reads of a destination in another account (README, "What s3-seed creates"). */
const DESTINATION_READS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetBucketVersioning', 's3:GetEncryptionConfiguration', 's3:GetBucketOwnershipControls']
