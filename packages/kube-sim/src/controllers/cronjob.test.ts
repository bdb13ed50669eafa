// The cronjob controller on an injectable clock: jobs named <cj>-<scheduled minutes>, status,
// history limits, suspend and concurrencyPolicy Forbid.
import { describe, expect, it } from 'vitest'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { useControllers, objects, testStore, waitFor } from './testkit.ts'

const start = useControllers()

const MINUTE = 60_000

function cronJob(image: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'demo' },
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        metadata: { labels: { app: 'tick' } },
        spec: { template: { spec: { containers: [{ name: 'tick', image }], restartPolicy: 'OnFailure' } } }
      },
      ...spec
    }
  }
}

/** A clock that starts now and moves only when told. */
function fakeClock(): { now: () => number; advance(ms: number): void } {
  let t = Date.now()
  return {
    now: () => t,
    advance: (ms) => {
      t += ms
    }
  }
}

const status = (store: SimStore): { lastScheduleTime?: string; lastSuccessfulTime?: string; active?: { name: string }[] } =>
  (store.object(store.get('cronjobs', 'demo', 'tick') as NonNullable<ReturnType<SimStore['get']>>).status ?? {}) as never
const complete = (j: KubeObject): boolean =>
  ((j.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True')

describe('cronjob controller', () => {
  it('creates <cj>-<minutes> on schedule, records it, and keeps 3 successful jobs', async () => {
    const store = testStore()
    const clock = fakeClock()
    start(store, { now: clock.now })
    store.create('cronjobs', cronJob('busybox', { successfulJobsHistoryLimit: 3 }))
    await new Promise((r) => setTimeout(r, 150))
    expect(objects(store, 'jobs')).toHaveLength(0)
    const names: string[] = []
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE)
      const due = Math.floor(clock.now() / MINUTE)
      names.push(`tick-${due}`)
      const j = await waitFor(`job ${i + 1}`, () => store.get('jobs', 'demo', `tick-${due}`))
      const job = store.object(j)
      expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true })
      expect(job.metadata.labels).toEqual({ app: 'tick' })
      expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(new Date(due * MINUTE).toISOString().replace('.000Z', 'Z'))
      expect(status(store).lastScheduleTime).toBe(new Date(due * MINUTE).toISOString().replace('.000Z', 'Z'))
      await waitFor(`job ${i + 1} complete`, () => complete(store.object(store.get('jobs', 'demo', `tick-${due}`) as typeof j)))
    }
    await waitFor('history trimmed', () => objects(store, 'jobs').length === 3 && !status(store).active)
    expect(
      objects(store, 'jobs')
        .map((j) => j.metadata.name)
        .sort()
    ).toEqual(names.slice(2).sort())
    expect(status(store).lastSuccessfulTime).toBeDefined()
  })

  it('does nothing while suspended, and Forbid skips a run while one is active', async () => {
    const store = testStore()
    const clock = fakeClock()
    start(store, { now: clock.now })
    store.create('cronjobs', cronJob('busybox', { suspend: true }))
    clock.advance(MINUTE)
    await new Promise((r) => setTimeout(r, 200))
    expect(objects(store, 'jobs')).toHaveLength(0)
    const cj = store.object(store.get('cronjobs', 'demo', 'tick') as NonNullable<ReturnType<SimStore['get']>>)
    Object.assign(cj.spec as object, {
      suspend: false,
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'x', image: 'crash' }], restartPolicy: 'OnFailure' } } } }
    })
    store.update('cronjobs', cj, true)
    const first = await waitFor('first job', () => objects(store, 'jobs')[0])
    await waitFor('active', () => status(store).active?.[0]?.name === first.metadata.name)
    clock.advance(MINUTE)
    await new Promise((r) => setTimeout(r, 200))
    expect(objects(store, 'jobs').map((j) => j.metadata.name)).toEqual([first.metadata.name])
  })
})
