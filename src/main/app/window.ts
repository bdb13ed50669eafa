/**
 * The main window: secure webPreferences, loaded from the local server's origin.
 *
 * Why: the renderer is served by the local server over HTTPS (`<origin>/`), so the page and the
 * API share one origin: no CORS, no `file://` quirks, and the server's CSP header applies
 * (`default-src 'self'`, `connect-src 'self'`, `frame-ancestors 'none'`, …). The window runs
 * sandboxed with context isolation; its preload exposes only `window.periscope`.
 * Lifecycle: `createMainWindow` builds, guards and loads one window; it is shown once its first
 * paint is ready; closing it ends the app on Windows/Linux (macOS keeps the app until Quit).
 */
import { BrowserWindow } from 'electron'
import type { BrowserWindowConstructorOptions } from 'electron'
import { guardContents } from './security.ts'
import type { ShellLog } from './security.ts'

/** First-launch size: room for the sidebar plus a 10-column table. */
const DEFAULT_WIDTH = 1280
const DEFAULT_HEIGHT = 800
/** Below this the sidebar and a table no longer fit side by side. */
const MIN_WIDTH = 720
const MIN_HEIGHT = 480

export interface MainWindowOptions {
  /** The local server's origin, e.g. `https://127.0.0.1:43121`. */
  readonly appOrigin: string
  /** Absolute path of the built preload (`out/preload/index.cjs`). */
  readonly preloadPath: string
  /** Window/taskbar icon (Linux, Windows); macOS takes it from the bundle. */
  readonly iconPath?: string
  /** Development build: allows devtools. */
  readonly dev: boolean
  readonly log: ShellLog
}

/** The BrowserWindow options: every web security switch set explicitly (not left to defaults). */
export function windowOptions(o: Pick<MainWindowOptions, 'preloadPath' | 'iconPath' | 'dev'>): BrowserWindowConstructorOptions {
  return {
    width: DEFAULT_WIDTH,
    height: DEFAULT_HEIGHT,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Periscope',
    show: false,
    backgroundColor: '#10141a',
    ...(o.iconPath ? { icon: o.iconPath } : {}),
    webPreferences: {
      preload: o.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: o.dev
    }
  }
}

/** Create, guard and load the main window. */
export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(windowOptions(o))
  guardContents(win.webContents, o.appOrigin, o.log)
  win.once('ready-to-show', () => win.show())
  win.webContents.on('did-fail-load', (_e, code, description, _url, isMainFrame) => {
    if (isMainFrame) o.log(`the window could not load the app page from ${o.appOrigin}: ${description} (${code})`)
  })
  win.webContents.on('render-process-gone', (_e, details) => o.log(`the renderer process ended: ${details.reason} (exit code ${details.exitCode})`))
  void win.loadURL(`${o.appOrigin}/`).catch(() => undefined) // failures are reported by did-fail-load
  return win
}

/** Bring `win` to the front (restore if minimized): the second-instance and dock behaviour. */
export function focusWindow(win: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}
