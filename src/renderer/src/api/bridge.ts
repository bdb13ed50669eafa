/**
 * The only reader of the preload bridge and of the sign-in token in the address bar.
 *
 * Why: the token is a credential. In Electron it arrives through `window.periscope` (preload);
 * in browser mode the page is opened at `/?token=…`, so we move it into sessionStorage and remove
 * it from the address bar at once (history, screenshots, shoulder-surfing). Nothing else in the
 * renderer touches `window.periscope`, `location.search` for the token, or sessionStorage.
 */
import type { BridgeBootstrap, PeriscopeBridge } from '../../../shared/bridge.ts'

/**
 * Connection facts the api layer needs: the bridge's data (src/shared/bridge.ts), with `token` ''
 * when none was given (requests then fail with 401, shown as such) and `baseUrl` without a
 * trailing slash.
 */
export type Connection = BridgeBootstrap

/** sessionStorage key of the browser-mode token (per tab, gone when the tab closes). */
const TOKEN_KEY = 'periscope.token'

/** Minimal window surface, so the logic is testable without a DOM. */
export interface WindowLike {
  readonly location: { readonly href: string; readonly origin: string }
  readonly history: { replaceState(data: unknown, unused: string, url: string): void }
  readonly sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void }
  readonly periscope?: PeriscopeBridge
}

/**
 * Resolve the connection: the preload bridge when present, else the `?token=` of the address bar
 * (moved to sessionStorage and stripped from the URL), else a token saved earlier in this tab.
 * @param w the window (injectable for tests).
 */
export function readConnection(w: WindowLike): Connection {
  if (w.periscope) {
    return { baseUrl: w.periscope.baseUrl.replace(/\/+$/, ''), token: w.periscope.token, version: w.periscope.version }
  }
  const url = new URL(w.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl !== null) {
    w.sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    w.history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return { baseUrl: w.location.origin, token: fromUrl ?? w.sessionStorage.getItem(TOKEN_KEY) ?? '', version: '' }
}

let cached: Connection | null = null

/** The connection of this page (resolved once). */
export function connection(): Connection {
  if (!cached) cached = readConnection(window as unknown as WindowLike)
  return cached
}

/** Open a URL in the system browser (Electron) or a new tab (browser mode). */
export function openExternal(url: string): void {
  const w = window as unknown as WindowLike
  if (w.periscope) w.periscope.openExternal(url)
  else window.open(url, '_blank', 'noopener,noreferrer')
}
