/**
 * Upstream error classification: every failure talking to an apiserver becomes one
 * `UpstreamError` with a kind, an optional HTTP status and a precise, human-readable message.
 *
 * Why: the cluster list shows "connection refused to 10.0.0.1:6443", not "fetch failed"; the
 * reflector decides relist / backoff / Retry-After from small predicates (client-go's
 * `isExpiredError` shape) instead of parsing messages. Messages never contain credentials: they
 * name hosts, codes and the apiserver's own Status message only.
 */

/** What went wrong, coarse enough to drive policy (cluster status, relist, backoff). */
export type UpstreamErrorKind =
  | 'gone' // 410: the resourceVersion is older than the apiserver's history → relist
  | 'http' // any other non-2xx answer (401, 403, 404, 429, 5xx…)
  | 'network' // refused, reset, unreachable, closed mid-stream
  | 'dns' // the host name does not resolve
  | 'tls' // unknown authority, expired or mismatched certificate, handshake failure
  | 'timeout' // connect or response timeout
  | 'liveness' // a watch went silent for longer than the liveness limit
  | 'malformed' // a response or watch line that is not the JSON it should be
  | 'oversized' // a body larger than its bound (limits.ts): refused while it was read
  | 'exec' // the exec credential plugin failed
  | 'config' // the kubeconfig entry cannot be used (missing file, missing cluster, …)
  | 'aborted' // cancelled by us

/** One classified upstream failure. */
export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind
  /** HTTP status (or the in-stream Status `code`), when there was one. */
  readonly status: number | undefined
  /** For 429 (and 503 with Retry-After): how long the apiserver asked us to wait. */
  readonly retryAfterMs: number | undefined

  constructor(kind: UpstreamErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'UpstreamError'
    this.kind = kind
    this.status = opts.status
    this.retryAfterMs = opts.retryAfterMs
  }
}

/** True for 410 Gone / Expired (HTTP status or in-stream ERROR): the caller must relist. */
export function isGone(err: unknown): boolean {
  return err instanceof UpstreamError && (err.kind === 'gone' || err.status === 410)
}

/** True when the cluster itself is unreachable (its status becomes `offline`, not `error`). */
export function isUnreachable(err: unknown): boolean {
  return err instanceof UpstreamError && (err.kind === 'network' || err.kind === 'dns' || err.kind === 'timeout')
}

/**
 * True when the failure says something about the whole cluster (reachability, TLS, credentials,
 * kubeconfig), as opposed to one resource (403 on one kind, 404, 410, 429, 5xx).
 */
export function isClusterLevel(err: unknown): boolean {
  if (!(err instanceof UpstreamError)) return false
  if (err.kind === 'http') return err.status === 401
  return err.kind !== 'gone' && err.kind !== 'aborted' && err.kind !== 'malformed' && err.kind !== 'liveness' && err.kind !== 'oversized'
}

/**
 * True when the apiserver refused one collection while the cluster itself is fine: a 4xx other
 * than 401 (credentials: the whole cluster), 410 (relist) and 429 (throttling) — typically 403
 * Forbidden (RBAC) or 404 (the resource is not served). Shown as a per-kind problem of an `ok`
 * cluster, never as a dead cluster.
 */
export function isKindLevel(err: unknown): boolean {
  if (!(err instanceof UpstreamError) || err.kind !== 'http' || err.status === undefined) return false
  return err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 410 && err.status !== 429
}

/**
 * True when retrying will not fix it until someone changes something on the cluster: 403
 * Forbidden or 404 not served. Such failures are retried slowly (minutes), never at the backoff.
 */
export function isPermanent(err: unknown): boolean {
  return err instanceof UpstreamError && err.kind === 'http' && (err.status === 403 || err.status === 404)
}

/** Retry-After of a 429, in ms, when the apiserver sent one. */
export function retryAfterMs(err: unknown): number | undefined {
  return err instanceof UpstreamError ? err.retryAfterMs : undefined
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE'
])

