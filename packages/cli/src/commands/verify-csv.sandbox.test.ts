import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCliSandbox } from '../test-support/cli-sandbox.js'
import { runCli } from '../test-support/run-cli.js'

// verify --csv PATH: a new file of mode 0600, created before the comparison starts; never an
// existing file (without --force), never through a symbolic link; formula-like cells guarded.
const cli = useCliSandbox()
const { bucket } = cli
const HEADER = 'kind,key,source_size,destination_size,source_etag,destination_etag\n'
const posix = process.platform !== 'win32'

/** A fresh folder per test, so paths never clash. */
const folder = () => mkdtempSync(join(cli.dir, 'csv-'))
const verify = (...flags: string[]) => runCli(cli.sandbox, ['verify', 'cli-source', 'cli-destination', ...flags])

describe('s3-seed verify --csv', () => {
  it('creates the file with mode 0600 and writes formula-like keys behind a leading quote', async () => {
    const keys = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\tTab', "'quoted", 'plain, with a comma']
    await bucket('cli-source', keys)
    await bucket('cli-destination')
    const path = join(folder(), 'differences.csv')
    const run = await verify('--csv', path)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`Differences written to ${path}`)
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600)
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines[0]).toBe(HEADER.trim())
    // Each key cell, in S3's key order: quoted (RFC 4180), with one leading ' where a spreadsheet
    // would see a formula, or where the key itself starts with ' (so dropping one ' gives the key back).
    expect(lines.slice(1, -1).map((line) => /^missing,("(?:[^"]|"")*"),\d+,,\w+,$/.exec(line)?.[1])).toEqual([
      `"'\tTab"`,
      `"''quoted"`,
      `"'+1"`,
      `"'-2"`,
      `"'=HYPERLINK(""http://x"",""y"")"`,
      `"'@SUM(A1)"`,
      `"plain, with a comma"`,
    ])
    expect(lines.at(-1)).toBe('')
  })

  it('refuses an existing file without --force (exit 2, file unchanged), before any request', async () => {
    const path = join(folder(), 'kept.csv')
    writeFileSync(path, 'yesterday\n')
    // The buckets do not exist: the CSV is refused before verify asks S3 about them.
    const run = await verify('--csv', path)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe(`s3-seed: --csv ${path} already exists; verify does not overwrite files. Name a new file, or pass --force to replace it.\n`)
    expect(readFileSync(path, 'utf8')).toBe('yesterday\n')
  })

  it('replaces an existing file with --force, as a new file of mode 0600', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const path = join(folder(), 'replaced.csv')
    writeFileSync(path, 'yesterday\n', { mode: 0o644 })
    const run = await verify('--csv', path, '--force')
    expect(run.exitCode).toBe(1)
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${HEADER}missing,"a",9,,\\w+,\n$`))
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it.runIf(posix)('never writes through a symbolic link: refused without --force, the link itself replaced with it', async () => {
    await bucket('cli-source', ['a'])
    await bucket('cli-destination')
    const dir = folder()
    const target = join(dir, 'target.txt')
    writeFileSync(target, 'precious\n')
    const link = join(dir, 'link.csv')
    symlinkSync(target, link)
    const dangling = join(dir, 'dangling.csv')
    symlinkSync(join(dir, 'created-through-the-link.csv'), dangling)

    for (const path of [link, dangling]) {
      const refused = await verify('--csv', path)
      expect(refused.exitCode).toBe(2)
      expect(refused.stderr).toBe(`s3-seed: --csv ${path} is a symbolic link; verify does not write through links. Name the file itself, or pass --force to replace the link (not its target) with a new file.\n`)
    }
    expect(existsSync(join(dir, 'created-through-the-link.csv'))).toBe(false)

    const forced = await verify('--csv', link, '--force')
    expect(forced.exitCode).toBe(1)
    expect(readFileSync(target, 'utf8')).toBe('precious\n')
    expect(lstatSync(link).isSymbolicLink()).toBe(false)
    expect(readFileSync(link, 'utf8')).toMatch(/^kind,key,.*\nmissing,"a",/)
  })

  const unwritable: Array<[string, () => string, RegExp]> = [
    ['a missing directory', () => join(folder(), 'no-such-dir', 'd.csv'), /^s3-seed: Cannot create --csv (\S+): its directory does not exist \(ENOENT: no such file or directory, open '\1'\)\. Create the directory/],
    ['a directory', () => folder(), /^s3-seed: --csv (\S+) is a directory\. Name a file to create in it, e\.g\. --csv \1\/differences\.csv\.\n$/],
    ['a path under a file', () => {
      const file = join(folder(), 'file')
      writeFileSync(file, '')
      return join(file, 'd.csv')
    }, /^s3-seed: Cannot create --csv (\S+): a part of the path is a file, not a directory \(ENOTDIR: not a directory, (?:open|lstat) '\1'\)/],
  ]
  it.each(unwritable)('refuses %s with exit 2 and the OS reason, and does not crash', async (_, path, message) => {
    for (const force of [[], ['--force']]) {
      const run = await verify('--csv', path(), ...force)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toMatch(message)
    }
  })

  it('removes the file when verify fails, so the rerun is not refused', async () => {
    await bucket('cli-destination')
    const path = join(folder(), 'failed.csv')
    const failed = await verify('--csv', path)
    expect(failed.exitCode).not.toBe(0)
    expect(failed.stderr).toMatch(/cli-source/)
    expect(existsSync(path)).toBe(false)
  })

  it.runIf(posix)('does not remove what --force cannot replace: a device is refused', async () => {
    const run = await verify('--csv', '/dev/null', '--force')
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe('s3-seed: --csv /dev/null is not a regular file (a device, a pipe or a socket); --force replaces only files and symbolic links. Name a file to create with --csv.\n')
    expect(existsSync('/dev/null')).toBe(true)
  })
})
