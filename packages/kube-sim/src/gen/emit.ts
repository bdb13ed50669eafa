/**
 * `generateCluster`: the planned topology turned into create ops, in dependency order.
 *
 * Why: the store applies ops in order, so namespaces and nodes come first and every owner comes
 * before what it owns (deployment → replicaset → pod, cronjob → job → pod, service → slice).
 * Static kinds (services, slices, ingresses, policies, storage, HPAs, PDBs) are built here;
 * evolving kinds keep their records in the world for the churn.
 */
import { setFlagsFromString } from 'node:v8'
import type { KubeObject, SimWriteOp } from '../types.ts'
import type { KindId } from '../kinds.ts'
import type { EventRec, ServiceRec, World } from './world.ts'
import type { WorkloadRec } from './workloads.ts'
import type { Plan } from './plan.ts'
import { createRng, type Rng } from './prng.ts'
import { planCluster } from './plan.ts'
import { podObject } from './podObject.ts'
import { registerWorld } from './world.ts'
import { DAY, eventName, HOUR, MINUTE, SECOND } from './ids.ts'
import { ingressClasses, namespaceObj, nodeObj, priorityClasses, runtimeClasses, storageClasses } from './infra.ts'
import { cronJobObj, daemonSetObj, deploymentObj, hpaObj, jobObj, pdbObj, replicaSetObj, selectorOf, statefulSetObj } from './workloads.ts'
import { endpointOf, endpointSliceObj, ingressObj, networkPolicyObj, serviceObj, type EndpointRef, type ServiceType } from './network.ts'
import { pvcObj, pvObj } from './storage.ts'
import { eventObj, podEventLines } from './events.ts'
import { configObjects } from './configKinds.ts'
import { crdObjects } from './crdKinds.ts'
import { controlPlaneLeases, kubernetesService, leaseRenewMs, namespaceDefaults, nodeLeaseObj, unschedulableMessage, workloadSupport } from './support.ts'

/** Share of plain-Running pods that still have a recent event (probe failures, pulls). */
const RUNNING_EVENT_SHARE = 0.05
/** At most this many events per pod (the most recent ones). */
const EVENTS_PER_POD = 4
/** Mixed into the seed for the config kinds' random stream (any constant; see emitCluster). */
const CONFIG_SEED_SALT = 0x0c0f19
/** Endpoints per slice, as the endpointslice controller caps them. */
const SLICE_SIZE = 100

let pretenuringOff = false

/**
 * Why: generation retains every object it builds, so V8's allocation-site pretenuring learns to
 * allocate the builders' literals straight into old space; the churn then reuses the same builders
 * for short-lived objects, and their garbage needs full mark-compacts of the whole store (measured:
 * churn 3x slower at 10k pods). Turning pretenuring off before the first generation keeps churn
 * garbage in the young generation. It is a process-wide V8 flag, set once.
 */
function avoidPretenuring(): void {
  if (pretenuringOff) return
  setFlagsFromString('--no-allocation-site-pretenuring')
  pretenuringOff = true
}

/** Options of one generation. */
export interface EmitOptions {
  readonly seed: number
  readonly pods: number
  readonly now: number
}

function podEvents(rng: Rng, plan: Plan, now: number, unschedulable: string): EventRec[] {
  const out: EventRec[] = []
  for (const p of plan.pods) {
    const plain = p.state === 'Running' || p.state === 'Completed'
    if (plain && now - p.createdMs > HOUR && !rng.chance(RUNNING_EVENT_SHARE)) continue
    const lines = podEventLines(p.state, `${p.namespace}/${p.name}`, p.node?.name ?? '', p.tpl.main.image, p.tpl.main.name, unschedulable).slice(
      -EVENTS_PER_POD
    )
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      const repeated = line[0] === 'Warning' && i === lines.length - 1
      const first = Math.min(now, p.createdMs + (i + 1) * SECOND)
      out.push({
        namespace: p.namespace,
        name: eventName(p.name, first, rng.int(1_000_000)),
        host: p.node?.name,
        line,
        on: {
          kind: 'Pod',
          apiVersion: 'v1',
          namespace: p.namespace,
          name: p.name,
          fieldPath: line[3] === 'kubelet' ? `spec.containers{${p.tpl.main.name}}` : undefined
        },
        count: repeated ? rng.range(2, 60) : 1,
        firstMs: first,
        lastMs: repeated ? now - rng.range(5, 300) * SECOND : first
      })
    }
  }
  for (const n of plan.nodes) {
    if (!n.ready || n.cordoned) {
      const line = n.ready
        ? (['Normal', 'NodeNotSchedulable', `Node ${n.name} status is now: NodeNotSchedulable`, 'kubelet'] as const)
        : (['Normal', 'NodeNotReady', `Node ${n.name} status is now: NodeNotReady`, 'node-controller'] as const)
      out.push({
        namespace: 'default',
        name: eventName(n.name, now - 7 * MINUTE, rng.int(1_000_000)),
        host: n.name,
        line,
        count: 1,
        firstMs: now - 7 * MINUTE,
        lastMs: now - 7 * MINUTE,
        on: { kind: 'Node', apiVersion: 'v1', namespace: '', name: n.name }
      })
    }
  }
  return out
}

