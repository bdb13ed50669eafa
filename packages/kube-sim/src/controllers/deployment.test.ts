// The deployment controller against a store: creation, scaling, rolling updates within their
// bounds (checked at every pod event), Recreate, pause, revisions. Fast step; every wait bounded.
import { describe, expect, it } from 'vitest'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { deployment, useControllers, objects, testStore, waitFor } from './testkit.ts'

interface DStatus {
  observedGeneration?: number
  replicas?: number
  updatedReplicas?: number
  availableReplicas?: number
  conditions?: { type: string; status: string; reason: string }[]
}

const start = useControllers()

const get = (store: SimStore, name: string): KubeObject =>
  store.object(
    store.get('deployments', 'demo', name) ??
      (() => {
        throw new Error(`no deployment ${name}`)
      })()
  )

/** What `kubectl rollout status` waits for. */
function rolledOut(d: KubeObject, replicas: number): boolean {
  const s = (d.status ?? {}) as DStatus
  return (
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
    s.updatedReplicas === replicas &&
    s.replicas === replicas &&
    s.availableReplicas === replicas &&
    !!s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable')
  )
}

function update(store: SimStore, name: string, fn: (spec: Record<string, unknown>) => void): void {
  const d = get(store, name)
  fn(d.spec as Record<string, unknown>)
  store.update('deployments', d, true)
}

const setImage =
  (image: string) =>
  (spec: Record<string, unknown>): void => {
    ;(spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0].image = image
  }

