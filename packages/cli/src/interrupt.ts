import { setMaxListeners } from 'node:events'
import type { CliIo } from './io.js'

/** The bits of `process` that interruption needs; a parameter so tests can send signals. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
  exit(code: number): never
}

export const INTERRUPTED_EXIT_CODE = 130

/**
 * Ctrl-C (SIGINT) or SIGTERM while a command runs: the first one aborts the returned signal, so
 * polling stops, a manifest upload in progress is aborted and the command prints every job it
 * started with the commands to follow or cancel it (the jobs keep running on S3's side). A second
 * one exits at once.
 */
export function interruptOnSignals(io: CliIo, source: SignalSource = process as unknown as SignalSource): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  // Every pair seeded at once waits on this one signal (--concurrency up to 64): not a leak.
  setMaxListeners(0, controller.signal)
  const listener = () => {
    if (controller.signal.aborted) {
      io.stderr.write('\nInterrupted again: exiting now.\n')
      source.exit(INTERRUPTED_EXIT_CODE)
    }
    io.stderr.write('\nInterrupted: stopping. Jobs already created keep running; press Ctrl-C again to exit at once.\n')
    controller.abort(new Error('Interrupted (SIGINT/SIGTERM)'))
  }
  source.on('SIGINT', listener)
  source.on('SIGTERM', listener)
  return {
    signal: controller.signal,
    dispose: () => {
      source.off('SIGINT', listener)
      source.off('SIGTERM', listener)
    },
  }
}
