/**
 * The cluster topology: how many namespaces, nodes, workloads and pods, and which pod is in
 * which state, for a given seed and pod count.
 *
 * Why: separated from object building so the shape of the demo cluster (the distribution of
 * states, replicas and ages) is readable in one place. Produces records only (see world.ts);
 * exactly `pods` pods are planned.
 */
import type { Rng } from './prng.ts'
import type { NodeRec } from './infra.ts'
import type { PodTemplate } from './podSpec.ts'
import type { PodState } from './podStatus.ts'
import type { WorkloadRec } from './workloads.ts'
import type { PodRec } from './world.ts'
import { APP_NAMESPACES, APP_ROLES, makeTemplate, STATEFUL } from './catalog.ts'
import { DAY, HOUR, MINUTE, SECOND } from './ids.ts'
import { MAX_PODS_PER_NODE } from './infra.ts'
import { mostRecent, parseCron } from '../controllers/cron.ts'

/** Pods per app namespace (spec: about one namespace per 200 pods). */
const PODS_PER_NAMESPACE = 200
/** Pods per node (spec: about one node per 30 pods, at least 3). */
const PODS_PER_NODE = 30
/** Smallest cluster that gets a NotReady and a cordoned node. */
const MIN_NODES_FOR_BAD_NODES = 10
/** Share of pods in statefulsets and in job pods; daemonsets take at most 15%. */
const STS_SHARE = 0.06
const JOB_SHARE = 0.02
const DS_MAX_SHARE = 0.15
/** Replica counts of deployments (mean ≈ 26, like W10k's ~300 deployments for 10k pods). */
const REPLICAS = [1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60, 80, 120]
/** Failure states and their probability for controller-managed pods; the rest is Running. */
const STATE_WEIGHTS: readonly (readonly [PodState, number])[] = [
  ['RunningRestarted', 0.05],
  ['RunningNotReady', 0.015],
  ['CrashLoopBackOff', 0.012],
  ['Pending', 0.006],
  ['ContainerCreating', 0.006],
  ['Terminating', 0.006],
  ['ImagePullBackOff', 0.004],
  ['Evicted', 0.003],
  ['OOMKilled', 0.003],
  ['ErrImagePull', 0.002],
  ['CreateContainerConfigError', 0.002],
  ['Error', 0.002],
  ['PodInitializing', 0.002],
  ['Init:0/1', 0.002],
  ['Init:1/2', 0.0015],
  ['Init:CrashLoopBackOff', 0.0015],
  ['Init:Error', 0.001],
  ['SchedulingGated', 0.0015],
  ['NotReady', 0.001]
]
/** States forced once each (on controller-managed pods) so every status shows in mid-size clusters. */
const FORCED = STATE_WEIGHTS.map(([s]) => s)
/** States that make a pod young (seconds to minutes old). */
const YOUNG = new Set<PodState>([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'Init:0/1',
  'Init:1/2',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'SchedulingGated',
  'Init:Error'
])
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']

/** The last `n` scheduled minutes of a cron schedule at or before `now`, oldest first. */
function lastTicks(schedule: string, now: number, n: number): number[] {
  const s = parseCron(schedule)
  const out: number[] = []
  let to = now
  for (let i = 0; i < n; i++) {
    // Widening windows: `mostRecent` walks every tick of its window, and a */15 schedule has 96 a day.
    let t: number | undefined
    for (const window of [2 * HOUR, DAY, 8 * DAY, 62 * DAY]) {
      t = mostRecent(s, to - window, to)
      if (t !== undefined) break
    }
    if (t === undefined) break
    out.unshift(t)
    to = t - 1
  }
  return out
}

/** The planned topology (records only). */
export interface Plan {
  readonly namespaces: { name: string; createdMs: number; system: boolean }[]
  readonly nodes: NodeRec[]
  readonly deployments: WorkloadRec[]
  readonly replicaSets: WorkloadRec[]
  readonly oldReplicaSets: WorkloadRec[]
  readonly statefulSets: WorkloadRec[]
  readonly daemonSets: WorkloadRec[]
  readonly cronJobs: { rec: WorkloadRec; schedule: string; jobs: WorkloadRec[] }[]
  readonly jobs: WorkloadRec[]
  readonly pods: PodRec[]
}

/** A state drawn from STATE_WEIGHTS (Running otherwise). */
export function drawState(rng: Rng): PodState {
  let u = rng.float()
  for (const [s, w] of STATE_WEIGHTS) {
    if (u < w) return s
    u -= w
  }
  return 'Running'
}

