/**
 * The window's web security: no navigation away from the app, no new windows, no permissions.
 *
 * Why: the page shows cluster data and holds the launch token, so it must never become some other
 * page (a link, a redirect, a script setting `location`), never spawn windows, and never get
 * camera, notifications, clipboard-read or any other permission (Electron security checklist
 * #5, #6, #13, #14). Origins are compared exactly, never by prefix.
 * Lifecycle: `guardContents` once per webContents (before it loads), `denyPermissions` once per
 * session; both stay for the life of the window / session.
 */
import type { Session, WebContents } from 'electron'
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

/**
 * Attach the navigation, redirect, window.open and webview guards to a webContents.
 * @param appOrigin the only origin the page may be on (`https://127.0.0.1:<port>`).
 */
export function guardContents(contents: WebContents, appOrigin: string, log: ShellLog): void {
  const guard = (kind: string) => (event: Cancellable, url: string): void => {
    if (navigationAllowed(url, appOrigin)) return
    event.preventDefault()
    log(`blocked ${kind} to ${describe(url)}`)
  }
  contents.on('will-navigate', (e, url) => guard('navigation')(e, url))
  // will-navigate covers the top frame; this covers subframes (the app has none, so any is foreign).
  contents.on('will-frame-navigate', (e) => { if (!e.isMainFrame) guard('frame navigation')(e, e.url) })
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

/** Refuse every permission request and check in `session` (the app needs none). */
export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>, log: ShellLog): void {
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
