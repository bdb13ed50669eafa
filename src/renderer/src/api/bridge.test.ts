import { describe, expect, it } from 'vitest'
import { readConnection } from './bridge.ts'
import type { WindowLike } from './bridge.ts'

function fakeWindow(href: string): WindowLike & { replaced: string[]; store: Map<string, string> } {
  const store = new Map<string, string>()
  const replaced: string[] = []
  return {
    location: { href, origin: new URL(href).origin },
    history: { replaceState: (_d, _u, url) => { replaced.push(url) } },
    sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => { store.set(k, v) } },
    replaced, store
  }
}

describe('bridge', () => {
  it('moves ?token= into sessionStorage and out of the address bar, keeping other params', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?token=s3cret&multi=2#x')
    const c = readConnection(w)
    expect(c).toMatchObject({ baseUrl: 'http://127.0.0.1:4000', token: 's3cret' })
    expect(w.replaced).toEqual(['/?multi=2#x'])
    expect(w.store.get('periscope.token')).toBe('s3cret')
    // A reload (no token in the URL) keeps the session's token.
    const w2 = fakeWindow('http://127.0.0.1:4000/')
    w2.store.set('periscope.token', 's3cret')
    expect(readConnection(w2).token).toBe('s3cret')
    expect(w2.replaced).toEqual([])
  })
  it('prefers the preload bridge', () => {
    const w = { ...fakeWindow('app://x/'), periscope: { baseUrl: 'https://127.0.0.1:5/', token: 't', version: '1', openExternal: () => undefined } }
    expect(readConnection(w)).toEqual({ baseUrl: 'https://127.0.0.1:5', token: 't', version: '1' })
  })
})
