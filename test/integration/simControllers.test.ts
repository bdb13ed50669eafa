// The simulated controllers inside a full simulator (50 generated pods, fast step): workloads
// created through the store behave like a cluster while the generated objects stay the churn's.
// Every wait is bounded; the sim is stopped after the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectlPodStatus } from '@periscope/kube-sim'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { Rec } from '@periscope/kube-sim'
import type { KubeObject } from '@periscope/kube-sim'

/** Controller step for the tests (the demo uses 400 ms). */
const STEP_MS = 10
const WAIT_MS = 15_000

let sim: Sim
const errors: string[] = []

beforeAll(async () => {
  sim = await startSim({ pods: 50, tls: false, controllers: { stepMs: STEP_MS, onError: (m) => errors.push(m) } })
  sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' }, spec: {}, status: { phase: 'Active' } })
})

afterAll(async () => {
  await sim?.stop()
  expect(errors).toEqual([])
})

async function waitFor<T>(what: string, check: () => T | undefined | false, ms = WAIT_MS): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const obj = (rec: Rec | undefined): KubeObject | undefined => (rec ? sim.store.object(rec) : undefined)
const demo = (kind: 'pods' | 'replicasets' | 'jobs'): KubeObject[] => sim.store.list(kind, { namespace: 'demo' }).items.map((r) => sim.store.object(r))
const nodeNames = (): Set<string> => new Set(sim.store.list('nodes').items.map((r) => r.name))

function deployment(name: string, image: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'demo' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } } }
  }
}

function rolledOut(name: string, replicas: number): boolean {
  const d = obj(sim.store.get('deployments', 'demo', name))
  const s = (d?.status ?? {}) as {
    observedGeneration?: number
    updatedReplicas?: number
    availableReplicas?: number
    replicas?: number
    conditions?: { reason: string }[]
  }
  return (
    !!d &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
    s.updatedReplicas === replicas &&
    s.availableReplicas === replicas &&
    s.replicas === replicas &&
    !!s.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable')
  )
}

