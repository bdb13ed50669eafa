/**
 * Downstream faults on the real path: a slow SSE consumer, and 1,000 open-and-close cycles of
 * SSE clients. Afterwards no upstream watch, cap slot, stream entry or file descriptor may have
 * leaked, and the clients that stay must still equal the simulator. Every loop is bounded.
 */
import { readdirSync } from 'node:fs'
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createStreamLimiter } from '../../src/main/limiter/streamLimiter.ts'
import type { DebugStream, DebugWatch } from '../../src/shared/api/wire.ts'
import type { KindId } from '../../src/shared/kinds/registry.ts'
import { diffVersions, openRowClient, versionsOf } from '../support/rowClient.ts'
import { TOKEN, getJson, startStack, watchPath } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'

let stack: Stack | undefined
afterEach(async () => {
  await stack?.stop()
  stack = undefined
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const fds = (): number => readdirSync('/proc/self/fd').length

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what}: not reached within ${ms} ms`)
    await sleep(25)
  }
}

/**
 * One SSE client's whole life on its own connection: open, optionally read until the snapshot
 * (or the first frame), then close. @returns the HTTP status.
 */
function cycle(origin: string, path: string, mode: 'snapshot' | 'headers' | 'instant', lastEventId?: string): Promise<number> {
  const u = new URL(origin)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      Authorization: `Bearer ${TOKEN}`,
      ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {})
    }
    const req = request({ host: u.hostname, port: Number(u.port), path, agent: false, headers })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error(`cycle on ${path} (${mode}) took over 10 s`))
    }, 10_000)
    const done = (status: number): void => {
      clearTimeout(timer)
      req.destroy()
      resolve(status)
    }
    req.on('error', () => undefined)
    if (mode === 'instant') setImmediate(() => done(-1))
    req.on('response', (res) => {
      const status = res.statusCode ?? 0
      if (mode !== 'snapshot' || status !== 200) return done(status)
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        text += c
        if (text.includes('\n\n')) done(status)
      })
    })
    req.end()
  })
}

describe('fault suite: SSE clients that misbehave', () => {
  it('a slow consumer is closed past its bound, its cap slot is freed, and its reconnect resumes', async () => {
    const s = (stack = await startStack({ env: { PERISCOPE_WATCH_PER_USER_LIMIT: '1' }, server: { maxBufferedBytes: 64 * 1024 } }))
    const ns = s.sim.store.list('pods', { limit: 1 }).items[0].ns
    const slow = s.client('pods', ns)
    await slow.waitUntil(() => (slow.counts.snapshot ?? 0) === 1, 15_000, 'first snapshot')
    // A pod whose row carries a 32 KB label: each update is a ~32 KB delta.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'slow-probe', namespace: ns, labels: { blob: 'a'.repeat(32_000) } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] }
    }
    s.sim.store.create('pods', pod)
    await slow.waitUntil(() => [...slow.rows.values()].some((r) => r.name === 'slow-probe'), 5_000, 'the probe pod')
    slow.pause()
    for (let i = 0; i < 2_000 && s.server.streams.size() > 0; i++) {
      s.sim.store.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { blob: String(i % 10).repeat(32_000) } } })
      await new Promise((r) => setImmediate(r))
    }
    await until(() => s.server.streams.size() === 0, 5_000, 'the slow stream closed by the server')
    expect(s.logs.some((l) => /closed: slow consumer/.test(l))).toBe(true)
    expect(await getJson<DebugStream[]>(s.server, '/debug/streams')).toEqual([])
    // The cap (1) has room again: another stream of the same actor is accepted.
    const other = openRowClient(s.server.origin, watchPath('nodes'), { token: TOKEN, reconnect: false })
    await other.waitUntil(() => (other.counts.snapshot ?? 0) === 1, 10_000, 'a stream in the freed slot')
    expect(other.statuses).toEqual([200])
    other.close()
    await until(() => s.server.streams.size() === 0, 5_000, 'the probe stream closed')
    s.sim.store.delete('pods', ns, 'slow-probe')
    slow.resume()
    await slow.waitUntil(() => slow.statuses.length >= 2 && slow.open, 10_000, 'the slow client reconnected')
    expect(slow.statuses.slice(0, 2)).toEqual([200, 200])
    expect(slow.sentIds[1]).not.toBe('')
    await slow
      .waitUntil(() => diffVersions(versionsOf(slow.rows.values()), s.truth('pods', ns)) === '', 10_000, 'slow client equal to the sim')
      .catch((e: Error) => {
        throw new Error(
          `${e.message}: ${diffVersions(versionsOf(slow.rows.values()), s.truth('pods', ns))}; statuses ${slow.statuses}, ids ${slow.sentIds}, frames ${JSON.stringify(slow.counts)}`
        )
      })
    expect([...slow.rows.values()].some((r) => r.name === 'slow-probe')).toBe(false)
  })

  it('1,000 open-and-close cycles leak no upstream watch, cap slot, stream or file descriptor', async () => {
    const limiter = createStreamLimiter(() => 0)
    const s = (stack = await startStack({ server: { limiter }, engine: { lingerMs: 150 } }))
    const ns = s.sim.store.list('pods', { limit: 1 }).items[0].ns
    const keeper = s.client('pods', ns)
    await keeper.waitUntil(() => (keeper.counts.snapshot ?? 0) === 1, 15_000, 'keeper snapshot')
    const paths: [KindId, string][] = [
      ['nodes', ''],
      ['namespaces', ''],
      ['pods', ns],
      ['deployments', ns],
      ['services', '']
    ]
    // Warm up once per path so lazily created handles (TLS sessions, agents) exist before counting.
    for (const [k, n] of paths) await cycle(s.server.origin, watchPath(k, n), 'snapshot')
    await until(async () => (await getJson<DebugWatch[]>(s.server, '/debug/watches')).length === 1, 5_000, 'warm-up watches gone')
    const fdBefore = fds()
    const simWatchesBefore = s.sim.openWatches()
    s.sim.setChurn(100)
    const total = 1_000
    const concurrency = 16
    const statuses = new Map<number, number>()
    let next = 0
    const started = Date.now()
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++
          const [k, n] = paths[i % paths.length]
          const mode = i % 3 === 0 ? 'snapshot' : i % 3 === 1 ? 'headers' : 'instant'
          const st = await cycle(s.server.origin, watchPath(k, n), mode, mode === 'headers' && i % 7 === 0 ? keeper.lastEventId : undefined)
          statuses.set(st, (statuses.get(st) ?? 0) + 1)
        }
      })
    )
    const elapsed = Date.now() - started
    s.sim.setChurn(0)
    expect(elapsed).toBeLessThan(60_000)
    expect([...statuses.keys()].every((st) => st === 200 || st === -1)).toBe(true)
    expect(statuses.get(200) ?? 0).toBeGreaterThan(600)
    // Streams and cap slots: back to the keeper's one at once (after the sockets' close events).
    await until(() => s.server.streams.size() === 1, 5_000, 'only the keeper stream left')
    expect((await getJson<DebugStream[]>(s.server, '/debug/streams')).map((d) => d.namespace)).toEqual([ns])
    expect([...limiter.counts().values()]).toEqual([1])
    // Upstream: every watch but the keeper's has no subscriber, then is gone after the linger.
    await until(async () => (await getJson<DebugWatch[]>(s.server, '/debug/watches')).length === 1, 5_000, 'lingering watches stopped')
    expect(await getJson<DebugWatch[]>(s.server, '/debug/watches')).toEqual([expect.objectContaining({ kind: 'pods', namespace: ns, subscribers: 1 })])
    await until(() => s.sim.openWatches() <= simWatchesBefore, 5_000, 'no extra watch open on the sim')
    // File descriptors flat (sockets of closed cycles take a moment to be released).
    await until(() => fds() <= fdBefore + 5, 10_000, `file descriptors back near ${fdBefore} (now ${fds()})`)
    if (process.env.FAULT_REPORT)
      console.log(
        `figure: ${total} cycles in ${elapsed} ms (concurrency ${concurrency}), statuses ${JSON.stringify([...statuses])}, fds ${fdBefore} → ${fds()}`
      )
    keeper.close()
    await until(() => limiter.counts().size === 0 && s.server.streams.size() === 0, 5_000, 'no slot held at all')
    await until(async () => (await getJson<DebugWatch[]>(s.server, '/debug/watches')).length === 0, 5_000, 'no upstream watch at all')
  }, 90_000)
})
