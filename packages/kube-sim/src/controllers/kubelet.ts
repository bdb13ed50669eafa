/**
 * The simulated kubelet: runs the pods bound to simulated nodes and reports their status.
 *
 * Why: a demo user who scales a deployment or runs a job must see pods go ContainerCreating →
 * Running (or Completed, or crash-loop for the failing images in images.ts) exactly as on a real
 * cluster. It manages only pods the controllers manage (never the generator's, which the churn
 * animates) and only when `spec.nodeName` names a node that exists: a pod bound to an unknown node
 * is left exactly as written, so tests can set any status through `/status`.
 * Lifecycle: started by the manager; a pod gets a runtime (kubeletRuntime.ts) one step after it is
 * first seen bound, then a timer per transition; a deletion timestamp stops its containers
 * (the object itself is removed by graceful deletion, never here); `stop()` drops every runtime.
 */
import type { Controller, Env } from './context.ts'
import { clone, fnv32a, sameJson } from './context.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import type { PodRt } from './kubeletRuntime.ts'
import { advance, newPodRuntime, nextDue, stopAll } from './kubeletRuntime.ts'
import { podPhase, renderPodStatus } from './kubeletStatus.ts'
import { adoptPodRuntime, ranBefore } from './kubeletAdopt.ts'
import { isFinished } from './pods.ts'

interface NodeLike {
  spec?: { podCIDR?: string }
  status?: { addresses?: { type?: string; address?: string }[] }
}

/** A pod IP inside the node's /24 pod CIDR, stable per pod uid. */
function podIpFor(node: NodeLike, uid: string): string {
  const cidr = node.spec?.podCIDR ?? '10.244.0.0/24'
  const base = cidr.split('/')[0].split('.')
  return `${base[0]}.${base[1]}.${base[2]}.${2 + (fnv32a(uid) % 250)}`
}

function hostIpOf(node: NodeLike): string {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? ''
}

