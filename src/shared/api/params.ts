/**
 * The parameter rules of the local API's routes: what a cluster id, a namespace, an object name
 * and a path segment may be, with the precise message for each violation.
 *
 * Why: the server validates every parameter before a handler runs, and the renderer builds URLs
 * from the same rules, so a name the server refuses is refused for the same reason on both sides
 * (and a round-trip test can hold them to it). Messages never echo more than 80 characters of the
 * value, and never a query string (it may carry the token).
 */

/** Longest request target accepted; routes are short, so anything longer is abuse (414). */
export const MAX_URL_LENGTH = 4096
/** Longest cluster id: far above real context names (EKS ARNs are ~100), bounded for /debug. */
export const MAX_CLUSTER_LENGTH = 253
/** DNS-1123 label, the shape of every namespace name. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
/** DNS-1123 subdomain (≤ 253), the shape of object names (a superset of what most kinds allow). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/

/** A rule's verdict: `undefined` when the value is fine, else why not. */
export type ParamError = string | undefined

/**
 * Rules for one decoded path segment, whatever it holds: no `..` (traversal, even inside a name:
 * `a/../b` decoded from `a%2F..%2Fb`), no NUL or other control character.
 */
export function segmentError(decoded: string): ParamError {
  if (decoded === '.' || decoded.includes('..')) return 'path segments may not contain ".."'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'control character (e.g. NUL) in path'
  return undefined
}

/**
 * A cluster id is a kubeconfig context name, sent as one URL-encoded path segment (so `/`, spaces
 * and any Unicode survive); it must be 1 to MAX_CLUSTER_LENGTH characters and pass the segment
 * rules (a context named with `..` or a control character cannot be addressed).
 */
export function clusterIdError(id: string): ParamError {
  if (id === '' || id.length > MAX_CLUSTER_LENGTH) return `cluster id must be 1 to ${MAX_CLUSTER_LENGTH} characters`
  return segmentError(id)
}

/** A namespace filter: '' (all namespaces) or a DNS-1123 label. */
export function namespaceError(ns: string): ParamError {
  if (ns === '' || DNS1123_LABEL.test(ns)) return undefined
  return `invalid namespace ${JSON.stringify(ns.slice(0, 80))}: must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)`
}

/** An object name: a DNS-1123 subdomain. */
export function objectNameError(name: string): ParamError {
  if (DNS1123_SUBDOMAIN.test(name)) return undefined
  return `invalid object name ${JSON.stringify(name.slice(0, 80))}: must be a DNS-1123 subdomain`
}

/** A container name: '' (the default container) or a DNS-1123 label, as the apiserver requires. */
export function containerNameError(name: string): ParamError {
  if (name === '' || DNS1123_LABEL.test(name)) return undefined
  return `invalid container name ${JSON.stringify(name.slice(0, 80))}: must be a DNS-1123 label`
}

/** A boolean flag: absent, `true` or `false`. */
export function flagError(param: string, value: string | undefined): ParamError {
  return value === undefined || value === 'true' || value === 'false' ? undefined : `${param} must be true or false`
}

/** An optional decimal integer in [min, max]. */
export function intParamError(param: string, value: string | undefined, min: number, max: number): ParamError {
  if (value === undefined) return undefined
  if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) return `${param} must be an integer from ${min} to ${max}`
  return undefined
}