interface NodeErrorLike {
  code?: string
  message?: string
  name?: string
  errors?: unknown[]
  hostname?: string
}

/** The first coded error inside an AggregateError (Happy Eyeballs connects) or the error itself. */
function codedError(err: unknown): NodeErrorLike {
  const e = (err ?? {}) as NodeErrorLike
  if (!e.code && Array.isArray(e.errors) && e.errors.length > 0) return codedError(e.errors[0])
  return e
}

/**
 * Classify a socket / TLS / DNS error of a request to `host` (host:port, never a URL with
 * credentials).
 */
export function classifyNetworkError(err: unknown, host: string): UpstreamError {
  if (err instanceof UpstreamError) return err
  const e = codedError(err)
  const code = e.code ?? ''
  const mk = (kind: UpstreamErrorKind, msg: string): UpstreamError => new UpstreamError(kind, msg, { cause: err })
  if (e.name === 'AbortError' || code === 'ABORT_ERR') return mk('aborted', `request to ${host} was cancelled`)
  if (code === 'ECONNREFUSED') return mk('network', `connection refused to ${host}`)
  if (code === 'ENOTFOUND') return mk('dns', `DNS lookup failed for ${hostOnly(host)}: no such host`)
  if (code === 'EAI_AGAIN') return mk('dns', `DNS lookup failed for ${hostOnly(host)}: temporary failure in name resolution`)
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return mk('timeout', `timed out connecting to ${host}`)
  if (code === 'ECONNRESET' || code === 'EPIPE') return mk('network', `connection to ${host} was reset`)
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return mk('network', `${host} is unreachable (no route to host)`)
  if (UNKNOWN_AUTHORITY.has(code)) {
    return mk('tls', `TLS: the certificate of ${host} is signed by an unknown authority (check certificate-authority)`)
  }
  if (code === 'CERT_HAS_EXPIRED') return mk('tls', `TLS: the certificate of ${host} has expired`)
  if (code === 'CERT_NOT_YET_VALID') return mk('tls', `TLS: the certificate of ${host} is not yet valid (check the clock)`)
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return mk('tls', `TLS: the certificate of ${host} does not match its name (check the server URL or tls-server-name)`)
  }
  if (code === 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED') {
    return mk('tls', `TLS: ${host} rejected the client certificate: certificate expired`)
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return mk('tls', `TLS handshake with ${host} failed: ${e.message ?? code}`)
  }
  if (code === 'ENOENT' || code === 'EACCES') return mk('config', `kubeconfig: ${e.message ?? code}`)
  // OpenSSL refused the TLS material itself (client-certificate/key data that is not PEM or not
  // base64, a key that does not match its certificate): a kubeconfig problem, not an outage.
  if (code.startsWith('ERR_OSSL_')) {
    return mk('config', `kubeconfig: the client certificate, key or CA cannot be loaded (not valid PEM/base64, or a mismatched pair): ${e.message ?? code}`)
  }
  const detail = code ? `${code}${e.message ? `: ${e.message}` : ''}` : (e.message ?? String(err))
  return mk('network', `request to ${host} failed: ${detail}`)
}

/** The apiserver's `Status.message`, when the body is a Status object. */
export function statusMessage(body: string): string | undefined {
  try {
    const s = JSON.parse(body) as { kind?: string; message?: unknown }
    return s && s.kind === 'Status' && typeof s.message === 'string' ? s.message : undefined
  } catch {
    return undefined
  }
}

/** Parse a Retry-After header (seconds or an HTTP date) into ms. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (!v) return undefined
  const secs = Number(v)
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000
  const at = Date.parse(v)
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined
}

/**
 * Classify a non-2xx answer.
 * @param what e.g. "list pods" — what we were doing, for the message.
 */
