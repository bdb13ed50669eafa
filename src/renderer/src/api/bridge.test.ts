import { describe, expect, it } from 'vitest'
import { readConnection } from './bridge.ts'
import type { WindowLike } from './bridge.ts'

function fakeWindow(href: string, session?: string): WindowLike & { replaced: string[] } {
  const replaced: string[] = []
  return {
    location: { href, origin: new URL(href).origin },
    history: {
      replaceState: (_d, _u, url) => {
        replaced.push(url)
      }
    },
    document: {
      querySelector: (sel) =>
        session !== undefined && sel === 'meta[name="periscope-session"]' ? { getAttribute: (n) => (n === 'content' ? session : null) } : null
    },
    replaced
  }
}

describe('bridge', () => {
  it('browser mode: no token in the page (the session cookie signs in); none is stored anywhere', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?multi=2', 'ok')
    expect(readConnection(w)).toEqual({ baseUrl: 'http://127.0.0.1:4000', token: '', version: '', signedIn: true, expiredLink: false })
    expect(w.replaced).toEqual([])
  })

  it('browser mode without a session cookie (the server says none, or says nothing) is not signed in', () => {
    expect(readConnection(fakeWindow('http://127.0.0.1:4000/', 'none')).signedIn).toBe(false)
    expect(readConnection(fakeWindow('http://127.0.0.1:4000/')).signedIn).toBe(false)
  })

  it('a link the server did not take (signin=expired) is reported and removed from the URL', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?signin=expired#/pods', 'none')
    expect(readConnection(w)).toMatchObject({ signedIn: false, expiredLink: true })
    expect(w.replaced).toEqual(['/#/pods'])
  })

  it('a ?token= still in the address bar is used for this page and removed from the URL, keeping other params', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?token=s3cret&multi=2#x')
    const c = readConnection(w)
    expect(c).toMatchObject({ baseUrl: 'http://127.0.0.1:4000', token: 's3cret', signedIn: true })
    expect(w.replaced).toEqual(['/?multi=2#x'])
  })
  it('prefers the preload bridge', () => {
    const w = { ...fakeWindow('app://x/'), periscope: { baseUrl: 'https://127.0.0.1:5/', token: 't', version: '1', openExternal: () => undefined } }
    expect(readConnection(w)).toEqual({ baseUrl: 'https://127.0.0.1:5', token: 't', version: '1', signedIn: true, expiredLink: false })
  })
})
