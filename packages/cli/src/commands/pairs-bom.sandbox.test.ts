import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCliSandbox } from '../test-support/cli-sandbox.js'
import { runCli } from '../test-support/run-cli.js'

// Pairs files as Windows editors save them: a UTF-8 byte order mark, CRLF, and (Excel) every CSV
// field in quotes. The CLI reads the file as it is on disk; core drops the mark.
const cli = useCliSandbox()
const { bucket, dir } = cli
const BOM = '\uFEFF'

describe('--pairs files from Windows editors', () => {
  it.each<[string, string]>([
    ['pairs.json', `${BOM}[{"source": "cli-source", "destination": "cli-destination", "prefix": "logs/a,b/"}]\r\n`],
    ['pairs.yaml', `${BOM}- source: cli-source\r\n  destination: cli-destination\r\n  prefix: "logs/a,b/"\r\n`],
    ['pairs.csv', `${BOM}"source","destination","prefix"\r\n"cli-source","cli-destination","logs/a,b/"\r\n`],
  ])('reads %s', async (name, text) => {
    await bucket('cli-source', ['logs/a,b/1', 'logs/a,b/2', 'logs/other'])
    await bucket('cli-destination')
    const path = join(dir, name)
    writeFileSync(path, text)
    const run = await runCli(cli.sandbox, ['--pairs', path, '--dry-run'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/cli-source\/logs\/a,b\/ \(us-east-1\): 2 objects to copy/)
  })

  it('names the file and line of a bad Excel row', async () => {
    const path = join(dir, 'bad.csv')
    writeFileSync(path, `${BOM}"source","destination"\r\n"cli-source","Bad_Name"\r\n`)
    const run = await runCli(cli.sandbox, ['--pairs', path, '--dry-run'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/bad\.csv line 2: "Bad_Name" is not a valid S3 bucket name/)
  })
})
