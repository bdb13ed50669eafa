/**
 * The demo's custom resources (gen/customResources.ts) put into the store once their CRDs are
 * served: Certificates, Argo CD Applications, Karpenter NodePools and Istio VirtualServices in
 * varied states, so the app's custom-kinds views have something real to show.
 * Lifecycle: one call at start, after the CRD controller registered the demo CRDs. Objects whose
 * namespace or CRD is missing (a trimmed world) are skipped.
 */
import { demoCustomResources } from '../gen/customResources.ts'
import { isCustomKind } from '../kinds.ts'
import type { KindId } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { randomUUID } from 'node:crypto'

/** Namespaces the demo's own workloads live in (system namespaces hold no demo custom resources). */
const SYSTEM = /^(kube-|default$)/

/** Create the demo custom resources in `store`. */
export function loadDemoCustomResources(store: SimStore, seed: number, nowMs = Date.now()): number {
  const namespaces = store
    .list('namespaces')
    .items.map((r) => r.name)
    .filter((n) => !SYSTEM.test(n))
  let n = 0
  for (const { crdName, objects } of demoCustomResources({ seed, namespaces, nowMs })) {
    if (!isCustomKind(crdName)) continue
    for (const o of objects) {
      const obj = o as KubeObject
      obj.metadata.uid ??= randomUUID()
      try {
        store.create(crdName as KindId, obj)
        n++
      } catch {
        // A namespace the trimmed world does not have: skip the object.
      }
    }
  }
  return n
}
