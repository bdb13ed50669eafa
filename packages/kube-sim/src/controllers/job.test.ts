// The job controller: a job completes with the conditions kubectl waits for; parallelism is
// honoured; a failing image exhausts backoffLimit and the job fails.
import { describe, expect, it } from 'vitest'
import { kubectlPodStatus } from '../gen/index.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { useControllers, job, objects, testStore, waitFor } from './testkit.ts'

const start = useControllers()

interface JStatus {
  active?: number
  succeeded?: number
  failed?: number
  startTime?: string
  completionTime?: string
  conditions?: { type: string; status: string; reason: string }[]
}
const get = (store: SimStore, name: string): KubeObject => store.object(store.get('jobs', 'demo', name) as NonNullable<ReturnType<SimStore['get']>>)
const status = (store: SimStore, name: string): JStatus => (get(store, name).status ?? {}) as JStatus
const conds = (s: JStatus): string[] => (s.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}/${c.reason}`)

describe('job controller', () => {
  it('runs `kubectl create job pi --image=perl` to Complete 1/1', async () => {
    const store = testStore()
    start(store)
    store.create('jobs', job('pi', 'perl:5.34'))
    await waitFor('complete', () => conds(status(store, 'pi')).includes('Complete/CompletionsReached'))
    const s = status(store, 'pi')
    expect(conds(s)).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached'])
    expect(s.succeeded).toBe(1)
    expect(s.active).toBeUndefined()
    expect(Date.parse(s.completionTime ?? '')).toBeGreaterThanOrEqual(Date.parse(s.startTime ?? ''))
    const [p] = objects(store, 'pods')
    const uid = get(store, 'pi').metadata.uid
    expect(p.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/)
    expect(p.metadata.labels).toMatchObject({
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'batch.kubernetes.io/controller-uid': uid
    })
    expect(kubectlPodStatus(p).status).toBe('Completed')
  })

  it('runs completions=4 with at most parallelism=2 pods at once', async () => {
    const store = testStore()
    start(store)
    let most = 0
    const running = new Set<string>()
    const w = store.watch('pods', { namespace: 'demo' }, store.currentRv(), (type, rec) => {
      const phase = (store.object(rec).status as { phase?: string }).phase
      if (type === 'DELETED' || phase === 'Succeeded' || phase === 'Failed') running.delete(rec.name)
      else running.add(rec.name)
      most = Math.max(most, running.size)
    })
    store.create('jobs', job('batch', 'busybox', { completions: 4, parallelism: 2 }))
    await waitFor('complete', () => conds(status(store, 'batch')).includes('Complete/CompletionsReached'))
    w.cancel()
    expect(status(store, 'batch').succeeded).toBe(4)
    expect(most).toBe(2)
    expect(objects(store, 'pods')).toHaveLength(4)
  })

  it('fails after backoffLimit failed pods', async () => {
    const store = testStore()
    start(store)
    store.create('jobs', job('flaky', 'fail', { backoffLimit: 1 }))
    await waitFor('failed', () => conds(status(store, 'flaky')).includes('Failed/BackoffLimitExceeded'))
    const s = status(store, 'flaky')
    expect(conds(s)).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded'])
    expect(s.failed).toBe(2)
    expect(s.completionTime).toBeUndefined()
    expect(objects(store, 'pods').map((p) => kubectlPodStatus(p).status)).toEqual(['Error', 'Error'])
  })

  it('counts in-place restarts (restartPolicy OnFailure) against backoffLimit', async () => {
    const store = testStore()
    start(store)
    const j = job('loop', 'crash', { backoffLimit: 1 })
    ;(j.spec as { template: { spec: { restartPolicy: string } } }).template.spec.restartPolicy = 'OnFailure'
    store.create('jobs', j)
    await waitFor('failed', () => conds(status(store, 'loop')).includes('Failed/BackoffLimitExceeded'))
    // The one pod restarted in place until the limit; the failed job then removed it.
    expect(objects(store, 'pods')).toHaveLength(0)
  })
})
