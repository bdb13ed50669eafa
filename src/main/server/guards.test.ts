import { describe, expect, it } from 'vitest'
import { allowedOrigins, authenticate, authenticateRequest, checkHost, corsHeaders, generateToken, originAllowed, presentedToken } from './guards.ts'
import { createSessionCookies } from './session.ts'
import type { GuardConfig } from './guards.ts'

const cfg: GuardConfig = {
  port: () => 4321,
  tls: false,
  token: 'launch-token-abc',
  defaultActor: 'alice',
  tokenActors: new Map([['browser-token-xyz', 'bob']]),
  appOrigins: ['app://periscope']
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

  it('reads the token from Authorization first, then ?token= only where a stream route allows it', () => {
    const q = new URLSearchParams('token=from-query')
    expect(presentedToken({ authorization: 'Bearer from-header' }, q, true)).toBe('from-header')
    expect(presentedToken({ authorization: 'bearer   from-header ' }, q, true)).toBe('from-header')
    expect(presentedToken({}, q, true)).toBe('from-query')
    expect(presentedToken({}, q, false)).toBeUndefined()
    expect(presentedToken({ authorization: 'Basic abc' }, q, true)).toBeUndefined()
    expect(presentedToken({}, new URLSearchParams(), true)).toBeUndefined()
  })

  it('authenticates by the session cookie when no token is presented; a presented token decides alone', () => {
    const tokens = new Map([
      ['launch-token-abc', 'alice'],
      ['browser-token-xyz', 'bob']
    ])
    const cookies = createSessionCookies(tokens, 4321, false)
    const alice = cookies.valueFor('launch-token-abc') ?? ''
    const bob = cookies.valueFor('browser-token-xyz') ?? ''
    expect(alice).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(alice).not.toBe('launch-token-abc')
    expect(cookies.setCookie(alice)).toBe(`periscope_session_4321=${alice}; Path=/; HttpOnly; SameSite=Strict`)
    expect(createSessionCookies(tokens, 4321, true).setCookie('v')).toBe('periscope_session_4321=v; Path=/; HttpOnly; SameSite=Strict; Secure')
    const none = new URLSearchParams()
    expect(authenticateRequest({ cookie: `other=1; periscope_session_4321=${alice}` }, none, false, cfg, cookies)).toBe('alice')
    expect(authenticateRequest({ cookie: `periscope_session_4321=${bob}` }, none, false, cfg, cookies)).toBe('bob')
    // Another instance's cookie (another port), a wrong value, no cookie: refused.
    expect(authenticateRequest({ cookie: `periscope_session_9999=${alice}` }, none, false, cfg, cookies)).toBeNull()
    expect(authenticateRequest({ cookie: `periscope_session_4321=${alice}x` }, none, false, cfg, cookies)).toBeNull()
    expect(authenticateRequest({}, none, false, cfg, cookies)).toBeNull()
    // A wrong bearer token is not rescued by a good cookie.
    expect(authenticateRequest({ authorization: 'Bearer nope', cookie: `periscope_session_4321=${alice}` }, none, false, cfg, cookies)).toBeNull()
    // ?token= off a stream route is not looked at: the cookie decides.
    expect(authenticateRequest({}, new URLSearchParams('token=launch-token-abc'), false, cfg, cookies)).toBeNull()
    expect(authenticateRequest({}, new URLSearchParams('token=launch-token-abc'), true, cfg, cookies)).toBe('alice')
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
