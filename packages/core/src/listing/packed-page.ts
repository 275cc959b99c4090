import type { ListedObject } from './sequential.js'

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
    private readonly keyBytes: Buffer,
    /** Key i is keyBytes[keyEnds[i - 1] (0 for the first), keyEnds[i]). */
    private readonly keyEnds: Uint32Array,
    private readonly sizes: Float64Array,
    /** Index + 1 into storageClassNames for each object; 0 when the page gave none. */
    private readonly storageClassCodes: Uint8Array,
    private readonly storageClassNames: readonly string[],
    /** When ETags were read: their bytes and ends as the keys', and the objects that had none. */
    private readonly etags: { bytes: Buffer; ends: Uint32Array; missing: ReadonlySet<number> } | undefined,
  ) {
    this.length = keyEnds.length
  }

  static readonly EMPTY = new PackedPage(Buffer.alloc(0), new Uint32Array(0), new Float64Array(0), new Uint8Array(0), [], undefined)

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

  /** A page of the objects that pass `keep` (for the rare page that needs filtering: s3-seed's own files). */
  filter(keep: (object: ListedObject) => boolean): PackedPage {
    return PackedPage.fromObjects(this.toObjects().filter(keep), this.etags !== undefined)
  }

  /** Packs objects (the SDK's fallback listing, a page rebuilt after filtering or decoding). */
  static fromObjects(objects: readonly ListedObject[], etags = objects.some((object) => object.etag !== undefined)): PackedPage {
    const builder = new PackedPageBuilder(etags, objects.length)
    for (const object of objects) {
      builder.addKeyText(object.key)
      if (object.etag !== undefined) builder.addEtagText(object.etag)
      builder.finishObject(object.size, object.storageClass)
    }
    return builder.build()
  }

  private keyStart(index: number): number {
    return index === 0 ? 0 : (this.keyEnds[index - 1] as number)
  }
}

/**
 * Packs a page's objects as the parser reads them: a key's bytes first (addKeyBytes, or written in
 * place by a decoder: reserveKey, keyWritten) and its ETag if any, then its other fields (finishObject).
 */
export class PackedPageBuilder {
  private keyBytes: Buffer
  private keyLength = 0
  private keyEnds: Uint32Array
  private sizes: Float64Array
  private storageClassCodes: Uint8Array
  private readonly storageClassNames: string[] = []
  private etagBytes: Buffer | undefined
  private etagLength = 0
  private etagEnds: Uint32Array | undefined
  private readonly missingEtags = new Set<number>()
  /** The next object's ETag has been added. */
  private etagAdded = false
  /** Objects finished. */
  count = 0

  constructor(
    etags: boolean,
    capacity = 1000,
  ) {
    const objects = Math.max(1, capacity)
    this.keyBytes = Buffer.allocUnsafe(objects * 64)
    this.keyEnds = new Uint32Array(objects)
    this.sizes = new Float64Array(objects)
    this.storageClassCodes = new Uint8Array(objects)
    if (etags) {
      this.etagBytes = Buffer.allocUnsafe(objects * 34)
      this.etagEnds = new Uint32Array(objects)
    }
  }

  /** Copies data[start, end) as the next key's bytes. */
  addKeyBytes(data: Buffer, start: number, end: number): void {
    this.ensureKeyRoom(end - start)
    const target = this.keyBytes
    let at = this.keyLength
    // A loop beats Buffer.copy's checks for keys this short (most are); longer ones go native.
    if (end - start <= 64) for (let from = start; from < end; from++) target[at++] = data[from] as number
    else at += data.copy(target, at, start, end)
    this.keyLength = at
  }

  addKeyText(key: string): void {
    this.ensureKeyRoom(key.length * 3)
    this.keyLength += this.keyBytes.write(key, this.keyLength)
  }

  /** Room for `bytes` of the next key: the buffer to write them to, from `keyOffset`; then keyWritten. */
  reserveKey(bytes: number): Buffer {
    this.ensureKeyRoom(bytes)
    return this.keyBytes
  }

  get keyOffset(): number {
    return this.keyLength
  }

  keyWritten(bytes: number): void {
    this.keyLength += bytes
  }

