import { compareBytes, PackedPage } from './packed-page.js'
import type { ListedObject } from './sequential.js'
import { newStorage, PAGE_OBJECTS, type PageBuffers } from './page-buffers.js'

/** Packs objects (the SDK's fallback listing, a page rebuilt after filtering or decoding). */
export function packObjects(objects: readonly ListedObject[], etags = objects.some((object) => object.etag !== undefined)): PackedPage {
  const builder = new PackedPageBuilder(etags, objects.length)
  for (const object of objects) {
    builder.addKeyText(object.key)
    if (object.etag !== undefined) builder.addEtagText(object.etag)
    builder.finishObject(object.size, object.storageClass)
  }
  return builder.build()
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

  /**
   * @param capacity Objects to make room for (more grows it).
   * @param buffers Where to take buffers from for a page of up to PAGE_OBJECTS objects; else new ones.
   */
  constructor(etags: boolean, capacity = PAGE_OBJECTS, buffers?: PageBuffers) {
    const storage = buffers !== undefined && capacity <= PAGE_OBJECTS ? buffers.take(etags) : newStorage(etags, capacity)
    this.keyBytes = storage.keyBytes
    this.keyEnds = storage.keyEnds
    this.sizes = storage.sizes
    this.storageClassCodes = storage.storageClassCodes
    this.etagBytes = storage.etags?.bytes
    this.etagEnds = storage.etags?.ends
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
    // Every code is written: the buffer may hold another page's (PageBuffers).
    let code = 0
    if (storageClass !== undefined) {
      code = this.storageClassNames.indexOf(storageClass) + 1
      if (code === 0) code = this.storageClassNames.push(storageClass)
    }
    this.storageClassCodes[index] = code
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
    const etags = this.etagEnds === undefined ? undefined : { bytes: this.etagBytes as Buffer, ends: this.etagEnds, missing: this.missingEtags }
    return new PackedPage(this.keyBytes, this.keyEnds, this.sizes, this.storageClassCodes, this.storageClassNames, etags, count)
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

/** A copy of buffer[0, used) in a buffer with room for `more` bytes after it. */
function grown(buffer: Buffer, used: number, more: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + more))
  buffer.copy(bigger, 0, 0, used)
  return bigger
}
