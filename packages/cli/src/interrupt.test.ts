import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { INTERRUPTED_EXIT_CODE, interruptOnSignals, type SignalSource } from './interrupt.js'

describe('interruptOnSignals', () => {
  function fakeProcess() {
    const emitter = new EventEmitter()
    const exits: number[] = []
    const source = Object.assign(emitter, { exit: (code: number) => void exits.push(code) }) as unknown as SignalSource & EventEmitter
    let stderr = ''
    const io = { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) }, isTTY: false, env: {} }
    return { source, exits, io, stderr: () => stderr }
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('%s aborts the signal once; a second one exits at once with 130', (name) => {
    const fake = fakeProcess()
    const { signal, dispose } = interruptOnSignals(fake.io, fake.source)
    fake.source.emit(name)
    expect(signal.aborted).toBe(true)
    expect(fake.exits).toEqual([])
    expect(fake.stderr()).toMatch(/Interrupted: stopping\. Jobs already created keep running/)
    fake.source.emit(name)
    expect(fake.exits).toEqual([INTERRUPTED_EXIT_CODE])
    dispose()
    expect(fake.source.listenerCount('SIGINT') + fake.source.listenerCount('SIGTERM')).toBe(0)
  })
})
