/**
 * Object keys that trip up URL handling, encoding or path logic. A key is any UTF-8 sequence of at
 * most 1,024 bytes, and S3 takes it literally: no dot segments removed, no slashes merged
 * (UG object-keys). Core's test support has a shorter list of its own (the sandbox may not import
 * core); this one adds the keys a path normaliser would rewrite.
 */
export const AWKWARD_KEYS = [
  'plain.txt',
  'with space/and more.txt',
  'plus+sign',
  'percent%25 and %',
  '%2E%2E/encoded dots',
  'comma,name.csv',
  `quotes "double" 'single'`,
  'ünïcödé/日本語/😀.txt',
  '😀',
  'deep/a/b/c/d/e/f/g/h/file',
  'symbols !*()~&=:@;$#[]',
  'query?and#hash',
  'back\\slash',
  'trailing/',
  ' leading space',
  'trailing space ',
  '../dotdot',
  '../../two-up',
  './dot',
  'dir/../up',
  'dir/./here',
  '..',
  '.',
  '//double',
  'a//b',
  // The longest keys S3 allows: 1,024 bytes, in ASCII and in two-byte characters.
  `long/${'x'.repeat(1019)}`,
  'ü'.repeat(512),
]
