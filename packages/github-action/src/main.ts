import * as core from '@actions/core'
import { InvalidInputError } from '@s3-seed/core'
import { optionalInput } from './inputs.js'

/** The Action: read inputs, call core, write outputs. Errors fail the step with their message. */
export async function run(): Promise<void> {
  try {
    const source = optionalInput('source')
    const destination = optionalInput('destination')
    if (source === undefined || destination === undefined) {
      throw new InvalidInputError('Set both the `source` and `destination` inputs.', 'source')
    }
    throw new InvalidInputError('Seeding is not available in this build of the Action yet.')
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
