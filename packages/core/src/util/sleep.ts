import { setTimeout as delay } from 'node:timers/promises'

/** Waits `ms`, or rejects with the signal's reason when it aborts. Injected so tests need not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal === undefined ? undefined : { signal })
}
