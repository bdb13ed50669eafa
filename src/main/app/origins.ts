/**
 * URL decisions of the shell: "is this the app's own origin?" and "may this link leave the app?".
 *
 * Why: navigation, IPC senders and external links are all judged by origin, and the classic bug is
 * a prefix compare (`http://127.0.0.1:4000.evil.com` starts with `http://127.0.0.1:4000`). Every
 * check here parses with `new URL` and compares the serialized origin exactly.
 * Lifecycle: pure functions, no state.
 */

/**
 * Hosts whose `https:` pages may be opened in the system browser from the app (documentation and
 * the project's home). Exact host or a subdomain of it; everything else is refused.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['kubernetes.io', 'github.com', 'electronjs.org']

/** The origin of `url`, or null when it does not parse or has no (tuple) origin. */
export function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin
    return o === 'null' ? null : o
  } catch {
    return null
  }
}

/**
 * True when `url` is on exactly `appOrigin` (scheme, host and port). `file:`, `javascript:`,
 * `data:`, other ports and look-alike hosts are all false.
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin
}

/**
 * True when `url` may be handed to the system browser: `https:`, no credentials, default port,
 * and a host on `EXTERNAL_HOSTS` (or a subdomain of one).
 */
export function isAllowedExternal(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false
  const host = u.hostname.toLowerCase()
  return hosts.some((h) => host === h || host.endsWith(`.${h}`))
}
