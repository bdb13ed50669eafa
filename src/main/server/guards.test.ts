import { describe, expect, it } from 'vitest'
import { allowedOrigins, authenticate, checkHost, corsHeaders, generateToken, originAllowed, presentedToken } from './guards.ts'
import type { GuardConfig } from './guards.ts'

const cfg: GuardConfig = {
  port: () => 4321, tls: false, token: 'launch-token-abc', defaultActor: 'alice',
  tokenActors: new Map([['browser-token-xyz', 'bob']]), appOrigins: ['app://periscope']
}

describe('guards', () => {
  it('generates 256-bit base64url tokens that differ per call', () => {
    const a = generateToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(generateToken()).not.toBe(a)
  })

  it('accepts only 127.0.0.1:<port> and localhost:<port> as Host (HTTP/2 :authority too)', () => {
    expect(checkHost({ host: '127.0.0.1:4321' }, 4321)).toBe(true)
    expect(checkHost({ host: 'LOCALHOST:4321' }, 4321)).toBe(true)
    expect(checkHost({ ':authority': '127.0.0.1:4321' } as never, 4321)).toBe(true)
    expect(checkHost({ host: 'evil.example:4321' }, 4321)).toBe(false)
    expect(checkHost({ host: '127.0.0.1' }, 4321)).toBe(false)
    expect(checkHost({ host: '127.0.0.1:4322' }, 4321)).toBe(false)
    expect(checkHost({}, 4321)).toBe(false)
  })

  it('allows no Origin, its own origins and configured app origins; refuses others and "null"', () => {
    expect(allowedOrigins(cfg)).toEqual(['http://127.0.0.1:4321', 'http://localhost:4321', 'app://periscope'])
    expect(originAllowed(undefined, cfg)).toBe(true)
    expect(originAllowed('http://127.0.0.1:4321', cfg)).toBe(true)
    expect(originAllowed('app://periscope', cfg)).toBe(true)
    expect(originAllowed('https://127.0.0.1:4321', cfg)).toBe(false)
    expect(originAllowed('http://evil.example', cfg)).toBe(false)
    expect(originAllowed('null', cfg)).toBe(false)
  })

  it('echoes an allowed origin with Vary, never a wildcard', () => {
    expect(corsHeaders('app://periscope')).toEqual({ 'Access-Control-Allow-Origin': 'app://periscope', Vary: 'Origin' })
    expect(corsHeaders(undefined)).toEqual({ Vary: 'Origin' })
  })

  it('reads the token from Authorization first, then ?token=', () => {
    const q = new URLSearchParams('token=from-query')
    expect(presentedToken({ authorization: 'Bearer from-header' }, q)).toBe('from-header')
    expect(presentedToken({ authorization: 'bearer   from-header ' }, q)).toBe('from-header')
    expect(presentedToken({}, q)).toBe('from-query')
    expect(presentedToken({ authorization: 'Basic abc' }, q)).toBeUndefined()
    expect(presentedToken({}, new URLSearchParams())).toBeUndefined()
  })

  it('refuses a request with two Host headers even when the first one is ours', () => {
    expect(checkHost({ host: '127.0.0.1:4321' }, 4321, ['Host', '127.0.0.1:4321'])).toBe(true)
    expect(checkHost({ host: '127.0.0.1:4321' }, 4321, ['Host', '127.0.0.1:4321', 'host', 'evil.com:4321'])).toBe(false)
  })

  it('maps tokens to actors and refuses wrong, empty, prefix and over-long tokens', () => {
    expect(authenticate('launch-token-abc', cfg)).toBe('alice')
    expect(authenticate('browser-token-xyz', cfg)).toBe('bob')
    expect(authenticate('launch-token-abd', cfg)).toBeNull()
    expect(authenticate('launch-token-ab', cfg)).toBeNull()
    expect(authenticate('', cfg)).toBeNull()
    expect(authenticate(undefined, cfg)).toBeNull()
    expect(authenticate('x'.repeat(10_000), cfg)).toBeNull()
  })
})
