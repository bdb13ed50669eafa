import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'

/** BrowserWindow stand-in recording its options and what it loads. */
class FakeWindow extends EventEmitter {
  static last: FakeWindow | undefined
  readonly options: Record<string, unknown>
  readonly webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() })
  readonly loadURL = vi.fn(async (_url: string) => undefined)
  readonly show = vi.fn()
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    FakeWindow.last = this
  }
}
vi.mock('electron', () => ({ BrowserWindow: FakeWindow }))
const { createMainWindow, focusWindow, windowOptions } = await import('./window.ts')

const APP = 'https://127.0.0.1:43121'
const PRELOAD = '/app/out/preload/index.cjs'

describe('windowOptions', () => {
  it('sets every web security switch explicitly', () => {
    const wp = windowOptions({ preloadPath: PRELOAD, dev: false }).webPreferences
    expect(wp).toMatchObject({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false
    })
  })
  it('allows devtools only in development', () => {
    expect(windowOptions({ preloadPath: PRELOAD, dev: true }).webPreferences?.devTools).toBe(true)
  })
  it('starts hidden (shown on ready-to-show, no white flash)', () => {
    expect(windowOptions({ preloadPath: PRELOAD, dev: false }).show).toBe(false)
  })
})

describe('createMainWindow', () => {
  it('guards the contents before loading the server origin, and shows on ready-to-show', () => {
    const win = createMainWindow({ appOrigin: APP, preloadPath: PRELOAD, dev: false, log: vi.fn() }) as unknown as FakeWindow
    expect(win).toBe(FakeWindow.last)
    expect((win.options.webPreferences as Record<string, unknown>).preload).toBe(PRELOAD)
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalledOnce()
    expect(win.webContents.listenerCount('will-navigate')).toBe(1)
    expect(win.loadURL).toHaveBeenCalledWith(`${APP}/`)
    expect(win.show).not.toHaveBeenCalled()
    win.emit('ready-to-show')
    expect(win.show).toHaveBeenCalledOnce()
  })
  it('blocks a navigation away from the app once loaded', () => {
    const win = createMainWindow({ appOrigin: APP, preloadPath: PRELOAD, dev: false, log: vi.fn() }) as unknown as FakeWindow
    const e = { preventDefault: vi.fn() }
    win.webContents.emit('will-navigate', e, 'https://127.0.0.1:43121.evil.com/')
    expect(e.preventDefault).toHaveBeenCalledOnce()
  })
})

describe('focusWindow', () => {
  it('restores a minimized window and focuses it', () => {
    const w = { isMinimized: () => true, restore: vi.fn(), show: vi.fn(), focus: vi.fn() }
    focusWindow(w)
    expect(w.restore).toHaveBeenCalledOnce()
    expect(w.focus).toHaveBeenCalledOnce()
    const v = { isMinimized: () => false, restore: vi.fn(), show: vi.fn(), focus: vi.fn() }
    focusWindow(v)
    expect(v.restore).not.toHaveBeenCalled()
    expect(v.show).toHaveBeenCalledOnce()
  })
})
