// The simulated scheduler: spreading, cordoned and NotReady nodes, nodeSelector, scheduling
// gates, and the Unschedulable message.
import { describe, expect, it } from 'vitest'
import { kubectlPodStatus } from '../gen/index.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { useControllers, nodeRec, objects, pod, testStore, waitFor } from './testkit.ts'

const start = useControllers({ only: ['scheduler'] })

const podNamed = (store: SimStore, name: string): KubeObject => {
  const rec = store.get('pods', 'demo', name)
  if (!rec) throw new Error(`no pod ${name}`)
  return store.object(rec)
}
const nodeOf = (p: KubeObject): string | undefined => (p.spec as { nodeName?: string }).nodeName
const scheduled = (p: KubeObject): { status: string; reason?: string; message?: string } | undefined =>
  ((p.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] }).conditions ?? []).find((c) => c.type === 'PodScheduled')

describe('scheduler', () => {
  it('spreads pods over the schedulable, ready nodes only', async () => {
    const store = testStore(3, [nodeRec('cordoned', 7, { cordoned: true }), nodeRec('down', 8, { ready: false })])
    start(store)
    for (let i = 0; i < 6; i++) store.create('pods', pod(`p${i}`, 'nginx'))
    const pods = await waitFor('all bound', () => {
      const all = objects(store, 'pods')
      return all.every((p) => nodeOf(p)) && all
    })
    const perNode = new Map<string, number>()
    for (const p of pods) perNode.set(nodeOf(p) ?? '', (perNode.get(nodeOf(p) ?? '') ?? 0) + 1)
    expect(Object.fromEntries(perNode)).toEqual({ 'node-0': 2, 'node-1': 2, 'node-2': 2 })
    for (const p of pods) expect(scheduled(p)?.status).toBe('True')
  })

  it('keeps a gated pod SchedulingGated until its gates are removed', async () => {
    const store = testStore(2)
    start(store)
    store.create('pods', pod('gated', 'nginx', { schedulingGates: [{ name: 'example.com/quota' }] }))
    await waitFor('gated condition', () => scheduled(podNamed(store, 'gated'))?.reason === 'SchedulingGated')
    await new Promise((r) => setTimeout(r, 100))
    const p = podNamed(store, 'gated')
    expect(nodeOf(p)).toBeUndefined()
    expect(kubectlPodStatus(p).status).toBe('SchedulingGated')
    delete (p.spec as { schedulingGates?: unknown }).schedulingGates
    store.update('pods', p, true)
    const bound = await waitFor('bound', () => (nodeOf(podNamed(store, 'gated')) ? podNamed(store, 'gated') : undefined))
    expect(scheduled(bound)?.status).toBe('True')
    expect(kubectlPodStatus(bound).status).toBe('Pending')
  })

  it('marks a pod no node can take Unschedulable with the scheduler message, and binds it once a node fits', async () => {
    const store = testStore(0, [nodeRec('a', 1, { cordoned: true }), nodeRec('b', 2)])
    start(store)
    store.create('pods', pod('picky', 'nginx', { nodeSelector: { disktype: 'ssd' } }))
    const p = await waitFor('unschedulable', () => scheduled(podNamed(store, 'picky'))?.reason === 'Unschedulable' && podNamed(store, 'picky'))
    expect(scheduled(p)?.message).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. " +
        'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.'
    )
    const b = store.object(store.get('nodes', '', 'b') as NonNullable<ReturnType<SimStore['get']>>)
    b.metadata.labels = { ...b.metadata.labels, disktype: 'ssd' }
    store.update('nodes', b)
    const bound = await waitFor('bound after relabel', () => (nodeOf(podNamed(store, 'picky')) ? podNamed(store, 'picky') : undefined), 15_000)
    expect(nodeOf(bound)).toBe('b')
  })

  it('does not touch pods for another scheduler, pods being deleted, or bound pods', async () => {
    const store = testStore(2)
    start(store)
    const other = store.create('pods', pod('other', 'nginx', { schedulerName: 'my-scheduler' }))
    const bound = store.create('pods', pod('bound', 'nginx', { nodeName: 'node-1' }))
    store.create('pods', pod('witness', 'nginx'))
    await waitFor('witness bound', () => nodeOf(podNamed(store, 'witness')))
    expect(store.get('pods', 'demo', 'other')?.rv).toBe(other.rv)
    expect(store.get('pods', 'demo', 'bound')?.rv).toBe(bound.rv)
  })
})
