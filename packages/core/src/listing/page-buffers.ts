/** Objects a page's buffers are made for: S3's most keys per page (API ListObjectsV2, MaxKeys). */
export const PAGE_OBJECTS = 1000
/** Key bytes a page's buffer is made for, per object; a page of longer keys grows its buffer. */
export const KEY_BYTES_PER_OBJECT = 64
/** ETag bytes likewise: an MD5 in hex, or a multipart one with `-` and a part count. */
export const ETAG_BYTES_PER_OBJECT = 34

/** The buffers one packed page is built in (PackedPageBuilder). */
export interface PageStorage {
  keyBytes: Buffer
  keyEnds: Uint32Array
  sizes: Float64Array
  storageClassCodes: Uint8Array
  /** When the page reads ETags. */
  etags: { bytes: Buffer; ends: Uint32Array } | undefined
}

/**
 * Buffers of pages that have been used up, for the next pages of the same listing to be built in.
 *
 * Why: a page's buffers (about 110 KB with ETags) live a round trip or two, long enough for V8 to
 * move their handles to the old generation, where only a full collection frees them; and V8 starts
 * one for memory outside its heap only after 64 MB more of it. A 10M-key verify allocated 2.2 GB of
 * page buffers and held up to 73 MB of them dead (decisions §33). Given back and built in again, the
 * buffers of a comparison are those of the pages it has in flight.
 *
 * Only the owner of a page may give it back, once nothing reads it again (PackedPage.recycle empties it).
 */
export class PageBuffers {
  private readonly free: PageStorage[] = []

  constructor(private readonly limit = 128) {}

  /** Buffers for a page of up to PAGE_OBJECTS objects (more grows them). */
  take(etags: boolean): PageStorage {
    for (let index = this.free.length - 1; index >= 0; index--) {
      const storage = this.free[index] as PageStorage
      if ((storage.etags !== undefined) === etags) {
        this.free[index] = this.free[this.free.length - 1] as PageStorage
        this.free.pop()
        return storage
      }
    }
    return newStorage(etags, PAGE_OBJECTS)
  }

  /** Keeps a page's buffers, unless they are too small for a full page or enough are kept. */
  give(storage: PageStorage): void {
    // Buffers that grew are kept as grown: the next pages of the listing likely need as much room.
    if (storage.keyEnds.length < PAGE_OBJECTS || this.free.length >= this.limit) return
    this.free.push(storage)
  }

  /** Pages' buffers held for reuse (tests). */
  get held(): number {
    return this.free.length
  }
}

export function newStorage(etags: boolean, capacity: number): PageStorage {
  const objects = Math.max(1, capacity)
  return {
    keyBytes: Buffer.allocUnsafe(objects * KEY_BYTES_PER_OBJECT),
    keyEnds: new Uint32Array(objects),
    sizes: new Float64Array(objects),
    storageClassCodes: new Uint8Array(objects),
    etags: etags ? { bytes: Buffer.allocUnsafe(objects * ETAG_BYTES_PER_OBJECT), ends: new Uint32Array(objects) } : undefined,
  }
}
