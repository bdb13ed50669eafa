/**
 * A request's authorization attributes, derived from its method, path and query exactly as the
 * apiserver's `RequestInfoFactory` (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go) does.
 *
 * Why: the authorizer must see what the real one sees, including the corners RBAC rules depend
 * on: `GET` of a collection is `list` (or `watch` with `?watch=true`), `DELETE` of one is
 * `deletecollection`, a `metadata.name=` field selector names the object (so `resourceNames`
 * rules cover such a list or watch), `/api/v1/namespaces/x` has namespace `x`, and any path
 * outside `/api/<v>/…` and `/apis/<g>/<v>/…` is a non-resource request whose verb is the
 * lowercased method. Pure; the path need not be one the simulator serves (authorization comes
 * before the 404).
 */
import { queryBool } from '../http/params.ts'
import type { Attributes } from './types.ts'

/** `namespaceSubresources`: after `namespaces/<name>` these stay subresources of the Namespace. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])
const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }

/** The single name a field selector requires (`metadata.name=x` or `metadata.name==x`), if any. */
function exactName(fieldSelector: string | null): string | undefined {
  if (!fieldSelector) return undefined
  for (const term of fieldSelector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term)
    // IsValidPathSegmentName: no '/', no '%', not '.' or '..'.
    if (m && m[1] !== '' && !/[/%]/.test(m[1]) && m[1] !== '.' && m[1] !== '..') return m[1]
  }
  return undefined
}

/** Split a path into its decoded, non-empty segments ('' segments dropped, as the apiserver's `splitPath`). */
function splitPath(path: string): string[] {
  return path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    })
}

/** The authorization attributes of one request. */
export function requestAttributes(method: string, url: URL): Attributes {
  const parts = splitPath(url.pathname)
  const nonResource = (): Attributes => ({ resourceRequest: false, verb: method.toLowerCase(), path: url.pathname })
  let apiGroup = ''
  let apiVersion: string
  let rest: string[]
  if (parts[0] === 'api' && parts.length >= 3) {
    apiVersion = parts[1]
    rest = parts.slice(2)
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1]
    apiVersion = parts[2]
    rest = parts.slice(3)
  } else {
    return nonResource()
  }
  let verb = METHOD_VERBS[method] ?? method.toLowerCase()
  let namespace = ''
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2)
  }
  const resource = rest[0] ?? ''
  let name = rest[1] ?? ''
  const subresource = rest[2] ?? ''
  if (name === '' && verb === 'get') {
    verb = queryBool(url.searchParams, 'watch') === true ? 'watch' : 'list'
    name = exactName(url.searchParams.get('fieldSelector')) ?? ''
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection'
  return { resourceRequest: true, verb, apiGroup, apiVersion, resource, subresource, namespace, name }
}
