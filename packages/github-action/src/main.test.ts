import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url))

describe('action bundle', () => {
  it('fails the step with a message naming the missing input', () => {
    const dir = mkdtempSync(join(tmpdir(), 's3-seed-action-'))
    const output = join(dir, 'output')
    writeFileSync(output, '')
    const result = spawnSync(process.execPath, [bundle], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, 'INPUT_SOURCE': 'bucket-a' },
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('::error::Set both the `source` and `destination` inputs.')
    expect(readFileSync(output, 'utf8')).toBe('')
  })
})
