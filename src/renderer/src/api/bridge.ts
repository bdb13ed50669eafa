/**
 * The only reader of the preload bridge and of a sign-in token in the address bar.
 *
 * Why: the token is a credential. In Electron it arrives through `window.periscope` (preload).
 * In browser mode the server swaps the sign-in URL's `?token=` for an HttpOnly session cookie and
 * redirects to the clean URL before this page even loads, so the page holds no token at all:
 * fetch and EventSource are same-origin and carry the cookie (token ''). Should a token still be
 * in the address bar (a server that does not swap it), it is used for this page only and removed
 * from the address bar at once; it is never stored where a script could find it later.
 * Nothing else in the renderer touches `window.periscope` or `location.search` for the token.
 */
import type { BridgeBootstrap, PeriscopeBridge } from '../../../shared/bridge.ts'

/**
 * Connection facts the api layer needs: the bridge's data (src/shared/bridge.ts), with `token` ''
 * in browser mode (the session cookie authenticates; without one, requests fail with 401, shown
 * as such) and `baseUrl` without a trailing slash.
 */
export interface Connection extends BridgeBootstrap {
  /**
   * The page can talk to the server: it has a token (desktop window, or a `?token=` still in the
   * address bar), or the server told the page (meta `periscope-session`) that its session cookie
   * signs it in. False = show how to sign in, and make no request.
   */
  readonly signedIn: boolean
  /** The server redirected a sign-in link whose token it does not take (`signin=expired`). */
  readonly expiredLink: boolean
}

/** Minimal window surface, so the logic is testable without a DOM. */
export interface WindowLike {
  readonly location: { readonly href: string; readonly origin: string }
  readonly history: { replaceState(data: unknown, unused: string, url: string): void }
  readonly periscope?: PeriscopeBridge
  /** For the `periscope-session` meta tag the server puts in the page in browser mode. */
  readonly document?: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }
}

/**
 * Resolve the connection: the preload bridge when present; else browser mode, signed in by the
 * session cookie (token ''), or by a `?token=` still in the address bar (stripped from it).
 * @param w the window (injectable for tests).
 */
export function readConnection(w: WindowLike): Connection {
  if (w.periscope) {
    return { baseUrl: w.periscope.baseUrl.replace(/\/+$/, ''), token: w.periscope.token, version: w.periscope.version, signedIn: true, expiredLink: false }
  }
  const url = new URL(w.location.href)
  const fromUrl = url.searchParams.get('token')
  const expiredLink = url.searchParams.get('signin') === 'expired'
  if (fromUrl !== null || expiredLink) {
    url.searchParams.delete('token')
    url.searchParams.delete('signin')
    w.history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  const session = w.document?.querySelector('meta[name="periscope-session"]')?.getAttribute('content')
  const signedIn = (fromUrl !== null && fromUrl !== '') || session === 'ok'
  return { baseUrl: w.location.origin, token: fromUrl ?? '', version: '', signedIn, expiredLink }
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
