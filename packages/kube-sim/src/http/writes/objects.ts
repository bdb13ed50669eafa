/**
 * Shaping a request body into the object the store will hold: the checks of identity (kind,
 * apiVersion, namespace, name against the URL) and the server-owned fields a write may not set.
 *
 * Why: the apiserver refuses a body for another kind or namespace with 400 BadRequest and
 * decides `status` and system metadata itself; these rules are shared by create and update.
 */
import { groupVersion } from '../../kinds.ts'
import type { KindDef } from '../../kinds.ts'
import { isObject } from '../../patch/json.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'

/**
 * Check that `body` is an object of `kind` for namespace `ns`, filling kind, apiVersion and the
 * namespace when absent. @throws StoreError 400 BadRequest.
 */
export function asObject(kind: KindDef, body: unknown, ns: string): KubeObject {
  if (!isObject(body)) throw new StoreError(400, 'BadRequest', `the request body must be a JSON object of kind ${kind.kind}`)
  const gv = groupVersion(kind)
  if (body.apiVersion !== undefined && body.apiVersion !== gv) {
    throw new StoreError(400, 'BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`)
  }
  if (body.kind !== undefined && body.kind !== kind.kind) {
    throw new StoreError(
      400,
      'BadRequest',
      `${String(body.kind)} in version "${kind.version}" cannot be handled as a ${kind.kind}: the kind in the data (${String(body.kind)}) does not match the expected kind (${kind.kind})`
    )
  }
  const metadata = isObject(body.metadata) ? { ...body.metadata } : {}
  if (kind.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== ns) {
      throw new StoreError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request')
    }
    metadata.namespace = ns
  } else delete metadata.namespace
  return { ...body, kind: kind.kind, apiVersion: gv, metadata } as KubeObject
}

/** A pod's QoS class from its containers' requests and limits (k8s qos.GetPodQOS, simplified). */
export function qosClass(spec: unknown): string {
  const cs = isObject(spec) && Array.isArray(spec.containers) ? spec.containers : []
  let any = false
  let guaranteed = cs.length > 0
  for (const c of cs) {
    const r = isObject(c) && isObject(c.resources) ? c.resources : {}
    const req = isObject(r.requests) ? r.requests : {}
    const lim = isObject(r.limits) ? r.limits : {}
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true
    for (const res of ['cpu', 'memory']) {
      if (lim[res] === undefined || (req[res] !== undefined && req[res] !== lim[res])) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

/** Deep equality of parsed JSON (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]))
  }
  return false
}
