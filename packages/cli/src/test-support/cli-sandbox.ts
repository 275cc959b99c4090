import { CreateBucketCommand, PutBucketReplicationCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam'
import { ListJobsCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import type { Sandbox, SandboxOptions } from '@s3-seed/sandbox'
import { useSandbox } from '@s3-seed/sandbox/testing'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach } from 'vitest'

/** Polls fast: the sandbox's job stages take milliseconds. */
export const FAST = ['--poll-interval', '0.02']

/** A sandbox for a CLI test file, with independent SDK clients to set up and check what the CLI did. */
export interface CliSandbox {
  sandbox: Sandbox
  s3: S3Client
  control: S3ControlClient
  iam: IAMClient
  /** A temporary folder for pairs files and CSVs. */
  dir: string
  /** Creates a bucket (versioned unless told otherwise) holding `keys`, each with body `body of KEY`. */
  bucket(name: string, keys?: string[], versioned?: boolean): Promise<void>
  /** An enabled replication rule from `source` to `destination` over every key. */
  replicate(source: string, destination: string): Promise<void>
  jobCount(): Promise<number>
  roleCount(): Promise<number>
}

export function useCliSandbox(options: SandboxOptions = { timing: { stageDelayMs: 5 } }): CliSandbox {
  const context = { dir: mkdtempSync(join(tmpdir(), 's3-seed-cli-')) } as CliSandbox
  useSandbox((started) => (context.sandbox = started), options)
  beforeEach(() => {
    const config = { region: 'us-east-1', credentials: context.sandbox.credentials }
    context.s3 = new S3Client({ ...config, endpoint: context.sandbox.endpoint, forcePathStyle: true })
    context.control = new S3ControlClient({ ...config, endpointProvider: () => ({ url: new URL(context.sandbox.endpoint) }) })
    context.iam = new IAMClient({ ...config, endpoint: context.sandbox.endpoint })
  })
  context.bucket = async (name, keys = [], versioned = true) => {
    await context.s3.send(new CreateBucketCommand({ Bucket: name }))
    if (versioned) await context.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }))
    for (const key of keys) await context.s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: `body of ${key}` }))
  }
  context.replicate = async (source, destination) => {
    await context.s3.send(
      new PutBucketReplicationCommand({
        Bucket: source,
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::123456789012:role/replication',
          Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${destination}` } }],
        },
      }),
    )
  }
  context.jobCount = async () => (await context.control.send(new ListJobsCommand({ AccountId: context.sandbox.accountId }))).Jobs?.length ?? 0
  context.roleCount = async () => (await context.iam.send(new ListRolesCommand({}))).Roles?.length ?? 0
  return context
}
