import { jobArn, partitionOf } from '../arn.js'
import { BATCH_OPERATIONS_PRINCIPAL } from '../iam/trust-policy.js'
import type { PermitCaller } from './caller-permissions.js'
import type { JobEngine } from '../jobs/job-engine.js'
import { credentialScope, type SandboxRequest, type SandboxResponse } from '../http-request.js'
import { buildXmlDocument, parseXmlDocument } from '../xml.js'
import { parseCreateJob } from './create-job-request.js'
import { parseTags } from './parse-tags.js'
import { badRequest, S3ControlError } from './errors.js'
import { jobDescriptor, jobListDescriptor, tagSet } from './render.js'
import type { Job, JobStatus } from '../jobs/job.js'
import { randomUUID } from 'node:crypto'

const JOBS_PATH = /^\/v20180820\/jobs(?:\/([^/]+)(?:\/(status|priority|tagging))?)?\/?$/

export interface S3ControlContext {
  engine: JobEngine
  defaultRegion: string
  /** The account whose credentials signed the request; undefined for keys no account has. */
  callerAccount?: (request: SandboxRequest) => Promise<string | undefined>
  /** Checks the caller's identity permission for an action (IAM enforcement); throws AccessDenied. */
  permit?: PermitCaller
}

/**
 * The S3 Control operation a request names (for fault rules and stats), from its method and path;
 * `Unknown` for anything that is not a job API route.
 */
export function s3ControlOperation(method: string, path: string): string {
  const route = JOBS_PATH.exec(path)
  return route === null ? 'Unknown' : operationName(method, route[1], route[2])
}

/**
 * The S3 Batch Operations part of S3 Control's REST-XML API (`/v20180820/jobs...`), answering in
 * the shapes of the S3 Control service model so the unmodified SDK and AWS CLI can talk to it.
 * Faults are applied before this, by the gateway.
 */
export async function handleS3Control(request: SandboxRequest, context: S3ControlContext): Promise<SandboxResponse> {
  const requestId = randomUUID()
  try {
    const route = JOBS_PATH.exec(request.path)
    if (route === null) throw new S3ControlError('NotFoundException', `No S3 Control operation at ${request.path}.`)
    const operation = operationName(request.method, route[1], route[2])
    const accountId = headerValue(request, 'x-amz-account-id')
    if (accountId === undefined) throw badRequest('The x-amz-account-id header is required.')
    // S3 Control acts in the account of the credentials: another account's ID is refused.
    const caller = await context.callerAccount?.(request)
    if (caller !== undefined && caller !== accountId) {
      throw new S3ControlError('AccessDenied', `The credentials belong to account ${caller}, not to account ${accountId} (x-amz-account-id).`)
    }
    const region = credentialScope(request.headers).region ?? context.defaultRegion
    // Every operation's action is `s3:<operation>`, on the job's ARN or, for CreateJob and ListJobs, `*`.
    const resource = route[1] === undefined ? '*' : jobArn(partitionOf(region), region, accountId, route[1])
    if (operation !== 'Unknown') await context.permit?.(request, `s3:${operation}`, resource)
    return await dispatch(operation, request, context, { accountId, region, jobId: route[1] })
  } catch (error) {
    if (error instanceof S3ControlError) return errorResponse(error.status, error.code, error.message, requestId)
    return errorResponse(500, 'InternalServiceException', String(error), requestId)
  }
}

interface Scope {
  accountId: string
  region: string
  jobId: string | undefined
}