describe('simulated controllers in the demo cluster', () => {
  it('never touch the generated workloads and pods', async () => {
    const before = new Map<string, number>()
    for (const kind of ['pods', 'replicasets', 'deployments', 'statefulsets', 'jobs', 'cronjobs'] as const) {
      for (const r of sim.store.list(kind).items) before.set(`${kind}/${r.key}`, r.rv)
    }
    expect(before.size).toBeGreaterThan(50)
    // Give every controller many steps to (wrongly) react.
    await new Promise((r) => setTimeout(r, 60 * STEP_MS))
    for (const kind of ['pods', 'replicasets', 'deployments', 'statefulsets', 'jobs', 'cronjobs'] as const) {
      for (const r of sim.store.list(kind).items) {
        if (r.ns === 'demo') continue
        expect(r.rv, `${kind}/${r.key} was written`).toBe(before.get(`${kind}/${r.key}`))
      }
    }
  })

  it('a deployment created through the store gets a ReplicaSet and Running pods on simulated nodes, then scales', async () => {
    sim.store.create('deployments', deployment('web', 'nginx', 3))
    await waitFor('web rolled out', () => rolledOut('web', 3))
    const pods = demo('pods')
    expect(pods).toHaveLength(3)
    const nodes = nodeNames()
    for (const p of pods) {
      expect(kubectlPodStatus(p)).toMatchObject({ status: 'Running', ready: '1/1' })
      expect(nodes.has((p.spec as { nodeName: string }).nodeName)).toBe(true)
    }
    const d = obj(sim.store.get('deployments', 'demo', 'web')) as KubeObject
    ;(d.spec as { replicas: number }).replicas = 10
    sim.store.update('deployments', d, true)
    await waitFor('web at 10', () => rolledOut('web', 10))
    expect(demo('pods').filter((p) => kubectlPodStatus(p).status === 'Running')).toHaveLength(10)
  })

  it('a crash image goes CrashLoopBackOff, a job completes', async () => {
    sim.store.create('deployments', deployment('broken', 'registry.example/crash:1', 1))
    sim.store.create('jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'demo' },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } } }
    })
    await waitFor('crash loop', () => demo('pods').some((p) => p.metadata.name?.startsWith('broken-') && kubectlPodStatus(p).status === 'CrashLoopBackOff'))
    await waitFor('pi complete', () =>
      ((obj(sim.store.get('jobs', 'demo', 'pi'))?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some(
        (c) => c.type === 'Complete' && c.status === 'True'
      )
    )
    expect(
      demo('pods')
        .filter((p) => p.metadata.name?.startsWith('pi-'))
        .map((p) => kubectlPodStatus(p).status)
    ).toEqual(['Completed'])
  })

  it('deleting a pod shows it Terminating with stopped containers, then the kubelet removes it early, and the ReplicaSet replaces it', async () => {
    await waitFor('web at 10', () => rolledOut('web', 10))
    const victim = demo('pods').find((p) => p.metadata.name?.startsWith('web-')) as KubeObject
    const name = victim.metadata.name as string
    const seen: string[] = []
    const w = sim.store.watch('pods', { namespace: 'demo' }, sim.store.currentRv(), (type, rec) => {
      if (rec.name !== name) return
      const p = obj(rec) as KubeObject
      seen.push(type === 'DELETED' ? 'DELETED' : `${kubectlPodStatus(p).status} ${kubectlPodStatus(p).ready}`)
    })
    try {
      // What `kubectl delete pod` does through the HTTP layer: a graceful delete (30 s grace).
      const cur = obj(sim.store.get('pods', 'demo', name)) as KubeObject
      cur.metadata.deletionTimestamp = new Date(Date.now() + 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      cur.metadata.deletionGracePeriodSeconds = 30
      sim.store.update('pods', cur)
      await waitFor(
        'replacement',
        () =>
          demo('pods').filter((p) => p.metadata.name?.startsWith('web-') && !p.metadata.deletionTimestamp && kubectlPodStatus(p).status === 'Running')
            .length === 10
      )
      // Like a real kubelet: once its containers have stopped, the pod goes long before the 30 s grace.
      await waitFor('victim removed', () => sim.store.get('pods', 'demo', name) === undefined)
      expect(seen).toContain('Terminating 0/1')
      expect(seen.at(-1)).toBe('DELETED')
    } finally {
      w.cancel()
    }
  })

  it('Recreate under graceful deletion starts new pods only once every old container has stopped', async () => {
    const d = deployment('rc', 'nginx:1', 2)
    ;(d.spec as Record<string, unknown>).strategy = { type: 'Recreate' }
    sim.store.create('deployments', d)
    await waitFor('rc rolled out', () => rolledOut('rc', 2))
    const running = (p: KubeObject): boolean =>
      ((p.status as { containerStatuses?: { state: { running?: unknown } }[] }).containerStatuses ?? []).some((c) => c.state.running)
    const violations: string[] = []
    const w = sim.store.watch('pods', { namespace: 'demo' }, sim.store.currentRv(), (type, rec) => {
      if (type !== 'ADDED' || !rec.name.startsWith('rc-')) return
      for (const p of demo('pods')) {
        if (p.metadata.name?.startsWith('rc-') && (p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1' && running(p))
          violations.push(`${rec.name} created while ${p.metadata.name} runs`)
      }
    })
    try {
      const cur = obj(sim.store.get('deployments', 'demo', 'rc')) as KubeObject
      ;(cur.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'nginx:2'
      sim.store.update('deployments', cur, true)
      await waitFor('rc updated', () => rolledOut('rc', 2) && (obj(sim.store.get('deployments', 'demo', 'rc'))?.metadata.generation ?? 0) >= 2)
    } finally {
      w.cancel()
    }
    expect(violations).toEqual([])
    const live = demo('pods').filter((p) => p.metadata.name?.startsWith('rc-') && !p.metadata.deletionTimestamp)
    expect(live.map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image)).toEqual(['nginx:2', 'nginx:2'])
  })
})
