import type { PolicyDocument } from '../policy-evaluator.js'

/**
 * The input of IAM's SimulatePrincipalPolicy and SimulateCustomPolicy, read from the Query
 * protocol's form body (IAM API SimulatePrincipalPolicy, SimulateCustomPolicy; lists as
 * `Name.member.N`, ContextEntries as `ContextEntries.member.N.ContextKeyName`, `…ContextKeyValues.member.M`,
 * `…ContextKeyType`). Pure: no AWS.
 */
export type SimulationOperation = 'SimulatePrincipalPolicy' | 'SimulateCustomPolicy'

export interface ContextEntry {
  name: string
  values: string[]
  /** `string`, `stringList`, `boolean`… as sent; the sandbox compares every value as a string. */
  type: string | undefined
}

export interface SimulationInput {
  operation: SimulationOperation
  /** SimulatePrincipalPolicy: the user, group or role whose policies are simulated. */
  policySourceArn: string | undefined
  /** SimulateCustomPolicy: the policies; SimulatePrincipalPolicy: policies added to the principal's. */
  policyInputList: PolicyDocument[]
  actionNames: string[]
  /** The resources; `['*']` when none is given (the API's default). */
  resourceArns: string[]
  /** Whether ResourceArns was given (ResourceSpecificResults are answered only then). */
  resourcesGiven: boolean
  resourcePolicy: PolicyDocument | undefined
  /** The account ID of ResourceOwner (given as an ID or as `arn:…:iam::<id>:root`). */
  resourceOwner: string | undefined
  callerArn: string | undefined
  contextEntries: ContextEntry[]
  maxItems: number | undefined
  marker: string | undefined
}

/** A request IAM refuses before simulating anything, with IAM's error code and HTTP status. */
export class SimulationError extends Error {
  constructor(
    readonly code: 'InvalidInput' | 'NoSuchEntity' | 'AccessDenied' | 'InvalidClientTokenId',
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export function invalidInput(message: string): SimulationError {
  return new SimulationError('InvalidInput', 400, message)
}

/** Members IAM documents that the sandbox does not simulate: refused rather than ignored. */
const NOT_SIMULATED = ['PermissionsBoundaryPolicyInputList', 'OrderedOrganizationPolicyInputList', 'PolicyExclusionList']

export function parseSimulationInput(operation: SimulationOperation, form: URLSearchParams): SimulationInput {
  for (const name of NOT_SIMULATED) {
    if ([...form.keys()].some((key) => key.startsWith(`${name}.`))) {
      throw invalidInput(`${name} is not simulated by the s3-seed sandbox (no permission boundaries, SCPs or RCPs).`)
    }
  }
  const actionNames = memberList(form, 'ActionNames')
  if (actionNames.length === 0) throw invalidInput('ActionNames must name at least one action.')
  const policySourceArn = single(form, 'PolicySourceArn')
  const policyInputList = memberList(form, 'PolicyInputList').map((text, index) => policyDocument(text, `PolicyInputList.${index + 1}`))
  if (operation === 'SimulatePrincipalPolicy' && policySourceArn === undefined) throw invalidInput('PolicySourceArn is required.')
  if (operation === 'SimulateCustomPolicy' && policyInputList.length === 0) throw invalidInput('PolicyInputList must hold at least one policy.')
  const resourceArns = memberList(form, 'ResourceArns')
  const maxItems = single(form, 'MaxItems')
  if (maxItems !== undefined && !/^[1-9]\d{0,2}$/.test(maxItems)) throw invalidInput('MaxItems must be an integer from 1 to 1000.')
  return {
    operation,
    policySourceArn,
    policyInputList,
    actionNames,
    resourceArns: resourceArns.length === 0 ? ['*'] : resourceArns,
    resourcesGiven: resourceArns.length > 0,
    resourcePolicy: optionalPolicy(single(form, 'ResourcePolicy')),
    resourceOwner: ownerAccount(single(form, 'ResourceOwner')),
    callerArn: single(form, 'CallerArn'),
    contextEntries: contextEntries(form),
    maxItems: maxItems === undefined ? undefined : Number(maxItems),
    marker: single(form, 'Marker'),
  }
}

function optionalPolicy(text: string | undefined): PolicyDocument | undefined {
  return text === undefined ? undefined : policyDocument(text, 'ResourcePolicy')
}

/** A policy given as text; one that is not a JSON object is refused (IAM API: InvalidInput). */
function policyDocument(text: string, member: string): PolicyDocument {
  try {
    const document = JSON.parse(text) as unknown
    if (typeof document === 'object' && document !== null && !Array.isArray(document)) return document as PolicyDocument
  } catch {
    // refused below
  }
  throw invalidInput(`${member} is not a valid JSON policy document.`)
}

function single(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name)
  return value === null || value === '' ? undefined : value
}

/** `Name.member.1`, `Name.member.2`… in order, up to the first gap. */
function memberList(form: URLSearchParams, name: string): string[] {
  const items: string[] = []
  for (let index = 1; form.has(`${name}.member.${index}`); index++) items.push(form.get(`${name}.member.${index}`) ?? '')
  return items
}

function contextEntries(form: URLSearchParams): ContextEntry[] {
  const entries: ContextEntry[] = []
  for (let index = 1; form.has(`ContextEntries.member.${index}.ContextKeyName`); index++) {
    const prefix = `ContextEntries.member.${index}`
    entries.push({
      name: form.get(`${prefix}.ContextKeyName`) ?? '',
      values: memberList(form, `${prefix}.ContextKeyValues`),
      type: single(form, `${prefix}.ContextKeyType`),
    })
  }
  return entries
}

/** ResourceOwner is an account ID, or (SimulateCustomPolicy's text) the account's root ARN. */
function ownerAccount(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const account = /^(?:arn:[^:]+:iam::)?(\d{12})(?::root)?$/.exec(value)?.[1]
  if (account === undefined) throw invalidInput(`ResourceOwner must be an account ID or arn:<partition>:iam::<account ID>:root, not ${value}.`)
  return account
}
