/**
 * List continue tokens in the apiserver's own format.
 *
 * Why: clients treat the token as opaque, but matching the real shape (base64url, no padding, of
 * `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}`) keeps tools that peek at it honest.
 * A malformed token is a 400 "continue key is not valid: …" exactly like the apiserver; an expired
 * one is decided by the store (410 Expired).
 */
import { StoreError } from './types.ts'

const VERSION = 'meta.k8s.io/v1'

/** Encode the token for the page that starts strictly after `lastKey`, at list version `rv`. */
export function encodeContinue(lastKey: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: VERSION, rv, start: `${lastKey}\u0000` })).toString('base64url')
}

/**
 * Decode a continue token.
 * @returns the key to start from (inclusive) and the list's resourceVersion.
 * @throws StoreError 400 BadRequest for anything that is not a token this server made.
 */
export function decodeContinue(token: string): { start: string; rv: number } {
  const invalid = (why: string): StoreError => new StoreError(400, 'BadRequest', `continue key is not valid: ${why}`)
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(token)) throw invalid('illegal base64 data')
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    throw invalid('invalid character in encoded token')
  }
  const t = parsed as { v?: unknown; rv?: unknown; start?: unknown } | null
  if (!t || typeof t !== 'object' || t.v !== VERSION) throw invalid('server does not recognize this encoded version')
  if (typeof t.rv !== 'number' || !Number.isInteger(t.rv) || t.rv <= 0) {
    throw invalid(`incorrect encoded start resourceVersion (version ${VERSION})`)
  }
  if (typeof t.start !== 'string' || t.start === '') throw invalid(`encoded start key empty (version ${VERSION})`)
  return { start: t.start, rv: t.rv }
}
