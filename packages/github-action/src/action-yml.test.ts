import { flagOf, inputOf, isOn, PAIR_OPTIONS, RUN_OPTIONS, specOf, type OptionKey } from '@s3-seed/core'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { actionYml } from './action-yml.js'
import { readInputs } from './inputs.js'

// action.yml is generated from the option schema; a schema change without `vitest -u` fails here.
describe('action.yml', () => {
  it('is what the schema generates (package and repository root)', async () => {
    await expect(actionYml('dist/index.js')).toMatchFileSnapshot('../action.yml')
    await expect(actionYml('packages/github-action/dist/index.js')).toMatchFileSnapshot('../../../action.yml')
  })

  it('offers every schema option unless the schema says why not, and readInputs reads each one', () => {
    const inputs = (parse(readFileSync(fileURLToPath(new URL('../action.yml', import.meta.url)), 'utf8')) as { inputs: Record<string, unknown> }).inputs
    const keys = [...Object.keys(PAIR_OPTIONS), ...Object.keys(RUN_OPTIONS)] as OptionKey[]
    for (const key of keys) expect(inputOf(key) in inputs, `${flagOf(key)} → input ${inputOf(key)}`).toBe(isOn(key, 'action'))
    // A wrong value for each input is refused naming that input: proof that readInputs reads it.
    for (const key of keys.filter((k) => isOn(k, 'action') && k !== 'pairs')) {
      const bad = wrongValue(key)
      if (bad === undefined) continue
      const name = inputOf(key)
      const values: Record<string, string> = name === 'from-replication' ? { [name]: bad } : { source: 'a-src', destination: 'a-dst', [name]: bad }
      expect(() => readInputs((input) => values[input] ?? ''), name).toThrow(new RegExp(`\`${name}\``))
    }
  })
})

/** A value the schema refuses for this option; undefined for free text (nothing to refuse). */
function wrongValue(key: OptionKey): string | undefined {
  const type = specOf(key).type
  switch (type.kind) {
    case 'boolean':
      return 'maybe'
    case 'integer':
    case 'seconds':
      return '-1'
    case 'enum':
      return 'nope'
    case 'time':
      return 'yesterday'
    case 'bucket':
    case 'buckets':
      return 'Not_A_Bucket'
    case 'string':
      return type.pattern ? 'not valid' : type.maxLength ? 'x'.repeat(type.maxLength + 1) : undefined
  }
}
