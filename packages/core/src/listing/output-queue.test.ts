import { describe, expect, it } from 'vitest'
import { OutputQueue } from './output-queue.js'

const drain = (queue: OutputQueue<string>) => {
  const taken: string[] = []
  for (let item = queue.take(); item !== undefined; item = queue.take()) taken.push(item)
  return taken
}

describe('OutputQueue', () => {
  it('passes everything through at once when unordered', () => {
    const queue = new OutputQueue<string>(false)
    const first = queue.firstSegment()
    const later = first.insertAfter()
    queue.put(later, 'b', 2)
    queue.put(first, 'a', 1)
    expect(queue.queued).toBe(3)
    expect(drain(queue)).toEqual(['b', 'a'])
    expect([queue.queued, queue.held]).toEqual([0, 0])
  })

  it('keeps what later ranges produce, packed, until every earlier range is done', () => {
    const codec = { pack: (item: string) => `<${item}>`, unpack: (text: string) => text.slice(1, -1) }
    const queue = new OutputQueue<string>(true, codec)
    const a = queue.firstSegment()
    const c = a.insertAfter()
    const b = a.insertAfter() // split again: b lies between a and c
    queue.put(c, 'c1', 1)
    queue.put(b, 'b1', 1)
    queue.put(a, 'a1', 1)
    expect(queue.held).toBe('<c1>'.length + '<b1>'.length)
    expect(drain(queue)).toEqual(['a1'])
    queue.finish(c) // finished, but a is not: c waits
    expect(drain(queue)).toEqual([])
    queue.put(b, 'b2', 1)
    queue.finish(a) // a done: b's items flow, b is the head now and writes through
    expect(drain(queue)).toEqual(['b1', 'b2'])
    queue.put(b, 'b3', 1)
    expect(drain(queue)).toEqual(['b3'])
    queue.finish(b) // c was already done: its items follow
    expect(drain(queue)).toEqual(['c1'])
    expect([queue.queued, queue.held]).toEqual([0, 0])
  })

  it('unpacks what a range kept one item at a time, as the consumer takes it', () => {
    const unpacked: string[] = []
    const codec = { pack: (item: string) => `<${item}>`, unpack: (text: string) => (unpacked.push(text), text.slice(1, -1)) }
    const queue = new OutputQueue<string>(true, codec)
    const a = queue.firstSegment()
    const b = a.insertAfter()
    for (const item of ['b1', 'b2', 'b3']) queue.put(b, item, 1)
    queue.finish(a)
    expect(queue.length).toBe(3)
    expect(unpacked).toEqual([])
    expect(queue.take()).toBe('b1')
    expect(unpacked).toEqual(['<b1>'])
    expect(drain(queue)).toEqual(['b2', 'b3'])
    expect(unpacked).toHaveLength(3)
  })
})
