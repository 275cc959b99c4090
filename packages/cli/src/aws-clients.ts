import { clientOptionsFromEnv, createClients, type SeedClients } from '@s3-seed/core'
import type { GlobalOptions } from './args/parse-args.js'

/** Core's clients from --region/--profile and the standard AWS environment variables. */
export function clientsFor(options: GlobalOptions, env: NodeJS.ProcessEnv): SeedClients {
  return createClients(
    clientOptionsFromEnv(env, {
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    }),
  )
}
