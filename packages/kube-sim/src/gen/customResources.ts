/**
 * Instances of the demo CRDs (`crdKinds.ts`): cert-manager Certificates, Argo CD Applications,
 * Karpenter NodePools and Istio VirtualServices, in the states their controllers leave them.
 *
 * Why: a cluster tool is judged on custom resources as much as on built-in kinds; their printer
 * columns (Ready, Sync Status, Nodes, Hosts…) only say something when the instances vary: a
 * certificate issuing or failing, an application out of sync or degraded, a NodePool whose
 * NodeClass is not ready. Conditions, reasons and messages are the controllers' own texts.
 * Lifecycle: pure and deterministic per seed (own Rng, so the rest of the world's sequence is not
 * disturbed); not wired into the store here (the caller stores them with their CRDs).
 */
import { certificates, applications } from './customResourcesApps.ts'
import { nodePools, virtualServices } from './customResourcesInfra.ts'
import { DEMO_CRDS } from './crdKinds.ts'
import { createRng } from './prng.ts'
import { DAY, HOUR, iso } from './ids.ts'
import type { CrContext } from './customResourcesSupport.ts'

/** A seed offset so the custom resources do not draw the same numbers as the cluster plan. */
const SEED_SALT = 0x5eed_c0de

/**
 * The demo cluster's custom resources, grouped by CRD (`<plural>.<group>`), in the namespaces
 * given (namespaced kinds only use those). About 40 objects at `scale` 1.
 */
export function demoCustomResources(opts: {
  seed: number
  namespaces: readonly string[]
  nowMs: number
  scale?: number
}): { crdName: string; objects: Record<string, unknown>[] }[] {
  const rng = createRng((opts.seed ^ SEED_SALT) >>> 0)
  const scale = opts.scale ?? 1
  const namespaces = opts.namespaces.length > 0 ? opts.namespaces : ['default']
  const crdAge = new Map(DEMO_CRDS.map((d) => [d.kind, d.ageDays * DAY]))
  const ctx: CrContext = {
    rng,
    nowMs: opts.nowMs,
    namespaces,
    count: (n) => Math.max(1, Math.round(n * scale)),
    meta(kind, name, namespace, agoMs, extra = {}) {
      // Never older than the CRD that defines the kind (crdObjects creates it ageDays ago).
      const ago = Math.min(agoMs, (crdAge.get(kind) ?? agoMs) - HOUR)
      return {
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        uid: rng.uuid(),
        creationTimestamp: iso(opts.nowMs - ago),
        ...extra
      }
    }
  }
  const builders: Record<string, (c: CrContext) => Record<string, unknown>[]> = {
    Certificate: certificates,
    Application: applications,
    NodePool: nodePools,
    VirtualService: virtualServices
  }
  return DEMO_CRDS.map((d) => {
    const objects = builders[d.kind](ctx).map((o) => ({ apiVersion: `${d.group}/${d.version}`, kind: d.kind, ...o }))
    return { crdName: `${d.plural}.${d.group}`, objects }
  })
}
