import { hex, keyAt, type KeyShape } from './key-shapes.js'

/**
 * What a bench bucket holds of the shape's keys: all of them; all but every hundredth (a destination
 * that the re-run scenario finds 99% seeded); all, every hundredth with another size (verify's 1M
 * against 1M with differences to report); or all, every hundredth rewritten at the same size, with
 * other content (another ETag and checksum: what only `verify --checksum` and hash checks see).
 */
export type BucketVariant = 'all' | 'less-1%' | 'resized-1%' | 'rewritten-1%'

/** Every hundredth key (index % 100 === 99) is the one left out or resized. */
const isHundredth = (index: number) => index % 100 === 99

/** A bucket's keys by index, generated on demand, with binary search in UTF-8 byte order as S3 sorts them. */
export class KeyIndex {
  readonly count: number

  constructor(
    readonly shape: KeyShape,
    /** Keys of the shape (the full bucket). */
    readonly total: number,
    readonly variant: BucketVariant = 'all',
  ) {
    this.count = variant === 'less-1%' ? total - Math.floor(total / 100) : total
  }

  at(index: number): string {
    return keyAt(this.shape, this.total, this.shapeIndex(index))
  }

  size(index: number): number {
    const shapeIndex = this.shapeIndex(index)
    return 1024 + (shapeIndex % 4096) + (this.variant === 'resized-1%' && isHundredth(shapeIndex) ? 1 : 0)
  }

  /** A plain-MD5-shaped ETag (32 hex digits) that changes with the content. */
  etag(index: number): string {
    const word = hex(this.contentWord(index), 8)
    return `${word}${word}${word}${word}`
  }

  /** The object's full-object CRC64NVME, as HeadObject answers it (base64 of 8 bytes). */
  checksum(index: number): string {
    const bytes = Buffer.alloc(8)
    bytes.writeUInt32BE(this.contentWord(index), 0)
    bytes.writeUInt32BE(this.shapeIndex(index), 4)
    return bytes.toString('base64')
  }

  /** The index of `key`, or -1 when the bucket does not hold it. */
  indexOf(key: string): number {
    const index = this.after(key, true)
    return index < this.count && this.at(index) === key ? index : -1
  }

  /** The first index whose key is > key (or >= key when inclusive). */
  after(key: string, inclusive = false): number {
    const target = Buffer.from(key, 'utf8')
    let low = 0
    let high = this.count
    while (low < high) {
      const middle = (low + high) >>> 1
      const order = Buffer.compare(Buffer.from(this.at(middle), 'utf8'), target)
      if (order < 0 || (order === 0 && !inclusive)) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Stands for the object's bytes: the same in every variant but where it was rewritten (or resized). */
  private contentWord(index: number): number {
    const shapeIndex = this.shapeIndex(index)
    const changed = (this.variant === 'rewritten-1%' || this.variant === 'resized-1%') && isHundredth(shapeIndex)
    return (Math.imul(shapeIndex + 1, 0x9e3779b1) ^ (changed ? 0x5bd1e995 : 0)) >>> 0
  }

  /** Whether the object at `index` is the full bucket's object at shapeIndex(index): same key, size and content. */
  sameAsFull(index: number): boolean {
    return this.variant === 'all' || this.variant === 'less-1%' || !isHundredth(this.shapeIndex(index))
  }

  /** The index among the shape's keys (the full bucket's index): with every hundredth left out, 99 of each 100 remain. */
  shapeIndex(index: number): number {
    return this.variant === 'less-1%' ? Math.floor(index / 99) * 100 + (index % 99) : index
  }
}

/** How many objects of `total` a variant differs in from the full bucket: those to copy or to report. */
export function differingCount(total: number): number {
  return Math.floor(total / 100)
}