export function httpError(status: number, body: string, host: string, what: string, retryAfter?: string | string[]): UpstreamError {
  const msg = statusMessage(body)
  const tail = msg ? `: ${msg}` : ''
  if (status === 504 && isTooLargeResourceVersion(body)) return tooLargeError(host, msg)
  switch (status) {
    case 401:
      return new UpstreamError('http', `401 Unauthorized from ${host}: token expired or invalid (check the kubeconfig user's credentials)`, { status })
    case 403:
      return new UpstreamError('http', `403 Forbidden: ${msg ?? `not allowed to ${what}`}`, { status })
    case 404:
      return new UpstreamError('http', `404 Not Found: ${what}${tail} (is this API served by ${host}?)`, { status })
    case 410:
      return new UpstreamError('gone', `410 Gone: resource version too old${tail}`, { status })
    case 429: {
      const ms = parseRetryAfter(retryAfter)
      const after = ms === undefined ? '' : `, retry after ${Math.ceil(ms / 1000)} s`
      return new UpstreamError('http', `429 Too Many Requests from ${host}${after}${tail}`, { status, ...(ms === undefined ? {} : { retryAfterMs: ms }) })
    }
    default: {
      const ms = status === 503 ? parseRetryAfter(retryAfter) : undefined
      return new UpstreamError('http', `${status} from ${host} on ${what}${tail}`, { status, ...(ms === undefined ? {} : { retryAfterMs: ms }) })
    }
  }
}

/** An in-stream watch `ERROR` event (its object is a Status) as an error. */
export function watchStatusError(obj: unknown, host: string, what: string): UpstreamError {
  const s = (obj ?? {}) as { code?: unknown; message?: unknown; reason?: unknown }
  const code = typeof s.code === 'number' ? s.code : 500
  const message = typeof s.message === 'string' ? s.message : String(s.reason ?? 'unknown error')
  if (code === 410 || s.reason === 'Expired' || s.reason === 'Gone') {
    return new UpstreamError('gone', `410 Gone in the watch stream: ${message}`, { status: 410 })
  }
  if (code === 504 && isTooLargeResourceVersion(JSON.stringify(obj))) return tooLargeError(host, message)
  return httpError(code, JSON.stringify({ kind: 'Status', message }), host, what)
}

/**
 * True when a Status body is the apiserver's "Too large resource version" (504 Timeout with the
 * cause ResourceVersionTooLarge): it has not reached the version we hold, because it was
 * restarted on a fresh or restored store. Resuming can never catch up; client-go relists.
 */
export function isTooLargeResourceVersion(body: string): boolean {
  try {
    const s = JSON.parse(body) as { message?: unknown; details?: { causes?: { reason?: unknown }[] } }
    if (Array.isArray(s?.details?.causes) && s.details.causes.some((c) => c?.reason === 'ResourceVersionTooLarge')) return true
    return typeof s?.message === 'string' && s.message.includes('Too large resource version')
  } catch {
    return false
  }
}

/** The too-large-version answer as a "must relist" error (kind 'gone', like 410). */
function tooLargeError(host: string, message: string | undefined): UpstreamError {
  return new UpstreamError('gone', `${host} is behind the resource version we hold (restarted or restored apiserver)${message ? `: ${message}` : ''}`, {
    status: 504
  })
}

function hostOnly(hostPort: string): string {
  const i = hostPort.lastIndexOf(':')
  return i > 0 && !hostPort.endsWith(']') ? hostPort.slice(0, i) : hostPort
}

/**
 * True when retrying on its own is likely to succeed (the watch is `reconnecting`); false when
 * someone must fix something first — credentials, RBAC, CA, kubeconfig (the watch is `error`,
 * though it keeps retrying on backoff).
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof UpstreamError)) return true
  switch (err.kind) {
    case 'network':
    case 'dns':
    case 'timeout':
    case 'liveness':
    case 'malformed':
    case 'gone':
    case 'aborted':
      return true
    case 'http':
      return err.status === undefined || err.status >= 500 || err.status === 429
    default:
      return false
  }
}
