/**
 * Mapping an apiserver path to a kind, namespace and name.
 *
 * Why: the 22 kinds live at their real paths (`/api/v1/...` for the core group,
 * `/apis/<group>/<version>/...` otherwise), namespaced (`/namespaces/<ns>/<resource>`), across all
 * namespaces (`/<resource>`) or cluster-scoped. Derived from the kinds registry, so a new kind
 * needs no edit here. `/api/v1/namespaces/<name>` is the Namespace object itself.
 */
import { KINDS, customKinds } from '../kinds.ts'
import type { KindDef } from '../kinds.ts'
import { VERSION_VIEWS } from './versions.ts'
import type { VersionView } from './versions.ts'

export interface ResourceRoute {
  readonly kind: KindDef
  /** The namespace in the path, if any (never set for cluster-scoped kinds). */
  readonly namespace?: string
  /** The object name for a single-object request. */
  readonly name?: string
  /** `status`, `scale` (deployments, statefulsets, replicasets) or a pod subresource (`eviction`, `exec`, …). */
  readonly subresource?: string
  /** Set when the path is another served version of the stored kind (`kind` is then that version's). */
  readonly view?: VersionView
}

/** Pod subresources served besides `status` (see discovery.ts). */
export const POD_SUBRESOURCES: ReadonlySet<string> = new Set(['binding', 'eviction', 'exec', 'attach', 'portforward'])

const BY_GVR = new Map<string, KindDef>(KINDS.map((k) => [`${k.apiGroup}/${k.version}/${k.resource}`, k]))

/** Split and URL-decode a path; undefined when a segment is not decodable. */
function segments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s))
  } catch {
    return undefined
  }
}

/**
 * Resolve a request path to a resource route.
 * @returns undefined for any path that is not one of the registry's collections or objects.
 */
export function resolveRoute(path: string): ResourceRoute | undefined {
  const segs = segments(path)
  if (!segs) return undefined
  let group: string
  let version: string
  let rest: string[]
  if (segs[0] === 'api' && segs.length >= 3) {
    group = ''
    version = segs[1]
    rest = segs.slice(2)
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1]
    version = segs[2]
    rest = segs.slice(3)
  } else {
    return undefined
  }
  let namespace: string | undefined
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]
    rest = rest.slice(2)
  }
  const [resource, name, subresource, ...extra] = rest
  if (extra.length > 0) return undefined
  const view = VERSION_VIEWS.get(`${group}/${version}/${resource}`)
  const kind =
    view?.def ??
    BY_GVR.get(`${group}/${version}/${resource}`) ??
    customKinds().find((k) => k.apiGroup === group && k.version === version && k.resource === resource)
  if (!kind) return undefined
  if (namespace !== undefined && !kind.namespaced) return undefined
  if (
    subresource !== undefined &&
    !((subresource === 'status' && kind.status) || (subresource === 'scale' && kind.scale) || (kind.id === 'pods' && POD_SUBRESOURCES.has(subresource)))
  )
    return undefined
  return view ? { kind, namespace, name, subresource, view } : { kind, namespace, name, subresource }
}
