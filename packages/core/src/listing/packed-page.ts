import type { ListedObject } from './sequential.js'
import type { PageBuffers } from './page-buffers.js'

/**
 * A listed page's objects, packed: the keys as UTF-8 bytes back to back in one buffer, the sizes in
 * a typed array, the ETags and storage classes likewise. Objects and key strings are made when the
 * page is consumed (`object`, `toObjects`), not when it is parsed.
 *
 * Why: with requests in flight, a parsed page waits a round trip or two (for the other bucket's
 * page to merge with, for the consumer) before it is used. As a thousand objects and a thousand key
 * strings it outlived the young generation's collections, which copied it twice and then left it to
 * a full collection: 15–18% of a parallel comparison's CPU at 50 ms (decisions §31). Packed, a page is
 * a handful of objects whose bytes V8 does not copy, and the objects made from it die young.
 *
 * Keys are compared as bytes: UTF-8 byte order is S3's order (API ListObjectsV2: "in UTF-8 binary
 * order"), and the code point order compareKeys gives strings.
 */
export class PackedPage {
  /** Objects on the page, the first `length` of those packed (truncate lowers it). */
  length: number

  constructor(
    private keyBytes: Buffer,
    /** Key i is keyBytes[keyEnds[i - 1] (0 for the first), keyEnds[i]). */
    private keyEnds: Uint32Array,
    private sizes: Float64Array,
    /** Index + 1 into storageClassNames for each object; 0 when the page gave none. */
    private storageClassCodes: Uint8Array,
    private readonly storageClassNames: readonly string[],
    /** When ETags were read: their bytes and ends as the keys', and the objects that had none. */
    private etags: { bytes: Buffer; ends: Uint32Array; missing: ReadonlySet<number> } | undefined,
    length: number,
  ) {
    this.length = length
  }

  static readonly EMPTY = new PackedPage(Buffer.alloc(0), new Uint32Array(0), new Float64Array(0), new Uint8Array(0), [], undefined, 0)

  key(index: number): string {
    return this.keyBytes.toString('utf8', this.keyStart(index), this.keyEnds[index])
  }

  size(index: number): number {
    return this.sizes[index] as number
  }

  etag(index: number): string | undefined {
    const etags = this.etags
    if (etags === undefined || etags.missing.has(index)) return undefined
    return etags.bytes.toString('utf8', index === 0 ? 0 : etags.ends[index - 1], etags.ends[index])
  }

  storageClass(index: number): string | undefined {
    const code = this.storageClassCodes[index] as number
    return code === 0 ? undefined : this.storageClassNames[code - 1]
  }

  /** The object at `index`, with the fields it was listed with (a new object each call). */
  object(index: number): ListedObject {
    const key = this.key(index)
    const size = this.sizes[index] as number
    const storageClass = this.storageClass(index)
    const etag = this.etag(index)
    // Every field at once: fields added later would cost each object a second allocation.
    if (storageClass === undefined) return etag === undefined ? { key, size } : { key, size, etag }
    return etag === undefined ? { key, size, storageClass } : { key, size, storageClass, etag }
  }

  toObjects(from = 0, to = this.length): ListedObject[] {
    const objects: ListedObject[] = []
    for (let index = from; index < to; index++) objects.push(this.object(index))
    return objects
  }

  /** S3's order of this page's key at `index` and `other`'s at `otherIndex`: negative, 0 or positive. */
  compareKey(index: number, other: PackedPage, otherIndex: number): number {
    return compareBytes(this.keyBytes, this.keyStart(index), this.keyEnds[index] as number, other.keyBytes, other.keyStart(otherIndex), other.keyEnds[otherIndex] as number)
  }

  /** Keeps the first `length` objects. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length)
  }

  /**
   * Gives the page's buffers back for another page to be built in, and empties this one: its owner
   * calls it once nothing will read the page again (objects and keys made from it are copies).
   */
  recycle(buffers: PageBuffers): void {
    const { keyBytes, keyEnds, sizes, storageClassCodes, etags } = this
    buffers.give({ keyBytes, keyEnds, sizes, storageClassCodes, etags: etags === undefined ? undefined : { bytes: etags.bytes, ends: etags.ends } })
    this.length = 0
    this.keyBytes = EMPTY.keyBytes
    this.keyEnds = EMPTY.keyEnds
    this.sizes = EMPTY.sizes
    this.storageClassCodes = EMPTY.storageClassCodes
    this.etags = undefined
  }

  /** Whether the page was listed with its objects' ETags. */
  get hasEtags(): boolean {
    return this.etags !== undefined
  }

  private keyStart(index: number): number {
    return index === 0 ? 0 : (this.keyEnds[index - 1] as number)
  }
}

const EMPTY = { keyBytes: Buffer.alloc(0), keyEnds: new Uint32Array(0), sizes: new Float64Array(0), storageClassCodes: new Uint8Array(0) }

/**
 * The order of a[aStart, aEnd) and b[bStart, bEnd) as bytes. In JavaScript: keys share long prefixes
 * and are short, and Buffer.compare's call cost more than the loop (0.2 s of a 2M-key comparison).
 */
export function compareBytes(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart)
  for (let offset = 0; offset < length; offset++) {
    const difference = (a[aStart + offset] as number) - (b[bStart + offset] as number)
    if (difference !== 0) return difference
  }
  return aEnd - aStart - (bEnd - bStart)
}