describe('deployment controller', () => {
  it('creates a ReplicaSet <name>-<hash> with N running pods and reports the rollout complete', async () => {
    const store = testStore()
    start(store)
    store.create('deployments', deployment('web', 'nginx', 3))
    await waitFor('rollout', () => rolledOut(get(store, 'web'), 3))
    const [rs] = objects(store, 'replicasets')
    const hash = rs.metadata.labels?.['pod-template-hash']
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    expect(rs.metadata.name).toBe(`web-${hash}`)
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true })
    const pods = objects(store, 'pods')
    expect(pods).toHaveLength(3)
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`))
      expect(p.metadata.labels?.['pod-template-hash']).toBe(hash)
      expect((p.status as { phase: string }).phase).toBe('Running')
    }
    const d = get(store, 'web')
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    expect((d.status as DStatus).conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' })
  })

  it('scales up and down', async () => {
    const store = testStore()
    start(store)
    store.create('deployments', deployment('web', 'nginx', 3))
    await waitFor('rollout 3', () => rolledOut(get(store, 'web'), 3))
    update(store, 'web', (s) => {
      s.replicas = 10
    })
    await waitFor('rollout 10', () => rolledOut(get(store, 'web'), 10))
    expect(objects(store, 'pods')).toHaveLength(10)
    expect(objects(store, 'replicasets')).toHaveLength(1)
    update(store, 'web', (s) => {
      s.replicas = 2
    })
    await waitFor('rollout 2', () => rolledOut(get(store, 'web'), 2) && objects(store, 'pods').length === 2)
  })

  for (const [surge, unavailable, replicas] of [
    ['25%', '25%', 10],
    [1, 0, 4],
    [0, 1, 4]
  ] as const) {
    it(`rolls an image change with maxSurge=${surge} maxUnavailable=${unavailable} within its bounds at every step`, async () => {
      const store = testStore(4)
      start(store)
      store.create(
        'deployments',
        deployment('web', 'nginx:1', replicas, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } })
      )
      await waitFor('first rollout', () => rolledOut(get(store, 'web'), replicas))
      const maxPods = replicas + (typeof surge === 'number' ? surge : Math.ceil(replicas * 0.25))
      const minReady = replicas - (typeof unavailable === 'number' ? unavailable : Math.floor(replicas * 0.25))
      const live = new Map<string, boolean>()
      for (const p of objects(store, 'pods')) live.set(p.metadata.name ?? '', true)
      let most = 0
      let fewestReady = Infinity
      let events = 0
      const w = store.watch('pods', { namespace: 'demo' }, store.currentRv(), (type, rec) => {
        events++
        const p = store.object(rec)
        if (type === 'DELETED' || p.metadata.deletionTimestamp) live.delete(rec.name)
        else
          live.set(
            rec.name,
            ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
          )
        most = Math.max(most, live.size)
        fewestReady = Math.min(fewestReady, [...live.values()].filter(Boolean).length)
      })
      try {
        update(store, 'web', setImage('nginx:2'))
        await waitFor('second rollout', () => rolledOut(get(store, 'web'), replicas) && objects(store, 'pods').length === replicas)
      } finally {
        w.cancel()
      }
      expect(events).toBeGreaterThan(replicas)
      expect(most).toBeLessThanOrEqual(maxPods)
      expect(fewestReady).toBeGreaterThanOrEqual(minReady)
      const sets = objects(store, 'replicasets')
      expect(sets).toHaveLength(2)
      const fresh = sets.find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2')
      const old = sets.find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1')
      expect((fresh?.spec as { replicas: number }).replicas).toBe(replicas)
      expect((old?.spec as { replicas: number }).replicas).toBe(0)
      for (const p of objects(store, 'pods')) {
        expect(p.metadata.ownerReferences?.[0].name).toBe(fresh?.metadata.name)
        expect((p.spec as { containers: { image: string }[] }).containers[0].image).toBe('nginx:2')
      }
      expect(get(store, 'web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    })
  }

  it('Recreate removes every old pod before creating new ones', async () => {
    const store = testStore()
    start(store)
    store.create('deployments', deployment('db', 'postgres:16', 3, { strategy: { type: 'Recreate' } }))
    await waitFor('first rollout', () => rolledOut(get(store, 'db'), 3))
    const images = new Map<string, string>()
    for (const p of objects(store, 'pods')) images.set(p.metadata.name ?? '', 'postgres:16')
    let overlap = false
    const w = store.watch('pods', { namespace: 'demo' }, store.currentRv(), (type, rec) => {
      if (type === 'DELETED') images.delete(rec.name)
      else images.set(rec.name, (store.object(rec).spec as { containers: { image: string }[] }).containers[0].image)
      if (new Set(images.values()).size > 1) overlap = true
    })
    try {
      update(store, 'db', setImage('postgres:17'))
      await waitFor('second rollout', () => rolledOut(get(store, 'db'), 3))
    } finally {
      w.cancel()
    }
    expect(overlap).toBe(false)
    expect([...images.values()]).toEqual(['postgres:17', 'postgres:17', 'postgres:17'])
  })

  it('a paused deployment does not roll out until resumed; undoing to an old template reuses its ReplicaSet', async () => {
    const store = testStore()
    start(store)
    store.create('deployments', deployment('web', 'nginx:1', 2))
    await waitFor('first rollout', () => rolledOut(get(store, 'web'), 2))
    update(store, 'web', (s) => {
      s.paused = true
      setImage('nginx:2')(s)
    })
    await waitFor('paused condition', () => (get(store, 'web').status as DStatus).conditions?.some((c) => c.reason === 'DeploymentPaused'))
    await new Promise((r) => setTimeout(r, 200))
    expect(objects(store, 'replicasets')).toHaveLength(1)
    update(store, 'web', (s) => {
      s.paused = false
    })
    await waitFor('rollout after resume', () => rolledOut(get(store, 'web'), 2) && objects(store, 'pods').length === 2)
    expect(objects(store, 'replicasets')).toHaveLength(2)
    update(store, 'web', setImage('nginx:1'))
    await waitFor(
      'rollback',
      () =>
        rolledOut(get(store, 'web'), 2) &&
        objects(store, 'pods').every((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1')
    )
    const sets = objects(store, 'replicasets')
    expect(sets).toHaveLength(2)
    const revs = Object.fromEntries(
      sets.map((r) => [
        (r.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image,
        r.metadata.annotations?.['deployment.kubernetes.io/revision']
      ])
    )
    expect(revs).toEqual({ 'nginx:1': '3', 'nginx:2': '2' })
  })
})