  /** Copies data[start, end) as the next object's ETag (when the page reads ETags). */
  addEtagBytes(data: Buffer, start: number, end: number): void {
    if (this.etagBytes === undefined) return
    if (this.etagLength + (end - start) > this.etagBytes.length) this.etagBytes = grown(this.etagBytes, this.etagLength, end - start)
    const target = this.etagBytes
    let at = this.etagLength
    for (let from = start; from < end; from++) target[at++] = data[from] as number
    this.etagLength = at
    this.etagAdded = true
  }

  addEtagText(etag: string): void {
    if (this.etagBytes === undefined) return
    if (this.etagLength + etag.length * 3 > this.etagBytes.length) this.etagBytes = grown(this.etagBytes, this.etagLength, etag.length * 3)
    this.etagLength += this.etagBytes.write(etag, this.etagLength)
    this.etagAdded = true
  }

  /** Ends the object whose key (and ETag) were just added. */
  finishObject(size: number, storageClass: string | undefined): void {
    if (this.count === this.keyEnds.length) this.grow()
    const index = this.count++
    this.keyEnds[index] = this.keyLength
    this.sizes[index] = size
    if (storageClass !== undefined) {
      let code = this.storageClassNames.indexOf(storageClass)
      if (code < 0) code = this.storageClassNames.push(storageClass) - 1
      this.storageClassCodes[index] = code + 1
    }
    if (this.etagEnds !== undefined) {
      if (!this.etagAdded) this.missingEtags.add(index)
      this.etagEnds[index] = this.etagLength
      this.etagAdded = false
    }
  }

  /** The key of a finished object, as text. */
  key(index: number): string {
    return this.keyBytes.toString('utf8', this.keyStart(index), this.keyEnds[index])
  }

  /** S3's order of a finished object's key and `key` (UTF-8 bytes). */
  compareKeyTo(index: number, key: Buffer): number {
    return compareBytes(this.keyBytes, this.keyStart(index), this.keyEnds[index] as number, key, 0, key.length)
  }

  /** Whether a finished object's key holds `byte`. */
  keyIncludes(index: number, byte: number): boolean {
    const at = this.keyBytes.indexOf(byte, this.keyStart(index))
    return at >= 0 && at < (this.keyEnds[index] as number)
  }

  build(): PackedPage {
    const count = this.count
    const etags = this.etagEnds === undefined ? undefined : { bytes: (this.etagBytes as Buffer).subarray(0, this.etagLength), ends: this.etagEnds.subarray(0, count), missing: this.missingEtags }
    return new PackedPage(this.keyBytes.subarray(0, this.keyLength), this.keyEnds.subarray(0, count), this.sizes.subarray(0, count), this.storageClassCodes.subarray(0, count), this.storageClassNames, etags)
  }

  private keyStart(index: number): number {
    return index === 0 ? 0 : (this.keyEnds[index - 1] as number)
  }

  private ensureKeyRoom(bytes: number): void {
    if (this.keyLength + bytes > this.keyBytes.length) this.keyBytes = grown(this.keyBytes, this.keyLength, bytes)
  }

  private grow(): void {
    const capacity = this.keyEnds.length * 2
    const keyEnds = new Uint32Array(capacity)
    keyEnds.set(this.keyEnds)
    this.keyEnds = keyEnds
    const sizes = new Float64Array(capacity)
    sizes.set(this.sizes)
    this.sizes = sizes
    const codes = new Uint8Array(capacity)
    codes.set(this.storageClassCodes)
    this.storageClassCodes = codes
    if (this.etagEnds !== undefined) {
      const etagEnds = new Uint32Array(capacity)
      etagEnds.set(this.etagEnds)
      this.etagEnds = etagEnds
    }
  }
}

/**
 * The order of a[aStart, aEnd) and b[bStart, bEnd) as bytes. In JavaScript: keys share long prefixes
 * and are short, and Buffer.compare's call cost more than the loop (0.2 s of a 2M-key comparison).
 */
function compareBytes(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart)
  for (let offset = 0; offset < length; offset++) {
    const difference = (a[aStart + offset] as number) - (b[bStart + offset] as number)
    if (difference !== 0) return difference
  }
  return aEnd - aStart - (bEnd - bStart)
}

/** A copy of buffer[0, used) in a buffer with room for `more` bytes after it. */
function grown(buffer: Buffer, used: number, more: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + more))
  buffer.copy(bigger, 0, 0, used)
  return bigger
}
