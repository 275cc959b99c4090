import * as core from '@actions/core'

/** An input's value, or undefined when it is unset (the runner passes unset inputs as ''). */
export function optionalInput(name: string): string | undefined {
  const value = core.getInput(name)
  return value === '' ? undefined : value
}
