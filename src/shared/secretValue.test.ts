import { describe, expect, it } from 'vitest'
import { base64Bytes, redactedBytes, redactedValue, utf8Bytes } from './secretValue.ts'

describe('secret value sizes', () => {
  it('counts UTF-8 bytes (1 to 4 per code point)', () => {
    expect([utf8Bytes(''), utf8Bytes('secret'), utf8Bytes('pässword'), utf8Bytes('密码'), utf8Bytes('🔑 key')]).toEqual([0, 6, 9, 6, 8])
  })
  it('counts the bytes base64 decodes to (RFC 4648 padding)', () => {
    // "c2VjcmV0" is "secret"; "YQ==" "a", "YWI=" "ab", "YWJj" "abc".
    expect([base64Bytes(''), base64Bytes('c2VjcmV0'), base64Bytes('YQ=='), base64Bytes('YWI='), base64Bytes('YWJj')]).toEqual([0, 6, 1, 2, 3])
  })
  it('reads back the redacted text it writes, and nothing else', () => {
    expect(redactedBytes(redactedValue(57))).toBe(57)
    expect(redactedBytes('57 bytes')).toBeUndefined()
    expect(redactedBytes('c2VjcmV0')).toBeUndefined()
  })
})
