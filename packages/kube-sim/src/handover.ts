/**
 * The handover: what happens to a generated object when someone other than the seeded churn
 * writes it (kubectl, a client, the lifecycle's deletions, a controller).
 *
 * Why: user writes must stick. The churn animates generated objects from its own records; after
 * a foreign write it must either merge onto the object or let it go:
 * - metadata-only edits (labels, annotations) of pods, workloads, and node edits: the churn's
 *   later updates keep them and write only what its kubelet/controllers own (status); a pod so
 *   edited is no longer picked for the churn's random failures and replacements;
 * - a cordon or uncordon: the churn stops (or resumes) placing pods on that node;
 * - a spec change of a Deployment, ReplicaSet or StatefulSet (scale, set image, rollout
 *   restart), or a pod of theirs being deleted, evicted or changed: the whole workload (with its
 *   replicasets and pods) is handed to the simulated controllers, which then scale, roll out,
 *   replace and run it as a cluster would; a DaemonSet pod deleted is replaced by the churn on
 *   its node, and the kubelet ends the old one;
 * - anything deleted is forgotten (a StatefulSet pod's namesake replacement follows).
 * Lifecycle: `startHandover` observes every store commit (recording only); the reactions run on
 * the next turn; `stop()` detaches.
 */
import type { ChurnDriver } from './churn.ts'
import { CHURN_WRITER } from './churn.ts'
import type { Controllers } from './controllers/manager.ts'
import type { KindId } from './kinds.ts'
import { kindDef } from './kinds.ts'
import { sameJson } from './http/writes/objects.ts'
import { normalize } from './validate/normalize.ts'
import type { SimStore } from './store/store.ts'
import type { Rec, StoreEvent } from './store/types.ts'
import type { ChurnSource, KubeObject } from './types.ts'

export interface HandoverDeps {
  readonly store: SimStore
  readonly churn: ChurnSource
  readonly driver: ChurnDriver
  /** Absent when the sim runs without controllers: workloads then stay with the churn. */
  readonly controllers?: Controllers
}

const WORKLOADS = new Set<KindId>(['deployments', 'replicasets', 'statefulsets'])

const specOf = (r: Rec): Buffer => r.json.subarray(r.specStart, r.specEnd)
const sameSpec = (a: Rec, b: Rec): boolean => specOf(a).equals(specOf(b))

/** Start observing foreign writes. */
export function startHandover(d: HandoverDeps): { stop(): void } {
  const { store, churn, driver, controllers } = d
  let pending: StoreEvent[] = []
  let timer: NodeJS.Immediate | undefined
  let stopped = false

  const knows = (kind: KindId, ns: string, name: string): boolean => churn.knows?.(kind, ns, name) === true

  /** Give a Deployment or StatefulSet family to the controllers. @returns false without controllers. */
  const handOver = (kind: KindId, ns: string, name: string): boolean => {
    if (!controllers || !churn.family) return false
    const keys = churn.family(kind, ns, name)
    for (const [k, n, o] of keys) driver.touch(k, n, o, false)
    const top = keys.find(([k]) => k === 'deployments' || k === 'statefulsets')
    // The owner adopts its dependents; if it is already gone (a namespace being emptied), each goes alone.
    if (top && store.get(top[0], top[1], top[2])) controllers.adopt(top[0], top[1], top[2])
    else for (const [k, n, o] of keys) controllers.adopt(k, n, o)
    return keys.length > 0
  }

  const podChanged = (ev: StoreEvent): void => {
    const { ns, name } = ev.cur
    const cur = store.object(ev.cur)
    const prev = ev.prev ? store.object(ev.prev) : undefined
    const deleting = !!cur.metadata.deletionTimestamp && !prev?.metadata.deletionTimestamp
    // Compared as stored by the apiserver (an API write re-encodes the whole object).
    const pod = kindDef('pods')
    const [a, b] = [normalize(pod, cur), prev ? normalize(pod, prev) : undefined]
    const changed = deleting || !b || !sameJson(a.spec, b.spec) || !sameJson(a.status, b.status)
    if (!changed) {
      driver.touch('pods', ns, name, true)
      churn.pin?.(ns, name)
      return
    }
    const owner = cur.metadata.ownerReferences?.find((r) => r.controller === true)
    if (owner && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
      if (handOver(owner.kind === 'ReplicaSet' ? 'replicasets' : 'statefulsets', ns, owner.name)) return
    }
    if (deleting) {
      // The owner's replacement comes from the churn; the kubelet ends the old pod promptly.
      driver.apply(churn.podGone?.(ns, name, false) ?? [])
      controllers?.adopt('pods', ns, name)
    } else churn.forget?.('pods', ns, name)
  }

  const react = (ev: StoreEvent): void => {
    const { ns, name } = ev.cur
    if (ev.kind === 'namespaces') {
      driver.namespaceTerminating(name, ev.type !== 'DELETED' && !!(store.object(ev.cur) as KubeObject).metadata.deletionTimestamp)
      return
    }
    if (ev.type === 'DELETED') {
      if (ev.kind === 'pods') driver.apply(churn.podGone?.(ns, name, true) ?? [])
      else churn.forget?.(ev.kind, ns, name)
      driver.touch(ev.kind, ns, name, false)
      return
    }
    if (!knows(ev.kind, ns, name)) return
    if (ev.kind === 'pods') return podChanged(ev)
    if (ev.kind === 'events') return churn.forget?.('events', ns, name)
    if (ev.kind === 'nodes') {
      driver.touch('nodes', '', name, true)
      churn.nodeChanged?.(name, (store.object(ev.cur).spec as { unschedulable?: boolean } | undefined)?.unschedulable === true)
      return
    }
    if (WORKLOADS.has(ev.kind) && ev.prev && !sameSpec(ev.prev, ev.cur) && handOver(ev.kind, ns, name)) return
    driver.touch(ev.kind, ns, name, true)
  }

  const drain = (): void => {
    timer = undefined
    const batch = pending
    pending = []
    for (const ev of batch) {
      if (stopped) return
      try {
        react(ev)
      } catch (err) {
        console.error(`sim: handover of ${ev.kind} ${ev.cur.key} failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }

  store.onCommit((ev, writer) => {
    if (writer === CHURN_WRITER || stopped) return
    // Only what the churn animates matters, and namespace termination; a deleted pod may be a
    // StatefulSet pod whose namesake the churn still has to create.
    if (ev.kind !== 'namespaces' && !(ev.kind === 'pods' && ev.type === 'DELETED') && !knows(ev.kind, ev.cur.ns, ev.cur.name)) return
    pending.push(ev)
    timer ??= setImmediate(drain)
  })
  return {
    stop: () => {
      stopped = true
      store.onCommit(undefined)
      if (timer) clearImmediate(timer)
      pending = []
    }
  }
}
