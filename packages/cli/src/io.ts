/** Where a command writes, and what it may know of its terminal. Injected so tests can capture it. */
export interface CliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  /** stdout is a terminal: progress may redraw one line. */
  isTTY: boolean
  env: NodeJS.ProcessEnv
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY === true, env: process.env }
}
