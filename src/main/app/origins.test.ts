import { describe, expect, it } from 'vitest'
import { isAllowedExternal, isAppUrl, originOf } from './origins.ts'

const APP = 'https://127.0.0.1:43121'

describe('isAppUrl', () => {
  it('accepts only the exact app origin', () => {
    expect(isAppUrl(`${APP}/`, APP)).toBe(true)
    expect(isAppUrl(`${APP}/clusters/demo?x=1#y`, APP)).toBe(true)
  })
  it.each([
    ['the startsWith trap: a look-alike host', `${APP}.evil.com/`],
    ['another port', 'https://127.0.0.1:43122/'],
    ['plain http on the same port', 'http://127.0.0.1:43121/'],
    ['localhost instead of 127.0.0.1', 'https://localhost:43121/'],
    ['credentials before a foreign host', 'https://127.0.0.1:43121@evil.com/'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<b>x</b>'],
    ['about:blank', 'about:blank'],
    ['garbage', 'not a url']
  ])('denies %s', (_name, url) => {
    expect(isAppUrl(url, APP)).toBe(false)
  })
  it('gives no origin for opaque URLs', () => {
    expect(originOf('javascript:alert(1)')).toBeNull()
    expect(originOf('::')).toBeNull()
  })
})

describe('isAllowedExternal', () => {
  it.each(['https://kubernetes.io/docs/', 'https://github.com/periscope-desktop/periscope-desktop', 'https://docs.github.com/en'])('allows %s', (url) =>
    expect(isAllowedExternal(url)).toBe(true)
  )
  it.each([
    'http://kubernetes.io/docs/',
    'https://kubernetes.io.evil.com/',
    'https://evilkubernetes.io/',
    'https://user:pw@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://127.0.0.1:43121/',
    'nonsense'
  ])('refuses %s', (url) => expect(isAllowedExternal(url)).toBe(false))
})
