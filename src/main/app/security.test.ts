import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { Session, WebContents } from 'electron'

vi.mock('electron', () => ({}))
const { denyPermissions, guardAllWebContents, guardContents, navigationAllowed } = await import('./security.ts')

const APP = 'https://127.0.0.1:43121'

/** A webContents stand-in: an emitter plus the window-open handler slot. */
function fakeContents(): EventEmitter & { openHandler?: (d: { url: string }) => { action: string } } {
  const c = new EventEmitter() as EventEmitter & {
    openHandler?: (d: { url: string }) => { action: string }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void
  }
  c.setWindowOpenHandler = (h) => {
    c.openHandler = h
  }
  return c
}

function navEvent(url: string, extra: Record<string, unknown> = {}): { url: string; preventDefault: ReturnType<typeof vi.fn> } & Record<string, unknown> {
  return { url, preventDefault: vi.fn(), ...extra }
}

describe('navigation guard', () => {
  it('allows the app origin and denies the startsWith trap, other ports, file: and javascript:', () => {
    expect(navigationAllowed(`${APP}/settings`, APP)).toBe(true)
    expect(navigationAllowed(`${APP}.evil.com/`, APP)).toBe(false)
    expect(navigationAllowed('https://127.0.0.1:1/', APP)).toBe(false)
    expect(navigationAllowed('file:///etc/passwd', APP)).toBe(false)
    expect(navigationAllowed('javascript:alert(1)', APP)).toBe(false)
  })

  it('cancels will-navigate and will-redirect away from the app, and lets app URLs through', () => {
    const c = fakeContents()
    const log = vi.fn()
    guardContents(c as unknown as WebContents, APP, log)
    const ok = navEvent(`${APP}/x`)
    c.emit('will-navigate', ok, ok.url)
    expect(ok.preventDefault).not.toHaveBeenCalled()
    for (const event of ['will-navigate', 'will-redirect']) {
      const bad = navEvent(`${APP}.evil.com/steal?token=secret`)
      c.emit(event, bad, bad.url)
      expect(bad.preventDefault).toHaveBeenCalledOnce()
    }
    expect(log).toHaveBeenCalledTimes(2)
    expect(log.mock.calls.flat().join(' ')).not.toContain('secret')
  })

  it('cancels subframe navigations to foreign origins (top frame is left to will-navigate)', () => {
    const c = fakeContents()
    guardContents(c as unknown as WebContents, APP, vi.fn())
    const sub = navEvent('https://evil.com/', { isMainFrame: false })
    c.emit('will-frame-navigate', sub)
    expect(sub.preventDefault).toHaveBeenCalledOnce()
    const top = navEvent('https://evil.com/', { isMainFrame: true })
    c.emit('will-frame-navigate', top)
    expect(top.preventDefault).not.toHaveBeenCalled()
  })

  it('denies window.open, even for allow-listed https links', () => {
    const c = fakeContents()
    guardContents(c as unknown as WebContents, APP, vi.fn())
    expect(c.openHandler?.({ url: 'https://kubernetes.io/docs/' })).toEqual({ action: 'deny' })
    expect(c.openHandler?.({ url: `${APP}/` })).toEqual({ action: 'deny' })
  })

  it('blocks <webview> attachment', () => {
    const c = fakeContents()
    guardContents(c as unknown as WebContents, APP, vi.fn())
    const e = navEvent('')
    c.emit('will-attach-webview', e)
    expect(e.preventDefault).toHaveBeenCalledOnce()
  })
})

describe('every web contents is guarded (web-contents-created)', () => {
  it('a contents made any way gets the navigation, window.open and webview guards at once', () => {
    const app = new EventEmitter()
    const server: { origin?: string } = {}
    const log = vi.fn()
    guardAllWebContents(app as never, () => server.origin, log)
    const c = fakeContents()
    app.emit('web-contents-created', {}, c)
    // Before the server listens, nothing may load, not even a URL that will be the app's.
    const early = navEvent(`${APP}/`)
    c.emit('will-navigate', early, early.url)
    expect(early.preventDefault).toHaveBeenCalledOnce()
    server.origin = APP
    const ok = navEvent(`${APP}/pods`)
    c.emit('will-navigate', ok, ok.url)
    expect(ok.preventDefault).not.toHaveBeenCalled()
    const bad = navEvent('https://evil.example/?token=secret')
    c.emit('will-redirect', bad, bad.url)
    expect(bad.preventDefault).toHaveBeenCalledOnce()
    expect(c.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    const wv = navEvent('')
    c.emit('will-attach-webview', wv)
    expect(wv.preventDefault).toHaveBeenCalledOnce()
    expect(log.mock.calls.flat().join(' ')).not.toContain('secret')
  })

  it('guarding the same contents twice (created, then the window) installs one set of guards', () => {
    const c = fakeContents()
    guardContents(c as unknown as WebContents, APP, vi.fn())
    guardContents(c as unknown as WebContents, APP, vi.fn())
    expect(c.listenerCount('will-navigate')).toBe(1)
    expect(c.listenerCount('will-attach-webview')).toBe(1)
  })
})

describe('denyPermissions', () => {
  it('refuses every permission request and check', () => {
    const handlers: Record<string, (...a: unknown[]) => unknown> = {}
    const ses = {
      setPermissionRequestHandler: (h: (...a: unknown[]) => unknown) => {
        handlers.request = h
      },
      setPermissionCheckHandler: (h: (...a: unknown[]) => unknown) => {
        handlers.check = h
      },
      setDevicePermissionHandler: (h: (...a: unknown[]) => unknown) => {
        handlers.device = h
      }
    }
    denyPermissions(ses as unknown as Session, vi.fn())
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const cb = vi.fn()
      handlers.request({}, permission, cb, {})
      expect(cb).toHaveBeenCalledWith(false)
      expect(handlers.check({}, permission, APP, {})).toBe(false)
    }
    expect(handlers.device({})).toBe(false)
  })
})
