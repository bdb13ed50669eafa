// The statefulset controller: ordinal pods created in order (each after the previous is Ready),
// scale-down from the highest ordinal, and a rolling update from the highest ordinal down.
import { describe, expect, it } from 'vitest'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { useControllers, objects, template, testStore, waitFor } from './testkit.ts'

const start = useControllers()

interface StsStatus {
  replicas?: number
  readyReplicas?: number
  updatedReplicas?: number
  currentRevision?: string
  updateRevision?: string
  observedGeneration?: number
}

const sts = (replicas: number, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'demo' },
  spec: { replicas, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db', image) }
})
const get = (store: SimStore): KubeObject => store.object(store.get('statefulsets', 'demo', 'db') as NonNullable<ReturnType<SimStore['get']>>)
const status = (store: SimStore): StsStatus => (get(store).status ?? {}) as StsStatus
const isReady = (p: KubeObject): boolean =>
  ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
const done = (store: SimStore, n: number): boolean => {
  const s = status(store)
  return (
    s.readyReplicas === n &&
    s.replicas === n &&
    s.updatedReplicas === n &&
    !!s.updateRevision &&
    s.currentRevision === s.updateRevision &&
    (s.observedGeneration ?? 0) >= (get(store).metadata.generation ?? 1)
  )
}

/** Log pod creations/deletions in order, checking OrderedReady at each creation. */
function journal(store: SimStore): { log: string[]; violations: string[]; cancel(): void } {
  const log: string[] = []
  const violations: string[] = []
  const w = store.watch('pods', { namespace: 'demo' }, store.currentRv(), (type, rec) => {
    if (type === 'MODIFIED') return
    log.push(`${type === 'ADDED' ? '+' : '-'}${rec.name}`)
    if (type !== 'ADDED') return
    const i = Number(rec.name.split('-').pop())
    for (let j = 0; j < i; j++) {
      const prev = store.get('pods', 'demo', `db-${j}`)
      if (!prev || !isReady(store.object(prev))) violations.push(`db-${i} created while db-${j} was not ready`)
    }
  })
  return { log, violations, cancel: () => w.cancel() }
}

describe('statefulset controller', () => {
  it('creates db-0, db-1, db-2 in order, each once the previous one is Ready', async () => {
    const store = testStore()
    start(store)
    const j = journal(store)
    store.create('statefulsets', sts(3, 'postgres:16'))
    await waitFor('3 ready', () => done(store, 3))
    j.cancel()
    expect(j.log).toEqual(['+db-0', '+db-1', '+db-2'])
    expect(j.violations).toEqual([])
    const pods = objects(store, 'pods')
    expect(pods.map((p) => p.metadata.labels?.['apps.kubernetes.io/pod-index'])).toEqual(['0', '1', '2'])
    expect(pods.every((p) => p.metadata.labels?.['controller-revision-hash'] === status(store).updateRevision)).toBe(true)
    expect(pods[1].spec as { hostname: string; subdomain: string }).toMatchObject({ hostname: 'db-1', subdomain: 'db' })
  })

  it('scales down from the highest ordinal and rolls an update from the highest ordinal down', async () => {
    const store = testStore()
    start(store)
    store.create('statefulsets', sts(4, 'postgres:16'))
    await waitFor('4 ready', () => done(store, 4))
    let j = journal(store)
    const s = get(store)
    ;(s.spec as { replicas: number }).replicas = 2
    store.update('statefulsets', s, true)
    await waitFor('2 ready', () => done(store, 2) && objects(store, 'pods').length === 2)
    j.cancel()
    expect(j.log).toEqual(['-db-3', '-db-2'])
    const firstRevision = status(store).updateRevision
    j = journal(store)
    const s2 = get(store)
    ;(s2.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'postgres:17'
    store.update('statefulsets', s2, true)
    await waitFor('updated', () => done(store, 2) && status(store).updateRevision !== firstRevision)
    j.cancel()
    expect(j.log).toEqual(['-db-1', '+db-1', '-db-0', '+db-0'])
    expect(j.violations).toEqual([])
    expect(objects(store, 'pods').map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image)).toEqual(['postgres:17', 'postgres:17'])
  })
})
