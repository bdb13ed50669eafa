// The simulated kubelet: the STATUS sequence kubectl prints for each failing image, init
// containers, job pods, pods on unknown nodes (untouched) and pods being deleted.
import { describe, expect, it } from 'vitest'
import { kubectlPodStatus } from '../gen/index.ts'
import type { PodPrint } from '../gen/index.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { useControllers, pod, testStore, waitFor } from './testkit.ts'

const start = useControllers({ only: ['scheduler', 'kubelet'] })

const print = (p: KubeObject): PodPrint => kubectlPodStatus(p as Parameters<typeof kubectlPodStatus>[0])

/** Record every distinct STATUS of pod `name` (in order) while it runs. */
function recordStatuses(store: SimStore, name: string): { seen: string[]; last(): KubeObject | undefined; cancel(): void } {
  const seen: string[] = []
  let last: KubeObject | undefined
  const w = store.watch('pods', { namespace: 'demo' }, store.currentRv(), (type, rec) => {
    if (rec.name !== name || type === 'DELETED') return
    last = store.object(rec)
    const s = print(last).status
    if (seen[seen.length - 1] !== s) seen.push(s)
  })
  return { seen, last: () => last, cancel: () => w.cancel() }
}

interface CStatus {
  restartCount: number
  state: Record<string, { reason?: string; exitCode?: number }>
  lastState: { terminated?: { reason: string; exitCode: number } }
}
const statuses = (p: KubeObject | undefined): CStatus[] => (p?.status as { containerStatuses?: CStatus[] } | undefined)?.containerStatuses ?? []

