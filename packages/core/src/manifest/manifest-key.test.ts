import { describe, expect, it } from 'vitest'
import { encodeManifestKey } from './manifest-key.js'

describe('encodeManifestKey', () => {
  it.each([
    ['plain/key.txt', 'plain/key.txt'],
    ['with space', 'with%20space'],
    ['a+b', 'a%2Bb'],
    ['100%', '100%25'],
    ['a,b', 'a%2Cb'],
    [`"q" 'q'`, '%22q%22%20%27q%27'],
    ['!*()', '%21%2A%28%29'],
    ['ü/日本', '%C3%BC/%E6%97%A5%E6%9C%AC'],
    ['dir/', 'dir/'],
    ['keep-_.~', 'keep-_.~'],
    ['tab\tnewline\r', 'tab%09newline%0D'],
    ['line\n', 'line%0A'],
  ])('encodes %j as %j', (key, encoded) => {
    expect(encodeManifestKey(key)).toBe(encoded)
  })

  it('encodes every ASCII character as the UTF-8 percent-encoding of its byte, unless unreserved or /', () => {
    for (let code = 0; code < 0x80; code++) {
      const char = String.fromCharCode(code)
      const expected = /[A-Za-z0-9\-_.~/]/.test(char) ? char : `%${code.toString(16).toUpperCase().padStart(2, '0')}`
      expect(encodeManifestKey(`a${char}b`)).toBe(`a${expected}b`)
    }
  })

  it.each([
    ['events/2026-01-01T00:00:00.123Z.json', 'events/2026-01-01T00%3A00%3A00.123Z.json'],
    ['ascii first: then ü (x)', 'ascii%20first%3A%20then%20%C3%BC%20%28x%29'],
    ['astral 😀!', 'astral%20%F0%9F%98%80%21'],
  ])('encodes mixed key %j', (key, encoded) => {
    expect(encodeManifestKey(key)).toBe(encoded)
  })

  it('round-trips through plain and form-style decoding', () => {
    const key = 'a b+c/ü,%/x y'
    const encoded = encodeManifestKey(key)
    expect(decodeURIComponent(encoded)).toBe(key)
    expect(decodeURIComponent(encoded.replaceAll('+', ' '))).toBe(key)
    expect(encoded).toMatch(/^[A-Za-z0-9\-_.~/%]+$/)
  })
})

describe('encodeManifestKey on every code point', () => {
  it('writes the percent-encoding of the key\'s UTF-8 bytes (as Buffer.from makes them)', () => {
    const expected = (key: string) => [...Buffer.from(key)].map((byte) => {
      const char = String.fromCharCode(byte)
      return byte < 0x80 && /[A-Za-z0-9\-_.~/]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    }).join('')
    const samples: string[] = []
    for (let point = 0; point < 0x110000; point += point < 0x3000 ? 1 : 997) if (point < 0xd800 || point >= 0xe000) samples.push(String.fromCodePoint(point))
    samples.push('\u{10FFFF}', '\u{1F600}', '\uD800', '\uDFFF', 'a\uD83Db', '\uDE00x', '\uD83D')
    for (const sample of samples) expect(encodeManifestKey(`k${sample}/`), JSON.stringify(sample)).toBe(expected(`k${sample}/`))
  })
})
