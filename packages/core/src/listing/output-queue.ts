/** Turns what later ranges keep into text and back: one string holds far less than the objects. */
export interface HeldCodec<T> {
  pack(item: T): string
  unpack(text: string): T
}

/**
 * What a parallel listing has produced and the consumer has not taken yet, with the weight (objects)
 * it holds, so producers can wait for room. When ordered, each key range has a segment, in key order:
 * the first unfinished one (the head) writes to the queue, later ones keep what they produce until
 * every range before them is done. That is how verify writes its differences in key order although
 * ranges finish in any order. Kept items are packed into text (`held` counts its characters):
 * they may wait long enough for V8 to move them to the old generation, where they cost the most.
 */
export class OutputQueue<T> {
  /** Items for the consumer; those a segment kept are still packed, and unpacked as they are taken. */
  private items: Array<[item: T | Packed, weight: number]> = []
  private next = 0
  /** Weight in the queue. */
  queued = 0
  /** Weight kept by segments behind the head (ordered only). */
  held = 0
  private head: Segment<T> | undefined

  constructor(
    readonly ordered: boolean,
    private readonly codec?: HeldCodec<T>,
  ) {}

  get length(): number {
    return this.items.length - this.next
  }

  /** The first segment: the whole key space. */
  firstSegment(): Segment<T> {
    this.head = new Segment<T>()
    return this.head
  }

  isHead(segment: Segment<T>): boolean {
    return !this.ordered || segment === this.head
  }

  /** Whether the segment is among the first `count` from the head (ordered only; always when unordered). */
  isNearHead(segment: Segment<T>, count: number): boolean {
    let current = this.head
    for (let index = 0; index < count && current !== undefined; index++, current = current.next) if (current === segment) return true
    return !this.ordered
  }

  /** Adds an item: to the queue from the head (or unordered), else to its segment. */
  put(segment: Segment<T>, item: T, weight: number): void {
    if (this.isHead(segment)) return this.push(item, weight)
    const text = this.codec?.pack(item)
    const size = text?.length ?? weight
    segment.items.push(text === undefined ? { item, weight, size } : { text, weight, size })
    segment.weight += size
    this.held += size
  }

  /** Marks a segment's range finished and moves the head past finished segments. */
  finish(segment: Segment<T>): void {
    segment.done = true
    while (this.ordered && this.head?.done) {
      this.head = this.head.next
      if (this.head === undefined) return
      // Still packed: unpacked all at once, the held output of a long wait (most of a 10M-key
      // verify's differences, at its end) took 40 MB more of heap than as text (decisions §33).
      for (const held of this.head.items) this.push('text' in held ? new Packed(held.text) : held.item, held.weight)
      this.held -= this.head.weight
      this.head.items = []
      this.head.weight = 0
    }
  }

  take(): T | undefined {
    const entry = this.items[this.next]
    if (entry === undefined) return undefined
    this.items[this.next++] = undefined as never
    this.queued -= entry[1]
    if (this.next > 1024 && this.next * 2 > this.items.length) {
      this.items = this.items.slice(this.next)
      this.next = 0
    }
    const item = entry[0]
    return item instanceof Packed ? (this.codec as HeldCodec<T>).unpack(item.text) : item
  }

  private push(item: T | Packed, weight: number): void {
    this.items.push([item, weight])
    this.queued += weight
  }
}

/** An item a segment kept as text (HeldCodec), in the queue. */
class Packed {
  constructor(readonly text: string) {}
}

/** The output of one key range, in key order among its neighbours. */
export class Segment<T> {
  items: Array<({ item: T } | { text: string }) & { weight: number; size: number }> = []
  weight = 0
  done = false
  next: Segment<T> | undefined

  /** A new segment right after this one (for the upper part of a split range). */
  insertAfter(): Segment<T> {
    const segment = new Segment<T>()
    segment.next = this.next
    this.next = segment
    return segment
  }
}