async function dispatch(operation: string, request: SandboxRequest, context: S3ControlContext, scope: Scope): Promise<SandboxResponse> {
  const { engine } = context
  switch (operation) {
    case 'CreateJob': {
      const { root, content } = parseXmlDocument(request.body.toString('utf8'))
      if (root !== 'CreateJobRequest') throw badRequest(`Expected a CreateJobRequest document, got ${root}.`)
      const input = parseCreateJob(scope.accountId, content, partitionOf(scope.region))
      await context.permit?.(request, 'iam:PassRole', input.roleArn, { 'iam:PassedToService': BATCH_OPERATIONS_PRINCIPAL })
      const fingerprint = JSON.stringify({ ...(content as object), ClientRequestToken: undefined, region: scope.region })
      const job = await engine.create(input, scope.region, fingerprint)
      return ok('CreateJobResult', { JobId: job.id })
    }
    case 'ListJobs': {
      const statuses = request.query.getAll('jobStatuses')
      const maxResults = request.query.has('maxResults') ? Number(request.query.get('maxResults')) : 1000
      if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
        throw new S3ControlError('InvalidRequestException', 'maxResults must be an integer from 0 to 1000.')
      }
      const jobs = engine
        .list()
        .filter((job) => visible(job, scope) && (statuses.length === 0 || statuses.includes(job.status as JobStatus)))
      const start = decodeNextToken(request.query.get('nextToken'))
      const page = jobs.slice(start, start + (maxResults || 1000))
      const next = start + page.length < jobs.length ? Buffer.from(String(start + page.length)).toString('base64url') : undefined
      return ok('ListJobsResult', {
        ...(next ? { NextToken: next } : {}),
        Jobs: page.length === 0 ? '' : { member: page.map(jobListDescriptor) },
      })
    }
    case 'DescribeJob':
      return ok('DescribeJobResult', { Job: jobDescriptor(scopedJob(engine, scope)) })
    case 'UpdateJobStatus': {
      const job = scopedJob(engine, scope)
      const requested = request.query.get('requestedJobStatus') ?? ''
      const reason = request.query.get('statusUpdateReason') ?? undefined
      engine.requestStatus(job.id, requested, reason)
      return ok('UpdateJobStatusResult', {
        JobId: job.id,
        Status: job.status,
        ...(job.statusUpdateReason === undefined ? {} : { StatusUpdateReason: job.statusUpdateReason }),
      })
    }
    case 'UpdateJobPriority': {
      const job = scopedJob(engine, scope)
      const raw = request.query.get('priority') ?? ''
      const priority = Number(raw)
      if (!/^\d+$/.test(raw) || priority > 2147483647) throw badRequest('priority must be an integer from 0 to 2147483647.')
      engine.setPriority(job.id, priority)
      return ok('UpdateJobPriorityResult', { JobId: job.id, Priority: String(priority) })
    }
    case 'GetJobTagging':
      return ok('GetJobTaggingResult', { Tags: tagSet(scopedJob(engine, scope).tags) })
    case 'PutJobTagging': {
      const job = scopedJob(engine, scope)
      const { content } = parseXmlDocument(request.body.toString('utf8'))
      engine.setTags(job.id, parseTags(content, 'Tags'))
      return ok('PutJobTaggingResult', {})
    }
    case 'DeleteJobTagging':
      engine.setTags(scopedJob(engine, scope).id, [])
      return { status: 204, body: '' }
    default:
      throw new S3ControlError('NotFoundException', `The sandbox does not serve ${request.method} ${request.path}.`)
  }
}

function operationName(method: string, jobId: string | undefined, sub: string | undefined): string {
  if (jobId === undefined) return method === 'POST' ? 'CreateJob' : method === 'GET' ? 'ListJobs' : 'Unknown'
  if (sub === undefined) return method === 'GET' ? 'DescribeJob' : 'Unknown'
  if (sub === 'status') return method === 'POST' ? 'UpdateJobStatus' : 'Unknown'
  if (sub === 'priority') return method === 'POST' ? 'UpdateJobPriority' : 'Unknown'
  return { GET: 'GetJobTagging', PUT: 'PutJobTagging', DELETE: 'DeleteJobTagging' }[method] ?? 'Unknown'
}

/** Jobs are regional and belong to one account, as on AWS: another Region's job is not found. */
function visible(job: Job, scope: Scope): boolean {
  return job.region === scope.region && job.input.accountId === scope.accountId
}

function scopedJob(engine: JobEngine, scope: Scope): Job {
  const job = engine.get(scope.jobId ?? '')
  if (!visible(job, scope)) throw new S3ControlError('NotFoundException', `Job ${scope.jobId} does not exist in ${scope.region}.`)
  return job
}

function decodeNextToken(token: string | null): number {
  if (token === null || token === '') return 0
  const start = Number(Buffer.from(token, 'base64url').toString('utf8'))
  if (!Number.isInteger(start) || start < 0) throw new S3ControlError('InvalidNextTokenException', 'The nextToken is not valid.')
  return start
}

function headerValue(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function ok(root: string, content: Record<string, unknown>): SandboxResponse {
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: buildXmlDocument(root, content) }
}

/** S3 Control's error body: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function errorResponse(status: number, code: string, message: string, requestId: string): SandboxResponse {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ErrorResponse><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId><HostId>s3-seed-sandbox</HostId></ErrorResponse>`
  return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body }
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
}
