import { child, text, type XmlNode } from '../xml.js'
import type { CreateJobInput } from './create-job-input.js'
import { badRequest } from './errors.js'
import { parseGenerator } from './parse-manifest-generator.js'
import { parseManifest } from './parse-manifest.js'
import { parseOperation } from './parse-operation.js'
import { parseReport } from './parse-report.js'
import { parseTags } from './parse-tags.js'
import { bool, integer, required } from './xml-fields.js'

/** The sections DescribeJob echoes back as the request sent them. */
const ECHOED_SECTIONS = ['Manifest', 'ManifestGenerator', 'Operation', 'Report']

/**
 * Parses and validates a CreateJobRequest body: the top-level fields here, each section in its own
 * parser. Checks run in request order, so the first problem in the document is the one reported.
 */
export function parseCreateJob(accountId: string | undefined, body: XmlNode, partition: string): CreateJobInput {
  if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
    throw badRequest('The x-amz-account-id header is required and must be a 12-digit account ID.')
  }
  const clientRequestToken = required(body, 'ClientRequestToken')
  if (clientRequestToken.length > 64) throw badRequest('ClientRequestToken must be 1 to 64 characters.')
  const priority = integer(required(body, 'Priority'), 'Priority', 0, 2147483647)
  const roleArn = required(body, 'RoleArn')
  if (!/^arn:[^:]+:iam::\d{12}:role\/.+/.test(roleArn) || roleArn.length > 2048) {
    throw badRequest(`RoleArn "${roleArn}" is not an IAM role ARN (arn:${partition}:iam::<account>:role/<name>).`)
  }
  const description = text(body, 'Description')
  if (description !== undefined && (description.length < 1 || description.length > 256)) {
    throw badRequest('Description must be 1 to 256 characters.')
  }
  const hasManifest = child(body, 'Manifest') !== undefined
  const hasGenerator = child(body, 'ManifestGenerator') !== undefined
  if (hasManifest === hasGenerator) {
    throw badRequest('Exactly one of Manifest or ManifestGenerator must be specified.')
  }
  const echo: Record<string, XmlNode | XmlNode[]> = {}
  for (const name of ECHOED_SECTIONS) {
    const value = child(body, name)
    if (value !== undefined) echo[name] = value
  }
  return {
    accountId,
    clientRequestToken,
    confirmationRequired: bool(text(body, 'ConfirmationRequired'), 'ConfirmationRequired') ?? false,
    priority,
    roleArn,
    ...(description === undefined ? {} : { description }),
    tags: parseTags(body, 'Tags'),
    operation: parseOperation(child(body, 'Operation'), partition),
    report: parseReport(child(body, 'Report'), partition),
    manifest: hasManifest ? parseManifest(child(body, 'Manifest'), partition) : parseGenerator(child(body, 'ManifestGenerator'), partition),
    echo,
  }
}
