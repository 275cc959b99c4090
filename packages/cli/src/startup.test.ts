import { createClients } from '@s3-seed/core/base'
import { IAMClient } from '@aws-sdk/client-iam'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Start-up loads only what a command calls (docs/decisions §30): the bin's core entry, main
// and the command's module, loaded in a fresh process from the built dist as the bin loads them, then
// the AWS SDK client packages Node has loaded. A static import of the full API or of an SDK command
// class on the way to a command shows up here as a package it does not call.
const cliDir = fileURLToPath(new URL('..', import.meta.url))

const LOADED = `
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
const [command] = process.argv.slice(1)
const bin = readFileSync('bin/s3-seed.js', 'utf8')
for (const [, specifier] of bin.matchAll(/^import .* from '(@s3-seed\\/core[^']*)'/gm)) await import(specifier)
await import('./dist/main.js')
if (command !== 'help') await import('./dist/commands/' + command + '.js')
const packages = Object.keys(createRequire(import.meta.url).cache).map((path) => /@aws-sdk\\/(client-[a-z0-9-]+)\\//.exec(path)?.[1])
console.log(JSON.stringify([...new Set(packages.filter(Boolean))].sort()))
`

function sdkPackagesLoadedBy(command: string): string[] {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LOADED, command], {
    cwd: cliDir,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  return JSON.parse(output) as string[]
}

describe('start-up', () => {
  it.each([
    ['help', []],
    ['verify', ['client-s3']],
    ['status', ['client-s3', 'client-s3-control']],
    ['watch', ['client-s3', 'client-s3-control']],
    ['cancel', ['client-s3', 'client-s3-control']],
    ['retry', ['client-s3', 'client-s3-control']],
    ['seed', ['client-iam', 'client-kms', 'client-s3', 'client-s3-control']],
    ['check', ['client-iam', 'client-kms', 'client-s3', 'client-s3-control']],
    ['cleanup', ['client-iam', 'client-kms', 'client-s3', 'client-s3-control']],
  ])('%s loads exactly these SDK client packages before its first call', (command, packages) => {
    expect(sdkPackagesLoadedBy(command)).toEqual(packages)
  })

  it('makes each client on first use, once, with the options given', async () => {
    const clients = createClients({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } })
    expect(clients.iam).toBeInstanceOf(IAMClient)
    expect(clients.iam).toBe(clients.iam)
    expect(clients.sts.constructor.name).toBe('STSClient')
    expect(clients.sts).toBe(clients.sts)
    expect(await clients.sts.config.region()).toBe('eu-west-1')
    expect(clients.s3('ap-south-1')).toBe(clients.s3('ap-south-1'))
    expect(await clients.s3('ap-south-1').config.region()).toBe('ap-south-1')
    expect(await clients.kms('us-west-2').config.region()).toBe('us-west-2')
  })
})
