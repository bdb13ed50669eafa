/**
 * The window's web security: no navigation away from the app, no new windows, no permissions.
 *
 * Why: the page shows cluster data and holds the launch token, so it must never become some other
 * page (a link, a redirect, a script setting `location`), never spawn windows, and never get
 * camera, notifications, clipboard-read or any other permission (Electron security checklist
 * #5, #6, #13, #14). Origins are compared exactly, never by prefix.
 * Every web contents is guarded, not only the main window's: `guardAllWebContents` hooks
 * `web-contents-created`, so a contents made any other way (a devtools extension, a future
 * window, a webview that slipped through) gets the same guards the moment it exists.
 * Lifecycle: `guardAllWebContents` once at startup (before the app is ready); `guardContents`
 * once per webContents (again is a no-op); `denyPermissions` once per session; all stay for the
 * life of the app.
 */
import type { App, Session, WebContents } from 'electron'
import { isAppUrl } from './origins.ts'

/** A navigation-like event: it can be cancelled. */
interface Cancellable {
  preventDefault(): void
}

/** Logs one line (never a token: URLs here are page URLs, which carry none in Electron). */
export type ShellLog = (line: string) => void

/**
 * The navigation decision: only URLs on exactly `appOrigin` may load.
 * @returns true when the navigation may proceed.
 */
export function navigationAllowed(url: string, appOrigin: string): boolean {
  return isAppUrl(url, appOrigin)
}

/** Contents already guarded (the window's is guarded at creation and again by createMainWindow). */
const guarded = new WeakSet<object>()

/**
 * Attach the navigation, redirect, window.open and webview guards to a webContents (once).
 * @param appOrigin the only origin the page may be on (`https://127.0.0.1:<port>`), or a getter
 *   for it (undefined before the server listens: then nothing may load).
 */
export function guardContents(contents: WebContents, appOrigin: string | (() => string | undefined), log: ShellLog): void {
  if (guarded.has(contents)) return
  guarded.add(contents)
  const origin = (): string => (typeof appOrigin === 'string' ? appOrigin : (appOrigin() ?? ''))
  const guard =
    (kind: string) =>
    (event: Cancellable, url: string): void => {
      if (origin() !== '' && navigationAllowed(url, origin())) return
      event.preventDefault()
      log(`blocked ${kind} to ${describe(url)}`)
    }
  contents.on('will-navigate', (e, url) => guard('navigation')(e, url))
  // will-navigate covers the top frame; this covers subframes (the app has none, so any is foreign).
  contents.on('will-frame-navigate', (e) => {
    if (!e.isMainFrame) guard('frame navigation')(e, e.url)
  })
  contents.on('will-redirect', (e, url) => guard('redirect')(e, url))
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked window.open of ${describe(url)} (external links go through the bridge)`)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (e) => {
    e.preventDefault()
    log('blocked a <webview>')
  })
}

/**
 * Guard every web contents the app will ever create (`app.on('web-contents-created')`).
 * @param appOrigin the app's origin once the server listens (undefined before: nothing loads).
 */
export function guardAllWebContents(app: Pick<App, 'on'>, appOrigin: () => string | undefined, log: ShellLog): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, appOrigin, log))
}

/** Refuse every permission request and check in `session` (the app needs none). */
export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
  log: ShellLog
): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request "${permission}"`)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** A URL for a log line: its origin and path only (no query, which could carry a token). */
function describe(url: string): string {
  try {
    const u = new URL(url)
    return u.origin === 'null' ? `${u.protocol} URL` : `${u.origin}${u.pathname}`
  } catch {
    return 'an invalid URL'
  }
}
