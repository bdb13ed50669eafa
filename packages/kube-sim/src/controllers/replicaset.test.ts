// The replicaset controller: pods from the template with owner references, replacement of a
// deleted pod, scale-down order (not-ready before ready), status counts.
import { describe, expect, it } from 'vitest'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { deletionRank } from './pods.ts'
import { useControllers, objects, template, testStore, waitFor } from './testkit.ts'

const start = useControllers()

const replicaSet = (replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'front', namespace: 'demo' },
  spec: { replicas, selector: { matchLabels: { app: 'front' } }, template: template('front', 'nginx') }
})
const status = (store: SimStore): Record<string, number> =>
  (store.object(store.get('replicasets', 'demo', 'front') as NonNullable<ReturnType<SimStore['get']>>).status ?? {}) as Record<string, number>

describe('replicaset controller', () => {
  it('keeps spec.replicas pods, replaces a deleted one, and reports its status', async () => {
    const store = testStore()
    start(store)
    const rs = store.create('replicasets', replicaSet(3))
    await waitFor('3 available', () => status(store).availableReplicas === 3)
    expect(status(store)).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 })
    const pods = objects(store, 'pods')
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^front-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'front', uid: rs.uid, controller: true, blockOwnerDeletion: true }
      ])
      expect(p.metadata.labels).toEqual({ app: 'front' })
      expect(p.spec as Record<string, unknown>).toMatchObject({
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        terminationGracePeriodSeconds: 30
      })
    }
    store.delete('pods', 'demo', pods[0].metadata.name ?? '')
    await waitFor(
      'replacement',
      () =>
        objects(store, 'pods').length === 3 &&
        status(store).availableReplicas === 3 &&
        !objects(store, 'pods').some((p) => p.metadata.name === pods[0].metadata.name)
    )
    const s = store.object(store.get('replicasets', 'demo', 'front') as NonNullable<ReturnType<SimStore['get']>>)
    ;(s.spec as { replicas: number }).replicas = 1
    store.update('replicasets', s, true)
    await waitFor('1 left', () => objects(store, 'pods').length === 1 && status(store).replicas === 1 && status(store).observedGeneration === 2)
  })

  it('ranks unscheduled, then not-ready, then newest pods first for deletion', () => {
    const p = (name: string, node: string | undefined, ready: boolean, created: string): KubeObject => ({
      metadata: { name, creationTimestamp: created },
      spec: node ? { nodeName: node } : {},
      status: { phase: node ? 'Running' : 'Pending', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] }
    })
    const pods = [
      p('old-ready', 'n', true, '2025-01-01T00:00:00Z'),
      p('new-ready', 'n', true, '2025-01-02T00:00:00Z'),
      p('unready', 'n', false, '2025-01-01T00:00:00Z'),
      p('unscheduled', undefined, false, '2025-01-01T00:00:00Z')
    ]
    expect(pods.sort(deletionRank).map((x) => x.metadata.name)).toEqual(['unscheduled', 'unready', 'new-ready', 'old-ready'])
  })
})
