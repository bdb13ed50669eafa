/**
 * A minimal EndpointSlice controller for the Services the controllers manage (created through
 * the API, or handed over with their workload): one or more `discovery.k8s.io/v1` slices per
 * Service listing the IP of every selected pod that has one and is not finished, with the
 * controller's conditions (`ready` = serving and not terminating).
 *
 * Why: `kubectl expose` then `kubectl describe service` must show endpoints that follow the pods
 * as they start, become ready, scale and go away. Generated Services keep their churn-maintained
 * slices until handed over. Not modelled: topology hints, dual-stack, per-port slices for pods
 * whose named ports differ, endpoints for pods without a selector.
 * Lifecycle: started by the manager; a Service is reconciled one step after it changes or a pod
 * in its namespace does; `stop()` ends it.
 */
import type { KubeObject } from '../types.ts'
import { parseLabelSelector, matchLabels } from '../store/selectors.ts'
import type { LabelReq } from '../store/types.ts'
import type { Controller, Env } from './context.ts'
import { clone, isoAt, sameJson } from './context.ts'

const MANAGED_BY = 'endpointslice-controller.k8s.io'
/** When the pod or Service change the slice reflects happened (the controller's annotation). */
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time'
/** Endpoints per slice (the controller's default maxEndpointsPerSlice). */
const MAX_PER_SLICE = 100

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})

interface PortSpec {
  name?: string
  port?: number
  targetPort?: unknown
  protocol?: string
  appProtocol?: string
}

/** The slice ports of a Service for a pod (named target ports resolved against its containers). */
function portsFor(ports: PortSpec[], pod: KubeObject | undefined): Obj[] {
  const containers = (obj(pod?.spec).containers as { ports?: { name?: string; containerPort?: number }[] }[] | undefined) ?? []
  return ports
    .map((p) => {
      let port: unknown = p.targetPort ?? p.port
      if (typeof port === 'string') port = containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === port)?.containerPort
      const out: Obj = { name: p.name ?? '', port, protocol: p.protocol ?? 'TCP' }
      if (p.appProtocol) out.appProtocol = p.appProtocol
      return out
    })
    .filter((p) => typeof p.port === 'number')
}

/** Start the EndpointSlice controller. */
export function startEndpointSliceController(env: Env): Controller {
  const { services } = env.informers
  /** Namespace → keys of managed Services with a selector, and their parsed selectors. */
  const byNs = new Map<string, Map<string, LabelReq[]>>()

  const sync = (key: string): undefined => {
    const svc = services.getByKey(key)
    if (!svc || svc.obj.metadata.deletionTimestamp) return undefined
    const spec = obj(svc.obj.spec)
    const selector = obj(spec.selector) as Record<string, string>
    if (Object.keys(selector).length === 0 || spec.type === 'ExternalName') return undefined
    const ns = svc.rec.ns
    const name = svc.rec.name
    const pods = env.store
      .list('pods', { namespace: ns })
      .items.filter((r) => Object.entries(selector).every(([k, v]) => r.labels[k] === v))
      .map((r) => env.store.object(r))
      .filter((p) => (obj(p.status).podIP as string | undefined) && !['Succeeded', 'Failed'].includes(String(obj(p.status).phase)))
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
    const endpoints = pods.map((p) => {
      const conds = (obj(p.status).conditions as { type?: string; status?: string }[] | undefined) ?? []
      const serving = conds.some((c) => c.type === 'Ready' && c.status === 'True')
      const terminating = !!p.metadata.deletionTimestamp
      const node = String(obj(p.spec).nodeName ?? '')
      const ep: Obj = { addresses: [obj(p.status).podIP], conditions: { ready: serving && !terminating, serving, terminating } }
      if (node) ep.nodeName = node
      ep.targetRef = { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid }
      return ep
    })
    const ports = portsFor((spec.ports as PortSpec[] | undefined) ?? [], pods[0])
    const existing = env.store
      .list('endpointslices', { namespace: ns, labelSelector: `kubernetes.io/service-name=${name}` })
      .items.map((r) => env.store.object(r))
      .filter((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === MANAGED_BY)
    const chunks = Math.max(1, Math.ceil(endpoints.length / MAX_PER_SLICE))
    for (let i = 0; i < chunks; i++) {
      const eps = endpoints.slice(i * MAX_PER_SLICE, (i + 1) * MAX_PER_SLICE)
      const want = { endpoints: eps.length > 0 ? eps : null, ports: ports.length > 0 ? ports : null }
      const cur = existing[i]
      // The Service's own labels are copied onto its slices (beside the two the controller owns).
      const labels = { ...(svc.obj.metadata.labels ?? {}), 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY }
      const triggered = { [TRIGGER_TIME]: isoAt(env.now()) }
      if (cur) {
        if (sameJson({ endpoints: cur.endpoints ?? null, ports: cur.ports ?? null }, want) && sameJson(cur.metadata.labels ?? {}, labels)) continue
        const next = clone(cur)
        Object.assign(next, want)
        next.metadata.labels = labels
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...triggered }
        env.store.update('endpointslices', next)
      } else {
        env.create('endpointslices', {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          addressType: 'IPv4',
          ...want,
          metadata: {
            generateName: `${name}-`,
            namespace: ns,
            labels,
            annotations: triggered,
            ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.rec.uid, controller: true, blockOwnerDeletion: true }]
          }
        })
      }
    }
    for (const extra of existing.slice(chunks)) env.remove('endpointslices', ns, extra.metadata.name ?? '')
    return undefined
  }

  const q = env.queue('endpointslice', sync)
  const index = (key: string, ns: string, o: KubeObject | undefined): void => {
    const m = byNs.get(ns) ?? new Map<string, LabelReq[]>()
    const sel = obj(o?.spec).selector as Record<string, string> | undefined
    if (o && sel && Object.keys(sel).length > 0)
      m.set(
        key,
        parseLabelSelector(
          Object.entries(sel)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        )
      )
    else m.delete(key)
    if (m.size > 0) byNs.set(ns, m)
    else byNs.delete(ns)
  }
  const unsub = services.subscribe((type, cur) => {
    index(cur.rec.key, cur.rec.ns, type === 'DELETED' ? undefined : cur.obj)
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  for (const s of services.list()) {
    index(s.rec.key, s.rec.ns, s.obj)
    q.add(s.rec.key, env.stepMs)
  }
  // Any pod change in a namespace with managed Services: the selecting ones reconcile (one map lookup otherwise).
  const pods = env.store.watch('pods', {}, env.store.currentRv(), (_type, rec) => {
    const m = byNs.get(rec.ns)
    if (!m) return
    for (const [key, sel] of m) if (matchLabels(sel, rec.labels)) q.add(key, env.stepMs)
  })
  return {
    stop: () => {
      unsub()
      pods.cancel()
      q.stop()
      byNs.clear()
    }
  }
}
