import type { S3ControlClient } from '@aws-sdk/client-s3-control'
import { accountId, clientOptionsFromEnv, createClients, type SeedClients, type Sleep } from '@s3-seed/core/base'
import type { GlobalOptions } from './args/types.js'
import type { CliIo } from './io.js'
import { Output } from './output/output.js'

/** What main hands every command: where to write, and the signal that interrupts it (Ctrl-C). */
export interface CommandContext {
  io: CliIo
  signal?: AbortSignal | undefined
  /** How the command waits (backoff, polling). Default: real time. */
  sleep?: Sleep | undefined
}

/** A command's connection to AWS and its output, from the options every command takes. */
export interface CommandSession {
  clients: SeedClients
  output: Output
  /** --region, else the environment's Region. */
  region: string
  /** The caller's account (STS GetCallerIdentity), looked up when a command needs it. */
  account: () => Promise<string>
}

/** Core's clients from --region/--profile and the standard AWS environment variables, and the output. */
export function openSession(options: GlobalOptions, { io }: CommandContext): CommandSession {
  const output = new Output(io, options.json)
  const clients = createClients({
    ...clientOptionsFromEnv(io.env, {
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    }),
    // --verbose: notes on how s3-seed talks to AWS, on stderr beside the warnings.
    ...(options.verbose ? { onNote: (message: string) => output.warn(`note: ${message}`) } : {}),
  })
  return { clients, output, region: clients.defaultRegion, account: () => accountId(clients.sts) }
}

/** What the job commands (status, watch, cancel) need: the Region's S3 Control client and the caller's account. */
export async function openJobSession(options: GlobalOptions, context: CommandContext): Promise<{ output: Output; s3control: S3ControlClient; accountId: string; region: string }> {
  const { clients, output, region, account } = openSession(options, context)
  return { output, s3control: clients.s3control(region), accountId: await account(), region }
}
