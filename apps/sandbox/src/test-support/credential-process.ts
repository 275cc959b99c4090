import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const SOURCE = fileURLToPath(new URL('../credential-process.ts', import.meta.url))
let transpiled: string | undefined

/**
 * A runnable copy of src/credential-process.ts, so tests run the source they are testing and not a
 * dist/ that may be stale. Node 20 cannot run TypeScript, and the file imports nothing but Node's
 * built-ins, so transpiling it alone (the workspace's own TypeScript) makes it whole. Once per worker.
 */
export function credentialProcessScript(): string {
  if (transpiled === undefined) {
    const { outputText } = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    transpiled = join(mkdtempSync(join(tmpdir(), 's3-seed-credential-process-')), 'credential-process.mjs')
    writeFileSync(transpiled, outputText)
  }
  return transpiled
}

/** The `credential_process` command line for the sandbox at `endpoint`, as a profile would give it. */
export function credentialProcessCommand(endpoint: string, lifetimeSeconds: number, accountId?: string): string {
  const args = [process.execPath, credentialProcessScript(), endpoint, String(lifetimeSeconds), ...(accountId === undefined ? [] : [accountId])]
  return args.map((arg) => JSON.stringify(arg)).join(' ')
}