function planNodes(rng: Rng, count: number, now: number): NodeRec[] {
  const cps = count >= 6 ? 3 : 1
  const nodes: NodeRec[] = []
  for (let i = 0; i < count; i++) {
    const cp = i < cps
    const w = i - cps + 1
    nodes.push({
      name: cp ? `control-plane-${i + 1}` : `worker-${String(w).padStart(4, '0')}`,
      role: cp ? 'control-plane' : 'worker',
      ip: `10.0.${(i >> 8) + 1}.${(i & 255) + 10}`,
      cidr: [128 + (i >> 8), i & 255],
      createdMs: now - (cp ? 200 * DAY : rng.range(2, 120) * DAY + rng.int(DAY)),
      zone: ZONES[i % 3],
      instanceType: cp ? 'm6i.xlarge' : rng.pick(['m6i.2xlarge', 'm6i.4xlarge', 'c6i.4xlarge', 'r6i.2xlarge']),
      cpu: cp ? 4 : rng.pick([8, 16]),
      memGi: cp ? 16 : rng.pick([32, 64]),
      ready: true,
      cordoned: false,
      heartbeatMs: now - rng.int(40) * SECOND,
      nextIp: 2
    })
  }
  if (count >= MIN_NODES_FOR_BAD_NODES) {
    nodes[count - 2].ready = false
    nodes[count - 2].heartbeatMs = now - 7 * MINUTE
    nodes[count - 1].cordoned = true
  }
  return nodes
}

