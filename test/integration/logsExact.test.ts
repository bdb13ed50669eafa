/**
 * Log streams at their edges, over real HTTP against the simulator's own record: a workload's
 * merged stream resumed while one of its pods lags behind the others (the lag forced on that
 * pod's upstream at the moment of the reconnect) loses and repeats nothing; a workload stream
 * ends, saying why, when its workload is deleted; pods named like route words (`objects`,
 * `watch`, `logs`) have their object and their logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEndData } from '../../src/shared/api/logs.ts'
import type { RawLogLine, WatchEngine } from '../../src/main/watch/types.ts'
import { CLUSTER, TOKEN, startStack } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'
import { openSse } from '../support/sseClient.ts'
import type { SseConn } from '../support/sseClient.ts'
import { Collected, record } from '../support/logCollect.ts'
import { simApi } from '../support/simApi.ts'

const NS = 'default'
const auth = { authorization: `Bearer ${TOKEN}` }
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const logsPath = (kind: string, name: string, q = ''): string => `/api/clusters/${CLUSTER}/${kind}/objects/${name}/logs?namespace=${NS}${q}`

let stack: Stack

beforeAll(async () => {
  stack = await startStack({ sim: { pods: 20, logRate: 40, controllers: { stepMs: 40 } } })
})
afterAll(async () => {
  await stack?.stop()
})

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

function deployment(name: string, replicas: number): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } }
    }
  }
}

/** Names of the running pods of `app`, sorted. */
function runningPods(app: string): string[] {
  return stack.sim.store
    .list('pods', { namespace: NS, labelSelector: `app=${app}` })
    .items.filter((r) =>
      Boolean(
        (stack.sim.store.object(r) as { status?: { containerStatuses?: { state?: { running?: unknown } }[] } }).status?.containerStatuses?.[0]?.state?.running
      )
    )
    .map((r) => r.name)
    .sort()
}

/**
 * Make one pod's node lag: while on, the lines of that pod's upstream log requests are held back
 * (not lost: they arrive late, in order, when it is turned off), as a slow kubelet would send them.
 */
function lagOf(engine: WatchEngine, pod: string): { set(on: boolean): void; restore(): void } {
  const orig = engine.podLog.bind(engine)
  let on = false
  const releases = new Set<() => void>()
  engine.podLog = async (cluster, namespace, p, query, req) => {
    if (p !== pod) return orig(cluster, namespace, p, query, req)
    const held: (readonly RawLogLine[])[] = []
    const release = (): void => {
      for (let b = held.shift(); b; b = held.shift()) req.onLines(b)
    }
    releases.add(release)
    try {
      await orig(cluster, namespace, p, query, {
        ...req,
        onLines: (lines) => {
          held.push(lines)
          if (!on) release()
        }
      })
      while (on && !req.signal.aborted) await sleep(20)
      if (!req.signal.aborted) release()
    } finally {
      releases.delete(release)
    }
  }
  return {
    set(v) {
      on = v
      if (!v) for (const r of releases) r()
    },
    restore() {
      engine.podLog = orig
    }
  }
}

