import { randomUUID } from 'node:crypto'
import type { MotoAccess } from '../../aws-clients.js'
import { faultResponse } from '../../gateway-faults.js'
import { credentialScope, type SandboxRequest, type SandboxResponse } from '../../http-request.js'
import { accessRefusal } from '../access-decision.js'
import { accessKeyOf, iamEntity, principalOf, type NamedPolicy } from '../access-facts.js'
import type { Principal } from '../resource-policy.js'
import { renderSimulation } from './render-simulation.js'
import { simulate, type SimulationSubject } from './simulate.js'
import { invalidInput, parseSimulationInput, SimulationError, type SimulationInput, type SimulationOperation } from './simulation-input.js'

const OPERATIONS: SimulationOperation[] = ['SimulatePrincipalPolicy', 'SimulateCustomPolicy']
const ENTITY_ARN = /^arn:([^:]+):iam::(\d{12}):(user|role|group)\/(?:.*\/)?[^/]+$/
const USER_ARN = /^arn:([^:]+):iam::(\d{12}):user\/(?:.*\/)?[^/]+$/

/**
 * IAM's policy simulator, which moto lacks: the gateway hands it every IAM request, and it answers
 * SimulatePrincipalPolicy and SimulateCustomPolicy (undefined for any other action, which goes on to
 * moto). The policies are evaluated by the sandbox's own evaluator, the one its access checks use.
 *
 * With IAM enforcement on, the caller needs iam:SimulatePrincipalPolicy on the PolicySourceArn, or
 * iam:SimulateCustomPolicy on `*` (Service Authorization Reference, IAM), else 403 AccessDenied. Its
 * signature is not verified (moto verifies the others'); its access key must exist.
 */
export function policySimulator(access: MotoAccess): (operation: string, request: SandboxRequest) => Promise<SandboxResponse | undefined> {
  return async (operation, request) => {
    if (!OPERATIONS.includes(operation as SimulationOperation)) return undefined
    const requestId = randomUUID()
    try {
      const input = parseSimulationInput(operation as SimulationOperation, new URLSearchParams(request.body.toString('utf8')))
      const caller = await principalOf(access, accessKeyOf(request))
      if (access.iamEnforcement) authorize(caller, input, credentialScope(request.headers).region)
      const subject = await subjectOf(access, input, caller?.account ?? access.accountId)
      const body = renderSimulation(input.operation, simulate(input, subject), input, requestId)
      return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body }
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error
      return faultResponse('iam', 'POST', { status: error.status, code: error.code, message: error.message })
    }
  }
}

function authorize(caller: Principal | undefined, input: SimulationInput, region: string | undefined): void {
  if (caller === undefined) throw new SimulationError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.')
  const action = `iam:${input.operation}`
  const resource = input.operation === 'SimulatePrincipalPolicy' ? (input.policySourceArn ?? '*') : '*'
  const context = region === undefined ? {} : { 'aws:RequestedRegion': region }
  const refused = accessRefusal({ principal: caller, action, resource, owner: caller.account, resourcePolicy: undefined, context })
  if (refused !== undefined) throw new SimulationError('AccessDenied', 403, refused.message)
}

/**
 * The simulated policies and caller. SimulatePrincipalPolicy: the entity's identity policies (a
 * user's include its groups'), in the caller's own account (IAM is per account; another account's
 * entity is NoSuchEntity [inferred]), plus PolicyInputList. CallerArn must be an IAM user's ARN,
 * and is required with a ResourcePolicy unless PolicySourceArn is a user (IAM API
 * SimulatePrincipalPolicy, CallerArn; SimulateCustomPolicy, CallerArn).
 */
async function subjectOf(access: MotoAccess, input: SimulationInput, callerAccount: string): Promise<SimulationSubject> {
  if (input.callerArn !== undefined && !USER_ARN.test(input.callerArn)) {
    throw invalidInput(`CallerArn must be the ARN of an IAM user, not ${input.callerArn}.`)
  }
  const given: NamedPolicy[] = input.policyInputList.map((document, index) => ({ id: `PolicyInputList.${index + 1}`, type: 'none', document }))
  let source: { arn: string; account: string; partition: string; kind: string } | undefined
  let policies = given
  if (input.operation === 'SimulatePrincipalPolicy') {
    const arn = input.policySourceArn ?? ''
    const match = ENTITY_ARN.exec(arn)
    if (match === null) throw invalidInput(`PolicySourceArn must be the ARN of an IAM user, group or role, not ${arn}.`)
    const entity = match[2] === callerAccount ? await iamEntity(access, arn) : undefined
    if (entity === undefined) throw new SimulationError('NoSuchEntity', 404, `The ${match[3]} with ARN ${arn} cannot be found.`)
    source = entity
    policies = [...entity.policies, ...given]
  }
  if (input.resourcePolicy !== undefined && input.callerArn === undefined && source?.kind !== 'user') {
    throw invalidInput('CallerArn is required with a ResourcePolicy unless PolicySourceArn is an IAM user.')
  }
  const callerArn = input.callerArn ?? source?.arn
  const parts = callerArn === undefined ? undefined : /^arn:([^:]+):iam::(\d{12}):/.exec(callerArn)
  const caller = callerArn === undefined || parts === null || parts === undefined ? undefined : { arn: callerArn, partition: parts[1] ?? 'aws', account: parts[2] ?? '' }
  return { policies, caller }
}
