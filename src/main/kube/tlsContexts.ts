/**
 * One TLS secure context per distinct TLS material (CA, client certificate and key), shared by
 * every connection and every cluster that uses the same material.
 *
 * Why: Node builds a new OpenSSL context for every TLS connection that is not handed one. With
 * thousands of contexts in a kubeconfig (their probes at startup) or watches reconnecting, that
 * is tens of KB of native memory per connection, freed but fragmented: 10,000 probes kept ~180 MB
 * of RSS. Contexts built once per material (many clusters share a CA, or none) cost that once.
 * Lifecycle: a small LRU (MAX_CONTEXTS); a context in use stays alive through its sockets even
 * when the LRU lets go of it.
 */
import { createHash } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import type { SecureContext, SecureContextOptions } from 'node:tls'

/** Distinct TLS materials kept: more clusters than that with different CAs build contexts as before. */
const MAX_CONTEXTS = 256

const contexts = new Map<string, SecureContext>()

type Material = Pick<SecureContextOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase'>

function feed(h: ReturnType<typeof createHash>, v: unknown): void {
  if (v === undefined || v === null) {
    h.update('\u0000-')
    return
  }
  if (Array.isArray(v)) {
    h.update(`\u0000[${v.length}`)
    for (const x of v) feed(h, x)
    return
  }
  if (typeof v === 'string' || Buffer.isBuffer(v)) {
    h.update(`\u0000${v.length}:`)
    h.update(v)
    return
  }
  h.update(`\u0000?${JSON.stringify(v)}`)
}

/** The shared context for `m` (built on first use). */
export function sharedSecureContext(m: Material): SecureContext {
  const h = createHash('sha256')
  for (const v of [m.ca, m.cert, m.key, m.pfx, m.passphrase]) feed(h, v)
  const key = h.digest('hex')
  let ctx = contexts.get(key)
  if (ctx) {
    contexts.delete(key)
    contexts.set(key, ctx) // most recently used last
    return ctx
  }
  ctx = createSecureContext({ ...m })
  contexts.set(key, ctx)
  if (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string)
  return ctx
}
