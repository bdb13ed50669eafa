// The watch engine with the disk cache, against a scripted source: what the polled list answers
// when the cluster is up, down (status offline) or failing, and that close() persists.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ClusterStatus } from '../../shared/api/wire.ts'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { UpstreamError } from '../kube/errors.ts'
import type { ResourceSource } from '../kube/source.ts'
import { createWatchEngine } from '../watch/engine.ts'
import type { WatchEngine, WatchKeyParts } from '../watch/types.ts'
import { openSnapshotCache } from './snapshotCache.ts'

const PODS: WatchKeyParts = { cluster: 'c1', kind: 'pods', namespace: '' }

function pod(name: string, rv: string): ObjectLike {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: {},
    status: { phase: 'Running' }
  } as ObjectLike
}

interface Scripted {
  mode: 'ok' | 'fail' | 'hang'
  objects: ObjectLike[]
  lists: number
  status: ClusterStatus
  server: string
}

let dir: string
let engines: WatchEngine[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-engine-cache-'))
})
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()))
  engines = []
  rmSync(dir, { recursive: true, force: true })
})

function setup(s: Scripted, maxRowsPerKey?: number): { engine: WatchEngine; logs: string[]; release: () => void } {
  const logs: string[] = []
  const hung: (() => void)[] = []
  const source: ResourceSource = {
    async list(o) {
      s.lists++
      if (s.mode === 'fail') throw new UpstreamError('network', 'connection refused to 10.0.0.1:6443')
      if (s.mode === 'hang') {
        await new Promise<void>((resolve, reject) => {
          hung.push(resolve)
          o.signal.addEventListener('abort', () => reject(new UpstreamError('aborted', 'aborted')))
        })
      }
      o.onPage(s.objects)
      return { resourceVersion: String(100 + s.objects.length) }
    },
    watch: () => new Promise(() => undefined)
  }
  const cache = openSnapshotCache({
    dir,
    log: (l) => logs.push(l),
    firstWriteDelayMs: 10,
    minWriteIntervalMs: 100,
    ...(maxRowsPerKey ? { maxRowsPerKey } : {})
  })
  const engine = createWatchEngine({
    clusters: {
      list: () => [{ id: 'c1', status: s.status, reason: s.status === 'ok' ? '' : 'down', server: s.server }],
      has: (id) => id === 'c1',
      source: () => source
    },
    cache,
    probe: false,
    lingerMs: 0
  })
  engines.push(engine)
  return {
    engine,
    logs,
    release: () => {
      for (const r of hung.splice(0)) r()
    }
  }
}

describe('engine + offline cache', () => {
  it('answers the last good LIST, stale with its time, when a LIST fails; nothing cached → the error', async () => {
    const s: Scripted = { mode: 'fail', objects: [pod('a', '1'), pod('b', '2')], lists: 0, status: 'ok', server: 'h:1' }
    const { engine } = setup(s)
    await expect(engine.list(PODS)).rejects.toThrow('connection refused')
    s.mode = 'ok'
    const t0 = Date.now()
    const live = await engine.list(PODS)
    expect(live).toMatchObject({ stale: false, resourceVersion: '102' })
    s.mode = 'fail'
    const stale = await engine.list(PODS)
    expect(stale).toMatchObject({ stale: true, resourceVersion: '102' })
    expect(stale.items.map((r) => r.name)).toEqual(['a', 'b'])
    expect(Date.parse(stale.lastSeen ?? '')).toBeGreaterThanOrEqual(t0 - 5)
  })

  it('a cluster marked offline answers the cache at once, while its LIST still runs; back up → live rows', async () => {
    const s: Scripted = { mode: 'ok', objects: [pod('a', '1')], lists: 0, status: 'ok', server: 'h:1' }
    const { engine, release } = setup(s)
    await engine.list(PODS)
    s.mode = 'hang'
    s.status = 'offline'
    const before = s.lists
    const r = await engine.list(PODS)
    expect(r).toMatchObject({ stale: true })
    expect(s.lists).toBe(before + 1)
    s.mode = 'ok'
    s.status = 'ok'
    s.objects = [pod('a', '1'), pod('c', '3')]
    release() // the LIST in flight gets its answer once the cluster is back
    const back = await engine.list(PODS)
    expect(back.stale).toBe(false)
    expect(back.items.map((x) => x.name).sort()).toEqual(['a', 'c'])
  })

  it('close() persists pending snapshots; another engine reads them from disk, but not for a moved server', async () => {
    const s: Scripted = { mode: 'ok', objects: [pod('a', '1'), pod('b', '2'), pod('c', '3')], lists: 0, status: 'ok', server: 'h:1' }
    const first = setup(s)
    await first.engine.list(PODS)
    await first.engine.close()
    s.mode = 'fail'
    const second = setup(s)
    expect((await second.engine.list(PODS)).items).toHaveLength(3)
    s.server = 'elsewhere:443'
    const third = setup(s)
    await expect(third.engine.list(PODS)).rejects.toThrow('connection refused')
  })

  it('a list cut by the per-list bound says so (`total`), and events keep the newest', async () => {
    const EVENTS: WatchKeyParts = { cluster: 'c1', kind: 'events', namespace: '' }
    const event = (i: number): ObjectLike =>
      ({
        metadata: { name: `ev${i}`, namespace: 'default', uid: `uid-ev${i}`, resourceVersion: String(i + 1), creationTimestamp: '2024-01-01T00:00:00Z' },
        involvedObject: { kind: 'Pod', name: `p${i}` },
        reason: 'Started',
        type: 'Normal',
        count: 1,
        lastTimestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()
      }) as unknown as ObjectLike
    const s: Scripted = { mode: 'ok', objects: Array.from({ length: 30 }, (_, i) => event(i)), lists: 0, status: 'ok', server: 'h:1' }
    const first = setup(s, 10)
    const live = await first.engine.list(EVENTS)
    expect(live.items).toHaveLength(30)
    expect(live.total).toBeUndefined()
    await first.engine.close()
    s.mode = 'fail'
    const second = setup(s, 10)
    const stale = await second.engine.list(EVENTS)
    expect(stale).toMatchObject({ stale: true, total: 30 })
    // The newest ten: minutes 29 down to 20.
    expect(stale.items.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `ev${29 - i}`))
    expect(first.logs.join('\n')).toContain('has 30 rows; keeping the newest 10')
  })
})