describe('kubelet', () => {
  it('runs a good image: Pending → ContainerCreating → Running with a realistic status', async () => {
    const store = testStore()
    start(store)
    const r = recordStatuses(store, 'web')
    store.create('pods', pod('web', 'nginx:1.27'))
    const p = await waitFor(
      'running',
      () => r.last() && print(r.last() as KubeObject).status === 'Running' && print(r.last() as KubeObject).ready === '1/1' && r.last()
    )
    r.cancel()
    expect(r.seen).toEqual(['Pending', 'ContainerCreating', 'Running'])
    const st = p.status as Record<string, unknown>
    expect(st.podIP).toMatch(/^10\.1\.\d+\.\d+$/)
    expect(st.hostIP).toMatch(/^10\.0\.0\.\d+$/)
    const [cs] = statuses(p) as unknown as Record<string, unknown>[]
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    expect(cs.imageID).toMatch(/^nginx@sha256:[0-9a-f]{64}$/)
    expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0 })
    expect((st.conditions as { type: string; status: string }[]).map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True'
    ])
  })

  it('a crash image goes CrashLoopBackOff with a rising restartCount and lastState.terminated', async () => {
    const store = testStore()
    start(store)
    const r = recordStatuses(store, 'bad')
    store.create('pods', pod('bad', 'example.com/crash:1'))
    await waitFor('two restarts', () => (statuses(r.last())[0]?.restartCount ?? 0) >= 2, 20_000)
    r.cancel()
    expect(r.seen.slice(0, 5)).toEqual(['Pending', 'ContainerCreating', 'Running', 'Error', 'CrashLoopBackOff'])
    const p = r.last() as KubeObject
    expect(statuses(p)[0].lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 })
    expect((p.status as { phase: string }).phase).toBe('Running')
  })

  it('an oom image is OOMKilled, then crash-loops', async () => {
    const store = testStore()
    start(store)
    const r = recordStatuses(store, 'hog')
    store.create('pods', pod('hog', 'oom-hog'))
    await waitFor('back-off', () => r.seen.includes('CrashLoopBackOff'), 20_000)
    r.cancel()
    expect(r.seen.indexOf('OOMKilled')).toBeGreaterThan(0)
    expect(r.seen.indexOf('OOMKilled')).toBeLessThan(r.seen.indexOf('CrashLoopBackOff'))
    expect(statuses(r.last())[0].lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 })
  })

  it('a missing image alternates ErrImagePull and ImagePullBackOff and stays Pending', async () => {
    const store = testStore()
    start(store)
    const r = recordStatuses(store, 'typo')
    store.create('pods', pod('typo', 'nginx:nonexistent'))
    await waitFor('back-off', () => r.seen.includes('ImagePullBackOff'), 20_000)
    r.cancel()
    expect(r.seen).toEqual(['Pending', 'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff'])
    expect((r.last()?.status as { phase: string }).phase).toBe('Pending')
  })

  it('runs init containers one by one (Init:0/2, Init:1/2, PodInitializing) before the app', async () => {
    const store = testStore()
    start(store)
    const r = recordStatuses(store, 'init')
    store.create(
      'pods',
      pod('init', 'nginx', {
        initContainers: [
          { name: 'a', image: 'busybox' },
          { name: 'b', image: 'busybox' }
        ]
      })
    )
    await waitFor('running', () => r.seen.includes('Running'))
    r.cancel()
    expect(r.seen).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'Running'])
  })

  it('job pods complete (restartPolicy Never) or end in Error for a failing image', async () => {
    const store = testStore()
    start(store)
    const ok = recordStatuses(store, 'pi')
    const bad = recordStatuses(store, 'oops')
    store.create('pods', pod('pi', 'perl:5.34', { restartPolicy: 'Never' }))
    store.create('pods', pod('oops', 'fail', { restartPolicy: 'Never' }))
    await waitFor('both done', () => ok.seen.includes('Completed') && bad.seen.includes('Error'))
    ok.cancel()
    bad.cancel()
    expect((ok.last()?.status as { phase: string }).phase).toBe('Succeeded')
    expect((bad.last()?.status as { phase: string }).phase).toBe('Failed')
    expect(statuses(bad.last())[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' })
  })

  it('leaves a pod bound to a node that does not exist exactly as written', async () => {
    const store = testStore()
    start(store)
    const written = pod('ghost', 'crash', { nodeName: 'no-such-node' })
    written.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }
    const rec = store.create('pods', written)
    store.create('pods', pod('witness', 'nginx'))
    await waitFor('witness running', () => print(store.object(store.get('pods', 'demo', 'witness') as typeof rec)).status === 'Running')
    await new Promise((r) => setTimeout(r, 100))
    const now = store.get('pods', 'demo', 'ghost')
    expect(now?.rv).toBe(rec.rv)
    expect(now?.json.equals(rec.json)).toBe(true)
  })

  it('stops the containers of a pod being deleted but leaves the object to graceful deletion', async () => {
    const store = testStore()
    start(store)
    store.create('pods', pod('web', 'nginx'))
    const running = await waitFor('running', () => {
      const p = store.object(store.get('pods', 'demo', 'web') as NonNullable<ReturnType<SimStore['get']>>)
      return print(p).status === 'Running' && p
    })
    running.metadata.deletionTimestamp = new Date(Date.now() + 30_000).toISOString()
    running.metadata.deletionGracePeriodSeconds = 30
    store.update('pods', running)
    const p = await waitFor('stopped', () => {
      const cur = store.object(store.get('pods', 'demo', 'web') as NonNullable<ReturnType<SimStore['get']>>)
      return statuses(cur)[0]?.state.terminated && cur
    })
    expect(print(p)).toMatchObject({ status: 'Terminating', ready: '0/1' })
    expect(store.get('pods', 'demo', 'web')).toBeDefined()
  })

  it('records the events kubectl describe shows, aggregating repeats', async () => {
    const store = testStore()
    start(store)
    store.create('pods', pod('bad', 'crash'))
    // In creation order: the first write of each event (its uid order follows creation, names are random).
    const firstRv = new Map<string, number>()
    const w = store.watch('events', { namespace: 'demo' }, store.currentRv(), (type, rec) => {
      if (type === 'ADDED') firstRv.set(rec.name, rec.rv)
    })
    const events = (): KubeObject[] =>
      store
        .list('events', { namespace: 'demo' })
        .items.sort((a, b) => (firstRv.get(a.name) ?? 0) - (firstRv.get(b.name) ?? 0))
        .map((r) => store.object(r))
        .filter((e) => (e.involvedObject as { name: string }).name === 'bad')
    await waitFor('two back-offs', () => events().some((e) => e.reason === 'BackOff' && (e.count as number) >= 2), 20_000)
    w.cancel()
    const reasons = events().map((e) => `${e.type as string}/${e.reason as string}`)
    expect(reasons.slice(0, 4)).toEqual(['Normal/Scheduled', 'Normal/Pulled', 'Normal/Created', 'Normal/Started'])
    expect(reasons.filter((r) => r === 'Warning/BackOff')).toHaveLength(1)
    const scheduled = events()[0]
    expect(scheduled.message).toMatch(/^Successfully assigned demo\/bad to node-\d$/)
    expect(scheduled.source).toEqual({ component: 'default-scheduler' })
    expect((events()[1].source as { host: string }).host).toMatch(/^node-\d$/)
  })
})
