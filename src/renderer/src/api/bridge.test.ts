import { describe, expect, it } from 'vitest'
import { readConnection } from './bridge.ts'
import type { WindowLike } from './bridge.ts'

function fakeWindow(href: string): WindowLike & { replaced: string[] } {
  const replaced: string[] = []
  return {
    location: { href, origin: new URL(href).origin },
    history: { replaceState: (_d, _u, url) => { replaced.push(url) } },
    replaced
  }
}

describe('bridge', () => {
  it('browser mode: no token in the page (the session cookie signs in); none is stored anywhere', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?multi=2')
    expect(readConnection(w)).toEqual({ baseUrl: 'http://127.0.0.1:4000', token: '', version: '' })
    expect(w.replaced).toEqual([])
  })

  it('a ?token= still in the address bar is used for this page and removed from the URL, keeping other params', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?token=s3cret&multi=2#x')
    const c = readConnection(w)
    expect(c).toMatchObject({ baseUrl: 'http://127.0.0.1:4000', token: 's3cret' })
    expect(w.replaced).toEqual(['/?multi=2#x'])
  })
  it('prefers the preload bridge', () => {
    const w = { ...fakeWindow('app://x/'), periscope: { baseUrl: 'https://127.0.0.1:5/', token: 't', version: '1', openExternal: () => undefined } }
    expect(readConnection(w)).toEqual({ baseUrl: 'https://127.0.0.1:5', token: 't', version: '1' })
  })
})
