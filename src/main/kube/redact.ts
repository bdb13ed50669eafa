/**
 * Redaction of secret-looking text in messages that reach the window, a log or `/debug`.
 *
 * Why: an exec plugin's stderr is the best reason we have for its failure ("token for profile
 * prod expired"), but plugins also print what they were given or fetched: a bearer token, a
 * `password=…`, an AWS key id, a JWT. The first line is shown only after this pass, and cut to a
 * length a sidebar can show. Lifecycle: pure functions.
 */

/** Longest reason shown (characters): one sidebar line, a tooltip at most. */
export const MAX_REASON_CHARS = 200
const REDACTED = '[redacted]'

const PATTERNS: readonly [RegExp, string | ((m: string, ...g: string[]) => string)][] = [
  // JSON Web Tokens (service-account tokens, OIDC id-tokens): three base64url parts, the first "eyJ".
  [/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, (_m, scheme: string) => `${scheme} ${REDACTED}`],
  // name=value, name: value and "name":"value" for secret-sounding names.
  [
    /((?:[\w.-]*?)(?:token|password|passwd|pwd|secret|api[_-]?key|access[_-]?key|credential|session)[\w.-]*)("?\s*[:=]\s*"?)([^\s"',;&}]+)/gi,
    (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`
  ],
  // AWS access key ids.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // Long opaque runs (base64, hex): 32+ characters mixing letters and digits.
  [/[A-Za-z0-9+/=_-]{32,}/g, (m: string) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? REDACTED : m)]
]

/** Replace token-like substrings of `text` with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text
  for (const [re, by] of PATTERNS) out = out.replace(re, by as (m: string, ...g: string[]) => string)
  return out
}

/** A one-line reason: control characters removed, secrets redacted, cut to `max` characters. */
export function shortReason(text: string, max = MAX_REASON_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const clean = redactSecrets(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}