/** The kubelet's events for what changed in each container since `before` (runs|state|reason). */
function recordEvents(env: Env, pod: Cached, rt: PodRt, before: string[], host: string): void {
  const on = subject('Pod', 'v1', pod.rec)
  const all = [...rt.init, ...rt.main]
  for (let i = 0; i < all.length; i++) {
    const c = all[i]
    const [runs, state, reason] = before[i].split('|')
    if (c.runs > Number(runs)) {
      env.events.record(on, ['Normal', 'Pulled', `Container image "${c.image}" already present on machine`, 'kubelet'], host)
      env.events.record(on, ['Normal', 'Created', `Created container: ${c.name}`, 'kubelet'], host)
      env.events.record(on, ['Normal', 'Started', `Started container ${c.name}`, 'kubelet'], host)
    } else if (c.reason !== reason || c.state !== state) {
      if (c.reason === 'ErrImagePull') {
        env.events.record(on, ['Normal', 'Pulling', `Pulling image "${c.image}"`, 'kubelet'], host)
        env.events.record(on, ['Warning', 'Failed', `Failed to pull image "${c.image}": ${c.message ?? ''}`, 'kubelet'], host)
        env.events.record(on, ['Warning', 'Failed', 'Error: ErrImagePull', 'kubelet'], host)
      } else if (c.reason === 'ImagePullBackOff') {
        env.events.record(on, ['Normal', 'BackOff', `Back-off pulling image "${c.image}"`, 'kubelet'], host)
        env.events.record(on, ['Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet'], host)
      } else if (c.reason === 'CrashLoopBackOff') {
        env.events.record(on, ['Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${rt.podRef}`, 'kubelet'], host)
      } else if (rt.stopped && state === 'running') {
        env.events.record(on, ['Normal', 'Killing', `Stopping container ${c.name}`, 'kubelet'], host)
      }
    }
  }
}

const nodeNameOf = (c: Cached): string => String((c.obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '')

/** Start the kubelet of every simulated node. */
/** Steps between stopping a deleted pod's containers and removing it (visible Terminating). */
const TERMINATION_SETTLE_STEPS = 3

export function startKubelet(env: Env): Controller {
  const { pods, nodes } = env.informers
  const runtimes = new Map<string, PodRt>()
  const pace = { stepMs: env.stepMs }

  const sync = (key: string): number | undefined => {
    const c = pods.getByKey(key)
    if (!c) return undefined
    const nodeName = nodeNameOf(c)
    const node = nodeName ? nodes.get('', nodeName) : undefined
    if (!node) return undefined
    const meta = c.obj.metadata
    let rt = runtimes.get(c.rec.uid)
    const t = Date.now()
    const clock = env.now()
    if (!rt) {
      // A pod that finished before this kubelet saw it (or was written terminal) stays as it is.
      if (isFinished(c.obj)) return undefined
      const ref = { uid: c.rec.uid, name: c.rec.name, namespace: c.rec.ns }
      const spec = (c.obj.spec as Record<string, unknown>) ?? {}
      const status = c.obj.status as Record<string, unknown> | undefined
      // A pod handed over while running keeps running; a new one starts from its sandbox.
      rt = status && ranBefore(status) ? adoptPodRuntime(ref, spec, status, t, clock, pace) : newPodRuntime(ref, spec, t, clock, pace)
      runtimes.set(c.rec.uid, rt)
    }
    const before = [...rt.init, ...rt.main].map((x) => `${x.runs}|${x.state}|${x.reason}`)
    advance(rt, t, clock, pace)
    if (meta.deletionTimestamp && !rt.stopped) {
      rt.phaseAtStop = podPhase(rt)
      stopAll(rt, clock)
      // As a real kubelet does once every container has stopped: the final DELETE with grace 0
      // (the grace period is an upper bound, not a wait). One step later, so watchers see the
      // Terminating pod with terminated containers first.
      const { ns, name } = { ns: c.rec.ns, name: c.rec.name }
      const done = setTimeout(() => env.remove('pods', ns, name, { gracePeriodSeconds: 0 }), TERMINATION_SETTLE_STEPS * env.stepMs)
      done.unref()
    }
    env.logBook?.observe(
      { uid: c.rec.uid, namespace: c.rec.ns, name: c.rec.name, labels: meta.labels, annotations: meta.annotations, restartPolicy: rt.restartPolicy },
      [...rt.init, ...rt.main].map((x) => ({
        name: x.name,
        image: x.image,
        init: x.init,
        runs: x.runs,
        state: x.state,
        reason: x.reason,
        containerID: x.containerID,
        exitCode: x.exitCode,
        crashes: x.behaviour === 'crash'
      })),
      t,
      Boolean(meta.deletionTimestamp)
    )
    if (rt.sandboxReady && !rt.podIP) rt.podIP = podIpFor(node.obj as NodeLike, c.rec.uid)
    recordEvents(env, c, rt, before, nodeName)
    const prev = (c.obj.status as Record<string, unknown> | undefined) ?? {}
    const status = renderPodStatus(rt, prev, { hostIP: hostIpOf(node.obj as NodeLike) }, clock)
    if (!sameJson(status, prev)) {
      const obj = clone(c.obj)
      obj.status = status
      env.store.update('pods', obj, true)
    }
    const due = nextDue(rt)
    return due === Infinity ? undefined : Math.max(0, due - Date.now())
  }

  const q = env.queue('kubelet', sync)
  const consider = (c: Cached): void => {
    if (!nodeNameOf(c)) return
    const rt = runtimes.get(c.rec.uid)
    if (!rt || (c.obj.metadata.deletionTimestamp && !rt.stopped)) q.add(c.rec.key, env.stepMs)
  }
  const unsubscribe = pods.subscribe((type, cur) => {
    if (type === 'DELETED') {
      runtimes.delete(cur.rec.uid)
      env.logBook?.retire(cur.rec.uid, Date.now())
    } else consider(cur)
  })
  const unsubscribeNodes = nodes.subscribe((type, cur) => {
    if (type !== 'ADDED') return
    for (const p of pods.list()) if (nodeNameOf(p) === cur.rec.name) consider(p)
  })
  for (const p of pods.list()) consider(p)
  return {
    stop: () => {
      unsubscribe()
      unsubscribeNodes()
      q.stop()
      runtimes.clear()
    }
  }
}
