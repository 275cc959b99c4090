import { describe, expect, it } from 'vitest'
import { compareKeys } from './key-range.js'
import { PackedPageBuilder, packObjects } from './packed-page-builder.js'
import { PAGE_OBJECTS, PageBuffers } from './page-buffers.js'
import type { ListedObject } from './sequential.js'

// Keys of every width in UTF-8 (1 to 4 bytes), around the UTF-16 surrogate range where JavaScript's
// string order and S3's (code point) order differ, and keys longer than the copy loop's 64 bytes.
const KEYS = ['', 'a', 'a/', 'a/b', 'ab', 'z', '\u007f', 'ü', '\u07ff', 'ࠀ', '日本', '\ud7ff', '\ue000', '\uffff', '😀', '\u{10ffff}', `${'x'.repeat(70)}a`, `${'x'.repeat(70)}b`, `${'x'.repeat(70)}`]

describe('PackedPage', () => {
  it('orders keys as compareKeys does (S3 order), within a page and across pages', () => {
    const left = packObjects(KEYS.map((key) => ({ key, size: 0 })))
    const right = packObjects([...KEYS].reverse().map((key) => ({ key, size: 0 })))
    for (let i = 0; i < KEYS.length; i++) {
      for (let j = 0; j < KEYS.length; j++) {
        const expected = Math.sign(compareKeys(KEYS[i] as string, KEYS[KEYS.length - 1 - j] as string))
        expect(Math.sign(left.compareKey(i, right, j)), `${KEYS[i]} vs ${KEYS[KEYS.length - 1 - j]}`).toBe(expected)
      }
    }
  })

  it('gives back each object with exactly the fields it was listed with', () => {
    const objects: ListedObject[] = [
      { key: 'a', size: 1 },
      { key: 'b', size: 2, storageClass: 'GLACIER' },
      { key: 'c', size: 3, etag: '' },
      { key: 'd', size: 2 ** 40, storageClass: 'STANDARD', etag: 'abc' },
      { key: 'e', size: 0, storageClass: 'GLACIER', etag: 'q&"' },
    ]
    const page = packObjects(objects)
    expect(page.toObjects()).toEqual(objects)
    expect(Object.keys(page.object(0))).toEqual(['key', 'size'])
    expect(page.etag(0)).toBeUndefined()
    expect(page.etag(2)).toBe('')
    expect(page.storageClass(3)).toBe('STANDARD')
    expect(page.size(3)).toBe(2 ** 40)
  })

  it('truncates and filters', () => {
    const page = packObjects(KEYS.map((key, size) => ({ key, size })))
    page.truncate(5)
    expect(page.toObjects().map((object) => object.key)).toEqual(KEYS.slice(0, 5))
    expect(packObjects(page.toObjects().filter((object) => object.key.startsWith('a')), page.hasEtags).toObjects()).toEqual([
      { key: 'a', size: 1 },
      { key: 'a/', size: 2 },
      { key: 'a/b', size: 3 },
      { key: 'ab', size: 4 },
    ])
  })

  it('grows past the capacity it was made with, bytes and objects', () => {
    const builder = new PackedPageBuilder(true, 1)
    const keys = Array.from({ length: 300 }, (_, index) => `${'k'.repeat(index % 90)}${index}`)
    for (const [index, key] of keys.entries()) {
      builder.addKeyText(key)
      if (index % 5 !== 0) builder.addEtagText(`etag-${index}`.repeat(10))
      builder.finishObject(index, index % 3 === 0 ? 'GLACIER' : undefined)
    }
    const page = builder.build()
    expect(page.length).toBe(300)
    expect(page.toObjects().map((object) => object.key)).toEqual(keys)
    expect(page.object(299)).toEqual({ key: keys[299], size: 299, etag: 'etag-299'.repeat(10) })
    expect(page.object(0)).toEqual({ key: keys[0], size: 0, storageClass: 'GLACIER' })
  })

  it('builds the next page in the buffers a recycled one gave back, with none of its fields', () => {
    const buffers = new PageBuffers()
    const build = (objects: ListedObject[]) => {
      const builder = new PackedPageBuilder(true, PAGE_OBJECTS, buffers)
      for (const object of objects) {
        builder.addKeyText(object.key)
        if (object.etag !== undefined) builder.addEtagText(object.etag)
        builder.finishObject(object.size, object.storageClass)
      }
      return builder.build()
    }
    const first = build(KEYS.map((key, size) => ({ key, size, storageClass: 'GLACIER', etag: `e${size}` })))
    first.recycle(buffers)
    expect(first.length).toBe(0)
    expect(first.toObjects()).toEqual([])
    expect(buffers.held).toBe(1)
    // Shorter keys, no storage class, ETags missing: nothing of the first page may show through.
    const objects: ListedObject[] = KEYS.slice(0, 5).map((key, size) => (size % 2 === 0 ? { key: `${key}!`, size } : { key, size, etag: 'x' }))
    objects.push({ key: 'last', size: 9, storageClass: 'STANDARD' })
    const second = build(objects)
    expect(buffers.held).toBe(0)
    expect(second.toObjects()).toEqual(objects)
  })

  it('keeps buffers that grew for the pages after, and no more than its limit', () => {
    const buffers = new PageBuffers(1)
    const builder = new PackedPageBuilder(false, PAGE_OBJECTS, buffers)
    const long = 'k'.repeat(200)
    for (let index = 0; index < PAGE_OBJECTS + 1; index++) {
      builder.addKeyText(`${long}${index}`)
      builder.finishObject(index, undefined)
    }
    const page = builder.build()
    const other = new PackedPageBuilder(false).build()
    page.recycle(buffers)
    other.recycle(buffers)
    expect(buffers.held).toBe(1)
    const next = new PackedPageBuilder(false, PAGE_OBJECTS, buffers)
    expect(buffers.held).toBe(0)
    next.addKeyText(`${long}x`)
    next.finishObject(7, 'STANDARD')
    expect(next.build().toObjects()).toEqual([{ key: `${long}x`, size: 7, storageClass: 'STANDARD' }])
  })
})

