import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// `npx s3-seed@X` must run the core that s3-seed X was released and tested with. `workspace:*` is
// published as core's exact version (pnpm publish rewrites it), and changesets reads it as that
// exact version too, so every core release also releases the CLI (docs/decisions.md, 14).
const cliDir = fileURLToPath(new URL('..', import.meta.url))
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { version: string; dependencies: Record<string, string> }

describe('package.json', () => {
  it('depends on @s3-seed/core as workspace:*', () => {
    expect(readJson(join(cliDir, 'package.json')).dependencies['@s3-seed/core']).toBe('workspace:*')
  })

  it('is packed with the exact @s3-seed/core version of this repository', () => {
    const destination = mkdtempSync(join(tmpdir(), 's3-seed-pack-'))
    let packed: { dependencies: Record<string, string> }
    try {
      execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: cliDir, stdio: 'ignore' })
      const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'))
      packed = JSON.parse(execFileSync('tar', ['-xOzf', join(destination, tarball ?? ''), 'package/package.json'], { encoding: 'utf8' })) as typeof packed
    } finally {
      rmSync(destination, { recursive: true, force: true })
    }
    expect(packed.dependencies['@s3-seed/core']).toBe(readJson(join(cliDir, '..', 'core', 'package.json')).version)
  })
})