describe('log streams at the edges', () => {
  it('a workload stream resumed while one pod lags behind the others loses and repeats no line of any pod, and ends when the workload is deleted', async () => {
    expect((await simApi(stack.sim, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment('lag', 2))).status).toBe(201)
    await until('two lag pods running', () => runningPods('lag').length === 2)
    const [fast, slow] = runningPods('lag')
    const lag = lagOf(stack.engine, slow)
    try {
      const got = new Collected()
      let conn: SseConn = await openSse(stack.server.origin, logsPath('deployments', 'lag', '&tailLines=100000'), auth)
      expect(conn.status).toBe(200)
      await conn.waitFor((f) => f.event === 'ready')
      await until('both pods logging', () => conn.frames.filter((f) => f.event === 'source').length === 2)
      await sleep(600)
      lag.set(true)
      await sleep(1500)
      // Cut the connection while `slow` is well behind `fast`: its held lines never reached the client.
      got.take(conn.frames, 0)
      conn.close()
      const lastOf = (pod: string): string => (got.lines.get(`${pod}/main`) ?? []).at(-1)?.slice(0, 30) ?? ''
      expect(lastOf(fast) > lastOf(slow), 'the lag really happened: the fast pod got ahead').toBe(true)
      expect(Date.parse(lastOf(fast)) - Date.parse(lastOf(slow))).toBeGreaterThan(1000)
      await sleep(300)
      conn = await openSse(stack.server.origin, logsPath('deployments', 'lag'), { ...auth, 'last-event-id': got.lastId ?? '' })
      await conn.waitFor((f) => f.event === 'ready' && (JSON.parse(f.data ?? '{}') as { resumed: boolean }).resumed)
      await sleep(500)
      lag.set(false)
      await sleep(800)
      expect((await simApi(stack.sim, 'DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/lag`)).status).toBe(200)
      const end = await conn.waitFor((f) => f.event === 'end', 20_000)
      expect((JSON.parse(end.data ?? '{}') as LogEndData).reason).toBe('Deployment lag was deleted; the logs of its pods are complete')
      await conn.ended
      got.take(conn.frames, 0)
      const want = record(stack.sim.logs.written({ namespace: NS, labels: { app: 'lag' } }))
      expect([...got.lines.keys()].sort()).toEqual([...want.keys()].sort())
      for (const [k, lines] of want) expect(got.lines.get(k), k).toEqual(lines)
    } finally {
      lag.restore()
    }
  }, 60_000)

  it('a workload stream with no pods ends at once when its workload is deleted', async () => {
    expect((await simApi(stack.sim, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment('idle', 0))).status).toBe(201)
    const conn = await openSse(stack.server.origin, logsPath('deployments', 'idle'), auth)
    await conn.waitFor((f) => f.event === 'ready')
    await sleep(300)
    expect(conn.frames.some((f) => f.event === 'end')).toBe(false)
    expect((await simApi(stack.sim, 'DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/idle`)).status).toBe(200)
    const end = await conn.waitFor((f) => f.event === 'end', 5_000)
    expect(JSON.parse(end.data ?? '{}')).toEqual({ reason: 'Deployment idle was deleted; the logs of its pods are complete' })
    await conn.ended
  }, 20_000)

  it.each(['objects', 'watch', 'logs'])(
    'a pod named %s has its object and its logs',
    async (name) => {
      const created = await simApi(stack.sim, 'POST', `/api/v1/namespaces/${NS}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: NS, labels: { word: name } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] }
      })
      expect(created.status).toBe(201)
      await until(`${name} running`, () =>
        Boolean(
          (
            stack.sim.store.object(stack.sim.store.get('pods', NS, name) ?? stack.sim.store.list('pods').items[0]) as {
              status?: { containerStatuses?: { state?: { running?: unknown } }[] }
            }
          ).status?.containerStatuses?.[0]?.state?.running
        )
      )
      const obj = await fetch(`${stack.server.origin}/api/clusters/${CLUSTER}/pods/objects/${name}?namespace=${NS}`, { headers: auth })
      expect(obj.status).toBe(200)
      expect(((await obj.json()) as { object: { metadata: { name: string } } }).object.metadata.name).toBe(name)
      const conn = await openSse(stack.server.origin, logsPath('pods', name, '&tailLines=100000'), auth)
      expect(conn.status).toBe(200)
      expect(JSON.parse((await conn.waitFor((f) => f.event === 'ready')).data ?? '{}')).toEqual({ container: 'c', resumed: false })
      await conn.waitFor((f) => f.event === 'lines')
      await sleep(300)
      conn.close()
      const got = new Collected()
      got.take(conn.frames, 0, 'c')
      const lines = got.lines.get('c') ?? []
      const want = record(stack.sim.logs.written({ namespace: NS, labels: { word: name } })).get(`${name}/c`) ?? []
      expect(lines.length).toBeGreaterThan(1)
      expect(lines).toEqual(want.slice(0, lines.length))
    },
    20_000
  )
})
