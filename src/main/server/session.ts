/**
 * Browser mode's session cookie: the `?token=` of the sign-in URL, swapped for an HttpOnly,
 * SameSite=Strict cookie at the first page load.
 *
 * Why: a token in a URL ends up in history, screenshots and (without care) Referer headers, and a
 * token in sessionStorage is readable by any script in the page. So the server answers the page
 * `/?token=<t>` with a redirect to the clean URL that sets a per-launch cookie, and from then on
 * the page (fetch, EventSource: same-origin requests carry cookies) authenticates by cookie.
 * HttpOnly keeps scripts away from it; SameSite=Strict keeps it off every cross-site request
 * (with the Origin check, no other site can use it). Cookies ignore ports, so the name carries
 * the port: two instances on 127.0.0.1 never overwrite each other's cookie. The cookie value is
 * random per launch and per token (never the token itself), compared in constant time.
 * Lifecycle: made once per server (after listen, for the port); nothing is stored per browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** Cookie values are this many random bytes (256 bits, like the token). */
const COOKIE_BYTES = 32
/** A Cookie header longer than this is not looked at (ours is ~70 characters). */
const MAX_COOKIE_HEADER = 8 * 1024

export interface SessionCookies {
  /** `periscope_session_<port>`. */
  readonly name: string
  /** The cookie value that stands for `token`, or undefined for an unknown token. */
  valueFor(token: string): string | undefined
  /** The actor of the request's session cookie, or null. Constant-time per known value. */
  actorOf(headers: IncomingHttpHeaders): string | null
  /** The `Set-Cookie` header value that signs a browser in with `value`. */
  setCookie(value: string): string
}

/**
 * Cookies for every token the server accepts.
 * @param tokens token → actor (the launch token and browser-mode tokens).
 */
export function createSessionCookies(tokens: ReadonlyMap<string, string>, port: number, tls: boolean): SessionCookies {
  const name = `periscope_session_${port}`
  const byToken = new Map<string, string>()
  const actors: [Buffer, string][] = []
  for (const [token, actor] of tokens) {
    const value = randomBytes(COOKIE_BYTES).toString('base64url')
    byToken.set(token, value)
    actors.push([Buffer.from(value), actor])
  }
  return {
    name,
    valueFor: (token) => byToken.get(token),
    actorOf(headers) {
      const presented = cookieValue(headers.cookie, name)
      if (presented === undefined) return null
      const p = Buffer.from(presented)
      let actor: string | null = null
      for (const [v, a] of actors) {
        const eq = p.length === v.length && timingSafeEqual(p, v)
        if (eq && actor === null) actor = a
      }
      return actor
    },
    setCookie: (value) => `${name}=${value}; Path=/; HttpOnly; SameSite=Strict${tls ? '; Secure' : ''}`
  }
}

/** The value of cookie `name` in a Cookie header (or headers), or undefined. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header
  if (!text || text.length > MAX_COOKIE_HEADER) return undefined
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}
