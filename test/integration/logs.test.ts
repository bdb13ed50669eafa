/**
 * Log streams over real HTTP, against the simulator's own record of what each container wrote:
 * a workload's merged stream through a scale-up, a resume and a rolling update loses and repeats
 * nothing; a crashing pod's stream ends with the exit and its previous run is complete; errors,
 * waiting containers and the per-user cap answer as documented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLUSTER, TOKEN, startStack } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'
import { openSse } from '../support/sseClient.ts'
import type { SseConn } from '../support/sseClient.ts'
import { Collected, record } from '../support/logCollect.ts'
import { simApi } from '../support/simApi.ts'

const NS = 'default'
const auth = { authorization: `Bearer ${TOKEN}` }
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let stack: Stack

beforeAll(async () => {
  stack = await startStack({ sim: { pods: 20, logRate: 40, controllers: { stepMs: 40 } }, env: { PERISCOPE_WATCH_PER_USER_LIMIT: '4' } })
})
afterAll(async () => {
  await stack?.stop()
})

function deployment(name: string, image: string, replicas: number): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } }
    }
  }
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

const logsPath = (kind: string, name: string, q = ''): string => `/api/clusters/${CLUSTER}/${kind}/objects/${name}/logs?namespace=${NS}${q}`

describe('log streams', () => {
  it("a deployment's merged logs follow a scale-up, a resume and a rolling update with no lost and no repeated line", async () => {
    expect((await simApi(stack.sim, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment('web', 'nginx:1.27', 2))).status).toBe(201)
    const got = new Collected()
    let conn: SseConn = await openSse(stack.server.origin, logsPath('deployments', 'web', '&tailLines=100000'), auth)
    expect(conn.status).toBe(200)
    await conn.waitFor((f) => f.event === 'ready')
    await until('two pods logging', () => conn.frames.filter((f) => f.event === 'source').length >= 2)
    await sleep(500)
    const scale = await simApi(
      stack.sim,
      'PATCH',
      `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`,
      { spec: { replicas: 5 } },
      'application/merge-patch+json'
    )
    expect(scale.status).toBe(200)
    await until('five pods logging', () => conn.frames.filter((f) => f.event === 'source').length >= 5)
    await sleep(400)
    // Drop the connection mid-stream and resume from the last id received.
    got.take(conn.frames, 0)
    conn.close()
    await sleep(300)
    expect(got.lastId).toBeDefined()
    conn = await openSse(stack.server.origin, logsPath('deployments', 'web'), { ...auth, 'last-event-id': got.lastId ?? '' })
    await conn.waitFor((f) => f.event === 'ready' && (JSON.parse(f.data ?? '{}') as { resumed: boolean }).resumed)
    const roll = await simApi(
      stack.sim,
      'PATCH',
      `/apis/apps/v1/namespaces/${NS}/deployments/web`,
      { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      'application/strategic-merge-patch+json'
    )
    expect(roll.status).toBe(200)
    await sleep(1500)
    // Stop every pod: their runs end, the followers read to the end, the record is final.
    expect((await simApi(stack.sim, 'DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/web`)).status).toBe(200)
    await until('every pod of web gone', () => stack.sim.store.list('pods', { namespace: NS, labelSelector: 'app=web' }).items.length === 0, 20_000)
    await sleep(1500)
    got.take(conn.frames, 0)
    conn.close()
    const want = record(stack.sim.logs.written({ namespace: NS, labels: { app: 'web' } }))
    expect(want.size).toBeGreaterThanOrEqual(7)
    expect([...got.lines.keys()].sort()).toEqual([...want.keys()].sort())
    for (const [k, lines] of want) {
      expect(lines.length).toBeGreaterThan(0)
      expect(got.lines.get(k), k).toEqual(lines)
    }
  }, 60_000)

  it("a crashing pod's stream shows the stack trace and ends with the exit; its previous run is complete", async () => {
    expect((await simApi(stack.sim, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment('boom', 'crash', 1))).status).toBe(201)
    let pod = ''
    await until('a boom pod running', () => {
      const p = stack.sim.store.list('pods', { namespace: NS, labelSelector: 'app=boom' }).items[0]
      const o = p ? (stack.sim.store.object(p) as { status?: { containerStatuses?: { state?: { running?: unknown } }[] } }) : undefined
      pod = p?.name ?? ''
      return Boolean(o?.status?.containerStatuses?.[0]?.state?.running)
    })
    const conn = await openSse(stack.server.origin, logsPath('pods', pod), auth)
    const end = await conn.waitFor((f) => f.event === 'end', 10_000)
    const data = JSON.parse(end.data ?? '{}') as { exitCode?: number; restarting?: boolean }
    expect(data.exitCode).toBe(1)
    expect(data.restarting).toBe(true)
    await conn.ended
    const got = new Collected()
    got.take(conn.frames, 0, 'main')
    const text = (got.lines.get('main') ?? []).map((l) => l.slice(l.indexOf(' ') + 1))
    expect(text).toContain('panic: runtime error: invalid memory address or nil pointer dereference')
    const first = record(stack.sim.logs.written({ namespace: NS, labels: { app: 'boom' } }).filter((r) => r.index === 0))
    expect(got.lines.get('main')).toEqual(first.get(`${pod}/main`))
    // After the restart, --previous is exactly that first run.
    await until('a restart', () => {
      const o = stack.sim.store.object(stack.sim.store.get('pods', NS, pod) ?? stack.sim.store.list('pods').items[0]) as {
        status?: { containerStatuses?: { restartCount?: number }[] }
      }
      return (o.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1
    })
    const prev = await openSse(stack.server.origin, logsPath('pods', pod, '&previous=true&tailLines=100000'), auth)
    await prev.waitFor((f) => f.event === 'end')
    const p = new Collected()
    p.take(prev.frames, 0, 'main')
    expect(p.lines.get('main')).toEqual(first.get(`${pod}/main`))
  }, 30_000)

  it('a pod stream resumed from Last-Event-ID repeats and loses nothing, even inside a burst of lines sharing one timestamp', async () => {
    const pod = stack.sim.store.list('pods', { namespace: NS, labelSelector: 'app=boom' }).items[0]?.name ?? ''
    // The previous run ends with a stack trace: 11 lines, one timestamp. Resume inside it.
    const all = await openSse(stack.server.origin, logsPath('pods', pod, '&previous=true&tailLines=100000'), auth)
    await all.waitFor((f) => f.event === 'end')
    const full = new Collected()
    full.take(all.frames, 0, 'main')
    const lines = full.lines.get('main') ?? []
    const cut = lines.length - 5
    const [t] = lines[cut - 1].split(' ')
    const n = lines.slice(0, cut).filter((l) => l.startsWith(`${t} `)).length
    expect(n).toBeGreaterThan(1)
    const resumed = await openSse(stack.server.origin, logsPath('pods', pod, '&previous=true'), { ...auth, 'last-event-id': `${t}~${n}` })
    await resumed.waitFor((f) => f.event === 'end')
    const rest = new Collected()
    rest.take(resumed.frames, 0, 'main')
    expect(rest.lines.get('main')).toEqual(lines.slice(cut))
  }, 20_000)

  it("answers errors and waiting containers in the apiserver's words", async () => {
    const missing = await openSse(stack.server.origin, logsPath('pods', 'no-such-pod'), auth)
    const err = await missing.waitFor((f) => f.event === 'error')
    expect(JSON.parse(err.data ?? '{}')).toMatchObject({ status: 404, permanent: true })
    const pod = stack.sim.store.list('pods', { namespace: NS, labelSelector: 'app=boom' }).items[0]?.name ?? ''
    const bad = await openSse(stack.server.origin, logsPath('pods', pod, '&container=nope'), auth)
    expect(JSON.parse((await bad.waitFor((f) => f.event === 'error')).data ?? '{}')).toMatchObject({
      reason: `container nope is not valid for pod ${pod}`,
      status: 400
    })
    expect(
      (
        await simApi(stack.sim, 'POST', `/api/v1/namespaces/${NS}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'slowpoke', namespace: NS },
          spec: { containers: [{ name: 'c', image: 'slow' }] }
        })
      ).status
    ).toBe(201)
    // Once the kubelet reports the container (before that the kubelet says "is not available").
    await until('slowpoke creating', () =>
      Boolean(
        (
          stack.sim.store.object(stack.sim.store.get('pods', NS, 'slowpoke') ?? stack.sim.store.list('pods').items[0]) as {
            status?: { containerStatuses?: unknown[] }
          }
        ).status?.containerStatuses
      )
    )
    const wait = await openSse(stack.server.origin, logsPath('pods', 'slowpoke'), auth)
    const w = await wait.waitFor((f) => f.event === 'waiting', 8_000)
    expect(JSON.parse(w.data ?? '{}').reason).toBe('container "c" in pod "slowpoke" is waiting to start: ContainerCreating')
    wait.close()
    for (const c of [missing, bad]) c.close()
    const routeErr = await openSse(stack.server.origin, `/api/clusters/${CLUSTER}/services/objects/x/logs?namespace=${NS}`, auth)
    expect(routeErr.status).toBe(400)
  }, 20_000)

  it('counts each log stream against the per-user cap and lists it in /debug/streams', async () => {
    const pod = stack.sim.store.list('pods', { namespace: NS, labelSelector: 'app=boom' }).items[0]?.name ?? ''
    await until(
      'earlier streams closed',
      async () => ((await (await fetch(`${stack.server.origin}/debug/streams`, { headers: auth })).json()) as unknown[]).length === 0
    )
    const open: SseConn[] = []
    for (let i = 0; i < 4; i++) open.push(await openSse(stack.server.origin, logsPath('deployments', 'boom'), auth))
    expect(open.map((c) => c.status)).toEqual([200, 200, 200, 200])
    const over = await openSse(stack.server.origin, logsPath('pods', pod), auth)
    expect(over.status).toBe(429)
    const debug = (await (await fetch(`${stack.server.origin}/debug/streams`, { headers: auth })).json()) as { type: string; kind: string; name?: string }[]
    expect(debug.filter((s) => s.type === 'logs' && s.kind === 'deployments' && s.name === 'boom')).toHaveLength(4)
    for (const c of open) c.close()
  }, 20_000)
})