/** Generate the create ops of a whole demo cluster and register its world for the churn. */
export function emitCluster(o: EmitOptions): SimWriteOp[] {
  avoidPretenuring()
  const rng = createRng(o.seed)
  const now = o.now
  const plan = planCluster(rng, Math.max(0, Math.floor(o.pods)), now)
  const ops: SimWriteOp[] = []
  const add = (kind: KindId, object: KubeObject): void => {
    ops.push({ op: 'create', kind, object })
  }
  const clusterBirth = now - 210 * DAY

  const unschedulable = unschedulableMessage(plan.nodes)
  for (const ns of plan.namespaces)
    add('namespaces', namespaceObj(ns.name, ns.createdMs, ns.system ? {} : { 'istio-injection': 'enabled', team: ns.name.split('-')[0] }))
  for (const ns of plan.namespaces) for (const d of namespaceDefaults(ns.name, ns.createdMs + SECOND)) add(d.kind, d.object)
  for (const n of plan.nodes) add('nodes', nodeObj(n))
  for (const n of plan.nodes) add('leases', nodeLeaseObj(n, leaseRenewMs(n, now)))
  const controlPlanes = plan.nodes.filter((n) => n.role === 'control-plane')
  for (const l of controlPlaneLeases(controlPlanes[0]?.name ?? 'control-plane-1', clusterBirth, now)) add('leases', l)
  for (const o of kubernetesService(controlPlanes, clusterBirth)) add(o.kind === 'Service' ? 'services' : 'endpointslices', o)
  // Each workload's ServiceAccount, ConfigMap and Secret (once per namespace and app).
  const supported = new Set<string>()
  for (const w of [...plan.deployments, ...plan.statefulSets, ...plan.daemonSets, ...plan.cronJobs.map((c) => c.rec)]) {
    const key = `${w.namespace}/${w.tpl.app}`
    if (supported.has(key)) continue
    supported.add(key)
    for (const o of workloadSupport(w.namespace, w.tpl, w.createdMs - MINUTE)) add(o.kind, o.object)
  }
  // Their own random stream, so the objects generated before this kind existed keep their names.
  for (const c of configObjects(createRng(o.seed ^ CONFIG_SEED_SALT), plan, now)) add(c.kind, c.object)
  for (const crd of crdObjects(now)) add('customresourcedefinitions', crd)
  for (const pc of priorityClasses(clusterBirth)) add('priorityclasses', pc)
  for (const rc of runtimeClasses(clusterBirth)) add('runtimeclasses', rc)
  for (const sc of storageClasses(clusterBirth)) add('storageclasses', sc)
  for (const ic of ingressClasses(clusterBirth)) add('ingressclasses', ic)

  for (let i = 0; i < plan.deployments.length; i++) add('deployments', deploymentObj(plan.deployments[i], now))
  for (const rs of plan.oldReplicaSets) add('replicasets', replicaSetObj(rs))
  for (const rs of plan.replicaSets) add('replicasets', replicaSetObj(rs))
  for (const s of plan.statefulSets) add('statefulsets', statefulSetObj(s))
  for (const d of plan.daemonSets) add('daemonsets', daemonSetObj(d))
  for (const c of plan.cronJobs) {
    const active = c.jobs.filter((j) => !j.outcome).map((j) => j.name)
    const done = c.jobs.filter((j) => j.outcome === 'Complete')
    const lastDone = done.length > 0 ? Math.min(now, done[done.length - 1].createdMs + SECOND + 3 * MINUTE) : undefined
    add('cronjobs', cronJobObj(c.rec, c.schedule, active, c.jobs[c.jobs.length - 1]?.createdMs ?? now - HOUR, lastDone))
  }
  for (const j of plan.jobs) add('jobs', jobObj(j, now))
  for (const p of plan.pods) add('pods', podObject(p, now, unschedulable))

  // Storage: one bound claim per statefulset pod, plus a few pending claims, released and available volumes.
  for (const p of plan.pods) {
    if (p.owner.kind !== 'StatefulSet') continue
    const pv = `pvc-${rng.uuid()}`
    add('pvs', pvObj(pv, 'gp3', '20Gi', 'Bound', [p.namespace, `data-${p.name}`], p.node?.zone ?? 'eu-west-1a', p.createdMs))
    add('pvcs', pvcObj(p.namespace, `data-${p.name}`, 'gp3', '20Gi', pv, selectorOf(p.tpl), p.createdMs))
  }
  const appNs = plan.namespaces.filter((n) => !n.system)
  for (let i = 0; i < appNs.length; i += 10) {
    add('pvcs', pvcObj(appNs[i].name, 'scratch-volume', 'nfs', '100Gi', undefined, {}, now - rng.range(1, 60) * MINUTE))
    add('pvs', pvObj(`pvc-${rng.uuid()}`, 'retain-ssd', '50Gi', 'Released', [appNs[i].name, 'old-data'], 'eu-west-1b', now - 30 * DAY))
  }
  add('pvs', pvObj(`pvc-${rng.uuid()}`, 'retain-ssd', '10Gi', 'Available', undefined, 'eu-west-1c', now - 12 * DAY))

  // Services and their endpointslices.
  const podsOf = new Map<object, EndpointRef[]>()
  for (const p of plan.pods) {
    const ep = endpointOf(p.name, p.state, p.node, p.podIP)
    if (!ep) continue
    let list = podsOf.get(p.owner)
    if (!list) podsOf.set(p.owner, (list = []))
    list.push(ep)
  }
  for (const list of podsOf.values()) list.sort((a, b) => (a.pod < b.pod ? -1 : 1))
  const serviceRecs: ServiceRec[] = []
  // Cluster IPs from kubeadm's service CIDR 10.96.0.0/12 (10.96.0.1 is `kubernetes`).
  let ipSeq = 10
  const services: { ns: string; name: string }[] = []
  const addService = (ns: string, name: string, type: ServiceType, port: number, sel: Record<string, string>, owner: WorkloadRec, createdMs: number): void => {
    const eps = podsOf.get(owner) ?? []
    const rec: ServiceRec = { namespace: ns, name, port, owner, slices: [], createdMs }
    serviceRecs.push(rec)
    const ip = `10.${96 + ((ipSeq >> 16) & 15)}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`
    ipSeq++
    add('services', serviceObj(ns, name, type, ip, port, sel, createdMs, 30000 + (ipSeq % 2767), `203.0.113.${ipSeq % 250}`))
    services.push({ ns, name })
    for (let i = 0; i === 0 || i < eps.length; i += SLICE_SIZE) {
      rec.slices.push(rng.suffix(5))
      add('endpointslices', endpointSliceObj(ns, name, rec.slices[rec.slices.length - 1], port, eps.slice(i, i + SLICE_SIZE), createdMs))
    }
  }
  for (let i = 0; i < plan.deployments.length; i++) {
    const d = plan.deployments[i]
    if (!rng.chance(0.85)) continue
    const u = rng.float()
    const type: ServiceType = u < 0.04 ? 'LoadBalancer' : u < 0.1 ? 'NodePort' : 'ClusterIP'
    addService(d.namespace, d.name, type, d.tpl.main.port, selectorOf(d.tpl), plan.replicaSets[i], d.createdMs)
  }
  for (const s of plan.statefulSets) addService(s.namespace, s.name, 'Headless', s.tpl.main.port, selectorOf(s.tpl), s, s.createdMs)

  // One ingress and two network policies per app namespace.
  const firstService = new Map<string, { ns: string; name: string }>()
  for (const s of services) if (!firstService.has(s.ns)) firstService.set(s.ns, s)
  for (const ns of appNs) {
    const svc = firstService.get(ns.name)
    if (svc)
      add(
        'ingresses',
        ingressObj(
          ns.name,
          svc.name,
          rng.chance(0.8) ? 'nginx' : 'alb',
          `${svc.name}.${ns.name}.example.com`,
          svc.name,
          rng.chance(0.7),
          `k8s-ingress-${rng.hex(10)}.elb.eu-west-1.amazonaws.com`,
          ns.createdMs + DAY
        )
      )
    add('networkpolicies', networkPolicyObj(ns.name, 'default-deny-ingress', undefined, '', ns.createdMs))
    if (svc) add('networkpolicies', networkPolicyObj(ns.name, `allow-${svc.name}-from-gateway`, svc.name, 'gateway', ns.createdMs + HOUR))
  }

  // HPAs and PDBs.
  for (const d of plan.deployments) {
    if (d.replicas >= 2 && rng.chance(0.25))
      add('horizontalpodautoscalers', hpaObj(d, Math.max(1, Math.floor(d.replicas / 2)), d.replicas * 3, rng.range(20, 95), now))
    if (d.replicas >= 2 && rng.chance(0.3)) add('poddisruptionbudgets', pdbObj(d, rng.chance(0.5)))
  }
  for (const s of plan.statefulSets) if (s.replicas >= 2) add('poddisruptionbudgets', pdbObj(s, true))

  const events = podEvents(rng, plan, now, unschedulable)
  for (const e of events) add('events', eventObj(e.name, e.on, e.line, e.host, e.count, e.firstMs, e.lastMs))

  const world: World = {
    seed: o.seed,
    now,
    nodes: plan.nodes,
    deployments: plan.deployments,
    replicaSets: plan.replicaSets,
    statefulSets: plan.statefulSets,
    daemonSets: plan.daemonSets,
    pods: plan.pods,
    events,
    unschedulable,
    services: serviceRecs
  }
  registerWorld(ops, world)
  return ops
}
