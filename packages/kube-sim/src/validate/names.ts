/**
 * Object-name rules per kind, with the apiserver's exact messages.
 *
 * Why: `kubectl create` of a bad name must print the same `Invalid value` line a real cluster
 * prints. Namespaces are DNS-1123 labels, Services DNS-1035 labels, every other kind here a
 * DNS-1123 subdomain (k8s.io/apimachinery/pkg/util/validation, v1.33).
 */
import type { KindId } from '../kinds.ts'

/** Longest DNS-1123 label / DNS-1035 label (RFC 1123 §2.1). */
const LABEL_MAX = 63
/** Longest DNS-1123 subdomain (RFC 1123). */
const SUBDOMAIN_MAX = 253

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?'
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`
const LABEL_RE = new RegExp(`^${LABEL_FMT}$`)
const DNS1035_RE = new RegExp(`^${DNS1035_FMT}$`)
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`)

/** Messages of a DNS-1123 label; empty when valid. */
export function dns1123Label(v: string): string[] {
  const out: string[] = []
  if (v.length > LABEL_MAX) out.push(`must be no more than ${LABEL_MAX} characters`)
  if (!LABEL_RE.test(v)) {
    out.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL_FMT}')`
    )
  }
  return out
}

/** Messages of a DNS-1035 label; empty when valid. */
export function dns1035Label(v: string): string[] {
  const out: string[] = []
  if (v.length > LABEL_MAX) out.push(`must be no more than ${LABEL_MAX} characters`)
  if (!DNS1035_RE.test(v)) {
    out.push(
      `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_FMT}')`
    )
  }
  return out
}

/** Messages of a DNS-1123 subdomain; empty when valid. */
export function dns1123Subdomain(v: string): string[] {
  const out: string[] = []
  if (v.length > SUBDOMAIN_MAX) out.push(`must be no more than ${SUBDOMAIN_MAX} characters`)
  if (!SUBDOMAIN_RE.test(v)) {
    out.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN_FMT}')`
    )
  }
  return out
}

/**
 * `path.IsValidPathSegmentName` (apimachinery/pkg/api/validation/path): the name rule of the RBAC
 * kinds (`ValidateRBACName`), whose bootstrap names hold colons (`system:controller:…`).
 */
export function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`]
  const out: string[] = []
  for (const bad of ['/', '%']) if (v.includes(bad)) out.push(`may not contain '${bad}'`)
  return out
}

const RBAC_NAMES: ReadonlySet<string> = new Set(['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'])

/** The name rule of a kind. */
export function nameRule(kind: KindId): (v: string) => string[] {
  if (RBAC_NAMES.has(kind)) return pathSegmentName
  if (kind === 'namespaces') return dns1123Label
  if (kind === 'services') return dns1035Label
  return dns1123Subdomain
}
