import type { IAMClient } from '@aws-sdk/client-iam'
import { callerPermissions, rolePermissions, type NeededPermission } from '../iam/needed-permissions.js'
import { rolePolicy, type JobKind } from '../iam/role-policy.js'
import { simulate, simulatedPrincipal, type PermissionAnswer, type Simulated } from '../iam/simulate.js'
import type { SeedPlan } from '../plan.js'
import type { Decision, SeedFacts } from '../seed/types.js'
import type { CheckNote, CheckProblem } from './pair-check.js'

/**
 * The caller's and the job role's permissions, through IAM's policy simulator, for every pair of a
 * check. The caller is looked up once; answers are kept, since most pairs ask the same questions
 * (s3:CreateJob, a shared role's PassRole), and IAM's API is rate-limited.
 */
export class PermissionCheck {
  private readonly answers = new Map<string, Promise<PermissionAnswer>>()
  private caller: Promise<{ arn: string } | { notChecked: string }> | undefined

  constructor(
    private readonly iam: IAMClient,
    private readonly callerArn: string,
  ) {}

  async check(plan: SeedPlan, facts: SeedFacts, decision: Decision, kind: JobKind, role: string): Promise<{ problems: CheckProblem[]; notes: CheckNote[] }> {
    const problems: CheckProblem[] = []
    const notes: CheckNote[] = []
    this.caller ??= simulatedPrincipal(this.iam, this.callerArn)
    const caller = await this.caller
    const copy = decision.operation.name === 'copy'
    const needed = callerPermissions(plan, kind, {
      accountId: facts.accountId,
      partition: facts.partition,
      owners: facts.owners,
      regions: facts.regions,
      jobRegion: kind === 'replicate' ? facts.regions.source : facts.regions.destination,
      roleArn: role,
      managedRole: plan.role.kind === 'managed',
      converges: copy && facts.replicatesToDestination,
    })
    if ('notChecked' in caller) notes.push({ area: 'caller', kind: 'not-checked', message: `your permissions were not checked: ${caller.notChecked}` })
    else await this.ask({ kind: 'principal', arn: caller.arn }, needed, 'caller', `you (${caller.arn})`, problems, notes)
    const policy = rolePolicy(plan, kind, decision.kms, facts.partition, facts.owners)
    const who: Simulated = plan.role.kind === 'existing' ? { kind: 'principal', arn: role } : { kind: 'custom', policy, roleArn: role }
    await this.ask(who, rolePermissions(policy), 'role', `the job's role ${role}`, problems, notes)
    return { problems, notes }
  }

  private async ask(who: Simulated, needed: NeededPermission[], area: 'caller' | 'role', name: string, problems: CheckProblem[], notes: CheckNote[]): Promise<void> {
    const identity = who.kind === 'principal' ? who.arn : `custom:${who.roleArn}:${who.policy}`
    const missing = needed.filter((permission) => !this.answers.has(key(identity, permission)))
    if (missing.length > 0) {
      const asked = simulate(this.iam, who, missing)
      missing.forEach((permission, index) => this.answers.set(key(identity, permission), asked.then((answers) => answers[index] as PermissionAnswer)))
    }
    const notChecked = new Set<string>()
    for (const permission of needed) {
      const answer = await (this.answers.get(key(identity, permission)) as Promise<PermissionAnswer>)
      if (answer.kind === 'not-checked') notChecked.add(answer.reason)
      if (answer.kind !== 'denied') continue
      const statement = JSON.stringify({ Effect: 'Allow', Action: permission.action, Resource: permission.resource })
      problems.push({
        area,
        message: `${name} may not ${permission.action} on ${permission.resource} (${permission.why}; IAM's simulator: ${answer.decision}). ${fixFor(area, who)} ${statement}`,
        ...(area === 'role' && who.kind === 'principal' ? { input: '--role-arn' } : {}),
      })
    }
    for (const reason of notChecked) notes.push({ area, kind: 'not-checked', message: `${name}: not checked: ${reason}` })
  }
}

function key(identity: string, permission: NeededPermission): string {
  return JSON.stringify([identity, permission.action, permission.resource, permission.context ?? {}])
}

function fixFor(area: 'caller' | 'role', who: Simulated): string {
  if (area === 'caller') return 'Add to your identity policy (or ask its owner):'
  return who.kind === 'principal' ? "Add to the role's policy, or leave out --role-arn to let s3-seed make one:" : "The policy s3-seed would give the role does not grant it (please report this); it needs:"
}