/** Plan a cluster of exactly `podCount` pods. */
export function planCluster(rng: Rng, podCount: number, now: number): Plan {
  const nsCount = Math.max(1, Math.round(podCount / PODS_PER_NAMESPACE))
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ({ name, createdMs: now - 210 * DAY, system: true }))
  const appNs: string[] = []
  for (let i = 0; i < nsCount; i++) {
    const base = APP_NAMESPACES[i % APP_NAMESPACES.length]
    const name = i < APP_NAMESPACES.length ? base : `${base}-${Math.floor(i / APP_NAMESPACES.length) + 1}`
    appNs.push(name)
    namespaces.push({ name, createdMs: now - rng.range(3, 180) * DAY, system: false })
  }
  const nodes = planNodes(rng, Math.max(3, Math.round(podCount / PODS_PER_NODE)), now)
  const workers = nodes.filter((n) => n.role === 'worker')
  const schedulable = workers.filter((n) => n.ready && !n.cordoned)
  const podsOnNode = new Map<NodeRec, number>()
  const pods: PodRec[] = []
  const names = new Set<string>()
  let remaining = podCount

  const place = (owner: WorkloadRec, tpl: PodTemplate, name: string, state: PodState, fixedNode?: NodeRec, createdMs?: number): PodRec => {
    let node = fixedNode
    if (!node && state !== 'Pending' && state !== 'SchedulingGated') {
      for (let tries = 0; tries < 8; tries++) {
        node = schedulable.length > 0 && rng.chance(0.97) ? rng.pick(schedulable) : rng.pick(workers.length > 0 ? workers : nodes)
        if ((podsOnNode.get(node) ?? 0) < MAX_PODS_PER_NODE) break
      }
    }
    if (node) podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1)
    const st = node && !node.ready ? 'NodeLost' : state
    const ownerAge = now - owner.createdMs
    const created =
      createdMs ?? (YOUNG.has(st) ? now - rng.range(10, 900) * SECOND : now - Math.floor(ownerAge * rng.float() ** 2) - rng.range(60, 3600) * SECOND)
    const ip = node ? `10.${node.cidr[0]}.${node.cidr[1]}.${node.nextIp}` : ''
    if (node) node.nextIp = node.nextIp >= 253 ? 2 : node.nextIp + 1
    const restarts = st === 'RunningRestarted' || st.includes('CrashLoop') || st === 'OOMKilled' || st === 'Init:Error' ? rng.range(1, 40) : 0
    const rec: PodRec = {
      namespace: owner.namespace,
      name,
      owner,
      tpl,
      node,
      podIP: ip,
      createdMs: created,
      startMs: created + rng.range(1, 4) * SECOND,
      state: st,
      restarts,
      lastRestartMs: now - rng.range(30, 6 * 3600) * SECOND
    }
    pods.push(rec)
    remaining--
    return rec
  }
  const uniqueName = (ns: string, make: () => string): string => {
    let n = make()
    while (names.has(`${ns}/${n}`)) n = make()
    names.add(`${ns}/${n}`)
    return n
  }
  const workload = (
    kind: WorkloadRec['kind'],
    ns: string,
    name: string,
    tpl: PodTemplate,
    replicas: number,
    createdMs: number,
    extra: Partial<WorkloadRec> = {}
  ): WorkloadRec => ({ kind, namespace: ns, name, tpl, createdMs, replicas, current: 0, ready: 0, generation: 1 + rng.int(6), ...extra })

  // DaemonSets in kube-system: one pod per node, while they fit in their share.
  const daemonSets: WorkloadRec[] = []
  for (const [name, image] of [
    ['kube-proxy', 'registry.k8s.io/kube-proxy:v1.33.4'],
    ['cilium', 'quay.io/cilium/cilium:v1.16.3'],
    ['node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2']
  ] as const) {
    if (daemonSets.length > 0 && (daemonSets.length + 1) * nodes.length > podCount * DS_MAX_SHARE) break
    const tpl = makeTemplate(rng, {
      app: name,
      instance: name,
      namespace: 'kube-system',
      image,
      component: 'node-agent',
      priorityClass: 'system-node-critical',
      extraLabels: [
        ['controller-revision-hash', rng.suffix(10)],
        ['pod-template-generation', '1']
      ]
    })
    const ds = workload('DaemonSet', 'kube-system', name, tpl, Math.min(nodes.length, remaining), now - 200 * DAY)
    daemonSets.push(ds)
    for (const node of nodes.slice(0, ds.replicas))
      place(
        ds,
        tpl,
        uniqueName('kube-system', () => `${name}-${rng.suffix(5)}`),
        node.ready ? 'Running' : 'NodeLost',
        node
      )
  }

  // CronJobs (three finished jobs each) and standalone jobs.
  const cronJobs: Plan['cronJobs'] = []
  const jobs: WorkloadRec[] = []
  const cronCount = remaining > 0 ? Math.max(1, Math.round((podCount * JOB_SHARE) / 3)) : 0
  for (let c = 0; c < cronCount && remaining > 0; c++) {
    const ns = appNs[c % appNs.length]
    const app = uniqueName(ns, () => `${rng.pick(['nightly', 'hourly', 'weekly'])}-${rng.pick(['report', 'cleanup', 'backup', 'sync', 'export', 'reindex'])}`)
    const tpl = makeTemplate(rng, {
      app,
      instance: app,
      namespace: ns,
      restartPolicy: 'Never',
      component: 'batch',
      priorityClass: 'batch-low',
      extraLabels: []
    })
    const schedule = rng.pick(['0 * * * *', '*/15 * * * *', '30 2 * * *', '0 4 * * 0'])
    // The last three runs sit on the schedule, as the cronjob controller starts them (`<name>-<minutes>`).
    const ticks = lastTicks(schedule, now, 3)
    const rec = workload('Job', ns, app, tpl, 1, Math.min(now - rng.range(10, 90) * DAY, (ticks[0] ?? now) - DAY))
    const entry = { rec, schedule, jobs: [] as WorkloadRec[] }
    cronJobs.push(entry)
    for (let j = 0; j < ticks.length && remaining > 0; j++) {
      const jobMs = ticks[j]
      const latest = j === ticks.length - 1
      // Only a run started in the last minutes can still be running.
      const outcome = !latest ? 'Complete' : now - jobMs < 10 * MINUTE ? undefined : rng.pick(['Complete', 'Complete', 'Failed'] as const)
      const name = `${app}-${Math.floor(jobMs / 60000)}`
      const job = workload('Job', ns, name, { ...tpl, extraLabels: [['batch.kubernetes.io/job-name', name]] }, 1, jobMs, { cronJob: app, outcome })
      entry.jobs.push(job)
      jobs.push(job)
      const pod = place(
        job,
        job.tpl,
        uniqueName(ns, () => `${job.name}-${rng.suffix(5)}`),
        outcome === 'Complete' ? 'Completed' : outcome === 'Failed' ? 'Error' : 'Running',
        undefined,
        jobMs + SECOND
      )
      job.current = 1
      job.ready = pod.state === 'Running' ? 1 : 0
    }
  }

  // StatefulSets: stable names `<name>-0..n-1`.
  const statefulSets: WorkloadRec[] = []
  let stsBudget = Math.round(podCount * STS_SHARE)
  for (let s = 0; stsBudget > 0 && remaining > 0; s++) {
    const ns = appNs[s % appNs.length]
    const [kind, image, port] = STATEFUL[s % STATEFUL.length]
    const name = uniqueName(ns, () => (s < STATEFUL.length * appNs.length ? kind : `${kind}-${rng.suffix(3)}`))
    const tpl = makeTemplate(rng, {
      app: name,
      instance: name,
      namespace: ns,
      image,
      port,
      component: 'database',
      priorityClass: 'business-critical',
      extraLabels: [['controller-revision-hash', `${name}-${rng.suffix(10)}`]]
    })
    const replicas = Math.min(rng.pick([1, 3, 3, 3, 5]), stsBudget, remaining)
    const sts = workload('StatefulSet', ns, name, tpl, replicas, now - rng.range(5, 150) * DAY)
    statefulSets.push(sts)
    for (let i = 0; i < replicas; i++) {
      names.add(`${ns}/${name}-${i}`)
      place(sts, { ...tpl, extraLabels: [...tpl.extraLabels, ['statefulset.kubernetes.io/pod-name', `${name}-${i}`]] }, `${name}-${i}`, drawState(rng))
    }
    stsBudget -= replicas
  }

  // Deployments (kube-system ones first), each with its current replicaset and sometimes an old one.
  const deployments: WorkloadRec[] = []
  const replicaSets: WorkloadRec[] = []
  const oldReplicaSets: WorkloadRec[] = []
  const system = [
    ['coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', 2],
    ['metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', 1],
    ['ebs-csi-controller', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.36.0', 2]
  ] as const
  for (let d = 0; remaining > 0; d++) {
    const sys = d < system.length ? system[d] : undefined
    const ns = sys ? 'kube-system' : appNs[d % appNs.length]
    const word = ns.split('-')[0]
    const name = sys
      ? sys[0]
      : uniqueName(ns, () => (rng.chance(0.5) ? `${word}-${rng.pick(APP_ROLES)}` : rng.pick(APP_ROLES)) + (rng.chance(0.15) ? `-v${rng.range(2, 3)}` : ''))
    const replicas = Math.min(sys ? sys[2] : rng.pick(REPLICAS), remaining)
    const hash = rng.suffix(10)
    const tpl = makeTemplate(rng, {
      app: name,
      instance: name,
      namespace: ns,
      image: sys?.[1],
      component: sys ? 'system' : undefined,
      priorityClass: sys ? 'system-cluster-critical' : rng.chance(0.2) ? 'business-critical' : undefined,
      extraLabels: [['pod-template-hash', hash]]
    })
    const dep = workload('Deployment', ns, name, tpl, replicas, now - rng.range(1, 150) * DAY - rng.int(DAY))
    const revision = dep.generation
    const rs = workload('ReplicaSet', ns, `${name}-${hash}`, tpl, replicas, dep.createdMs + (revision - 1) * HOUR, { parent: dep, hash, revision })
    deployments.push(dep)
    replicaSets.push(rs)
    if (revision > 1 && rng.chance(0.5)) {
      const oldHash = rng.suffix(10)
      oldReplicaSets.push(
        workload('ReplicaSet', ns, `${name}-${oldHash}`, { ...tpl, extraLabels: [['pod-template-hash', oldHash]] }, 0, dep.createdMs, {
          parent: dep,
          hash: oldHash,
          revision: revision - 1
        })
      )
    }
    for (let i = 0; i < replicas; i++)
      place(
        rs,
        tpl,
        uniqueName(ns, () => `${rs.name}-${rng.suffix(5)}`),
        drawState(rng)
      )
  }

  // Every failure state at least once on a controller-managed pod, when the cluster is big enough.
  const managed = pods.filter((p) => p.owner.kind === 'ReplicaSet' && p.state === 'Running')
  if (managed.length >= FORCED.length * 20) {
    for (const s of FORCED) {
      if (pods.some((p) => p.state === s)) continue
      const p = managed.splice(rng.int(managed.length), 1)[0]
      p.state = s
      if (s === 'Pending' || s === 'SchedulingGated') {
        p.node = undefined
        p.podIP = ''
      }
      if (p.restarts === 0 && (s.includes('CrashLoop') || s === 'OOMKilled' || s === 'RunningRestarted' || s === 'Init:Error')) p.restarts = rng.range(1, 20)
    }
  }
  for (const w of [...daemonSets, ...statefulSets, ...replicaSets]) {
    w.current = 0
    w.ready = 0
  }
  for (const p of pods) {
    if (p.owner.kind === 'Job') continue
    p.owner.current++
    if (p.state === 'Running' || p.state === 'RunningRestarted' || p.state === 'Terminating') p.owner.ready++
  }
  for (let i = 0; i < deployments.length; i++) {
    deployments[i].current = replicaSets[i].current
    deployments[i].ready = replicaSets[i].ready
  }
  return { namespaces, nodes, deployments, replicaSets, oldReplicaSets, statefulSets, daemonSets, cronJobs, jobs, pods }
}
