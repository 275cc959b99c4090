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
  ])('encodes %j as %j', (key, encoded) => {
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
