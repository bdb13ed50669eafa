/**
 * The live core with a browser-like fake EventSource (a server `event: error` reaches both its
 * listeners and `onerror`, as in Chromium) and a fake clock: the final error frame, honest
 * upstream state, and the slow retry of permanent refusals.
 */
import { describe, expect, it } from 'vitest'
import { openStream } from '../api/stream.ts'
import type { EventSourceLike } from '../api/stream.ts'
import { createLiveCore } from './liveStream.ts'
import type { HealthPatch, Polled } from './liveStream.ts'
import { CONNECT_TIMEOUT_MS, PERMANENT_RETRY_MS, POLL_MS, RETRY_BASE_MS } from './policy.ts'

type Listener = (ev: { data: string; lastEventId?: string }) => void

/** Dispatches like a browser: a named `error` frame goes to its listeners, then to `onerror`. */
class BrowserES implements EventSourceLike {
  readyState = 0
  onopen: ((ev: Event) => void) | null = null
  onerror: ((ev: Event) => void) | null = null
  closed = false
  private readonly listeners = new Map<string, Listener[]>()
  addEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  close(): void {
    this.closed = true
    this.readyState = 2
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({} as Event)
  }
  frame(type: string, data: unknown): void {
    const ev = { data: JSON.stringify(data) }
    for (const fn of this.listeners.get(type) ?? []) fn(ev)
    if (type === 'error') this.onerror?.(ev as unknown as Event)
  }
  /** A connection error: a plain Event, no data. */
  drop(state: number): void {
    this.readyState = state
    this.onerror?.({} as Event)
  }
}

interface Poll extends Polled {
  readonly n: number
}

function harness(opts: { poll?: () => Promise<Poll> } = {}) {
  let now = 0
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  const streams: BrowserES[] = []
  const health: HealthPatch[] = []
  const shown: { result: Poll; patch: HealthPatch }[] = []
  let polls = 0
  const core = createLiveCore<Poll>(
    'pods',
    {
      open: (events) => {
        const es = new BrowserES()
        streams.push(es)
        return openStream(es, { ...events, frames: {} }, 'pods')
      },
      poll: async () => {
        polls++
        return opts.poll ? opts.poll() : { n: polls, stale: false }
      },
      streamEnabled: async () => true,
      now: () => now,
      setTimeout: (fn, ms) => {
        const id = ++seq
        timers.set(id, { at: now + ms, fn })
        return id
      },
      clearTimeout: (h) => {
        timers.delete(h as number)
      }
    },
    {
      setHealth: (p) => health.push(p),
      showPolled: (result, patch) => {
        shown.push({ result, patch })
        health.push(patch)
      }
    }
  )
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  const advance = async (ms: number): Promise<void> => {
    const end = now + ms
    for (let guard = 0; guard < 1000; guard++) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      timers.delete(due[0])
      now = due[1].at
      due[1].fn()
      await flush()
    }
    now = end
  }
  /** The health patches merged, as the list store holds them. */
  const merged = (): HealthPatch => Object.assign({}, ...health) as HealthPatch
  return { core, streams, health, shown, flush, advance, merged, polls: () => polls }
}

const FORBIDDEN = '403 Forbidden: pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope'

describe('live core', () => {
  it('an error frame (403 before any snapshot) closes the stream for good, polls with the reason, and retries only after PERMANENT_RETRY_MS', async () => {
    const h = harness({
      poll: async () => {
        throw Object.assign(new Error(FORBIDDEN), { status: 403 })
      }
    })
    h.core.update({ streamEnabled: true, clusterDown: '' })
    const es = h.streams[0]
    es.open()
    es.frame('error', { reason: FORBIDDEN, status: 403, permanent: true })
    await h.flush()
    expect(es.closed).toBe(true) // the browser must not reconnect by itself
    expect(h.merged()).toMatchObject({ health: 'polling', detail: FORBIDDEN, error: FORBIDDEN })
    expect(h.polls()).toBe(1)
    await h.advance(RETRY_BASE_MS * 2)
    expect(h.streams).toHaveLength(1) // not at the transient backoff
    expect(h.polls()).toBeGreaterThan(10) // but the list keeps being asked, every POLL_MS
    await h.advance(PERMANENT_RETRY_MS - RETRY_BASE_MS * 2)
    expect(h.streams).toHaveLength(2)
  })

  it('after a permanent refusal, the first good poll reopens the stream at once (the RoleBinding was fixed)', async () => {
    let allowed = false
    const h = harness({
      poll: async () => {
        if (!allowed) throw new Error(FORBIDDEN)
        return { n: 1, stale: false }
      }
    })
    h.core.update({ streamEnabled: true, clusterDown: '' })
    h.streams[0].frame('error', { reason: FORBIDDEN, status: 403, permanent: true })
    await h.flush()
    await h.advance(POLL_MS * 2)
    expect(h.streams).toHaveLength(1)
    allowed = true
    await h.advance(POLL_MS)
    expect(h.shown).toHaveLength(1)
    expect(h.streams).toHaveLength(2)
    expect(h.streams[1].closed).toBe(false)
  })

  it('a transient error frame retries at the backoff; a connection error is not mistaken for one', async () => {
    const h = harness()
    h.core.update({ streamEnabled: true, clusterDown: '' })
    h.core.baseline()
    h.streams[0].drop(0) // the browser reconnects by itself: reconnecting, stream kept
    expect(h.streams[0].closed).toBe(false)
    expect(h.merged().health).toBe('reconnecting')
    h.streams[0].frame('error', { reason: '401 Unauthorized from h:1: token expired or invalid', status: 401, permanent: false })
    await h.flush()
    expect(h.streams[0].closed).toBe(true)
    expect(h.merged()).toMatchObject({ health: 'polling', detail: expect.stringContaining('401 Unauthorized') })
    await h.advance(RETRY_BASE_MS)
    expect(h.streams).toHaveLength(2)
  })

  it('state frames after the baseline: reconnecting with the reason and last good time, then live; never live while the upstream is down', async () => {
    const h = harness()
    h.core.update({ streamEnabled: true, clusterDown: '' })
    const es = h.streams[0]
    es.open()
    expect(h.core.baseline()).toEqual({ health: 'live', detail: '', lastSeen: '' })
    es.frame('state', { state: 'reconnecting', reason: 'connection refused to 10.0.0.1:6443', lastGood: '2026-03-01T10:00:00.000Z' })
    expect(h.merged()).toMatchObject({ health: 'reconnecting', detail: 'connection refused to 10.0.0.1:6443', lastSeen: '2026-03-01T10:00:00.000Z' })
    // A relist's snapshot while the upstream is still down does not make the view live.
    expect(h.core.baseline()).toEqual({ health: 'reconnecting', detail: 'connection refused to 10.0.0.1:6443', lastSeen: '2026-03-01T10:00:00.000Z' })
    es.frame('state', { state: 'error', reason: FORBIDDEN, lastGood: '2026-03-01T10:00:00.000Z', status: 403 })
    expect(h.merged()).toMatchObject({ health: 'error', detail: FORBIDDEN })
    es.frame('state', { state: 'live', reason: '' })
    expect(h.merged()).toMatchObject({ health: 'live', detail: '', lastSeen: '' })
    expect(h.polls()).toBe(0)
  })

  it('before the baseline, a reconnecting upstream explains why the view is still connecting', () => {
    const h = harness()
    h.core.update({ streamEnabled: true, clusterDown: '' })
    h.streams[0].open()
    h.streams[0].frame('state', { state: 'reconnecting', reason: '500 from h:1 on list pods' })
    expect(h.merged()).toMatchObject({ health: 'connecting', detail: 'waiting for the cluster: 500 from h:1 on list pods' })
  })

  it('connecting times out into an error that says what did not answer: the cluster behind an open stream…', async () => {
    const h = harness()
    h.core.update({ streamEnabled: true, clusterDown: '' })
    h.streams[0].open()
    h.streams[0].frame('state', { state: 'reconnecting', reason: 'timed out after 30 s waiting for 10.0.0.1:6443' })
    await h.advance(CONNECT_TIMEOUT_MS - 1)
    expect(h.merged().health).toBe('connecting')
    await h.advance(1)
    expect(h.merged()).toMatchObject({
      health: 'error',
      detail: expect.stringContaining('no pods from the cluster in 40 s: the stream is open, but the apiserver has not answered the list')
    })
    expect(h.merged().detail).toContain('timed out after 30 s waiting for 10.0.0.1:6443')
    expect(h.merged().error).toBe(h.merged().detail)
    // The stream stays open: rows that come later still make the view live.
    expect(h.streams[0].closed).toBe(false)
    h.streams[0].frame('state', { state: 'live', reason: '' })
    expect(h.core.baseline()).toMatchObject({ health: 'live' })
  })

  it('…or the local server that never opened the stream; early rows (a partial snapshot) count as an answer', async () => {
    const silent = harness()
    silent.core.update({ streamEnabled: true, clusterDown: '' })
    await silent.advance(CONNECT_TIMEOUT_MS)
    expect(silent.merged()).toMatchObject({ health: 'error', detail: 'the local Periscope server did not open the pods stream in 40 s' })

    const slow = harness()
    slow.core.update({ streamEnabled: true, clusterDown: '' })
    slow.streams[0].open()
    slow.core.progress()
    await slow.advance(CONNECT_TIMEOUT_MS * 2)
    expect(slow.merged().health).not.toBe('error')
  })

  it('retryNow reopens the stream at once, resetting the backoff, and polls at once while polling', async () => {
    const h = harness({
      poll: async () => {
        throw new Error(FORBIDDEN)
      }
    })
    h.core.update({ streamEnabled: true, clusterDown: '' })
    h.streams[0].frame('error', { reason: FORBIDDEN, status: 403, permanent: true })
    await h.flush()
    expect(h.polls()).toBe(1)
    h.core.retryNow()
    await h.flush()
    expect(h.streams).toHaveLength(2)
    expect(h.streams[1].closed).toBe(false)
    expect(h.polls()).toBe(2)
    // Nothing to retry for a disabled kind: no stream, but a fresh poll.
    h.core.update({ streamEnabled: false, clusterDown: '' })
    h.core.retryNow()
    await h.flush()
    expect(h.streams).toHaveLength(2)
    expect(h.polls()).toBe(3)
  })

  it('a cluster that refuses us (401, TLS) is an error; one that cannot be reached is offline', async () => {
    const refused = harness({ poll: async () => ({ n: 1, stale: true, lastSeen: '2026-03-01T10:00:00.000Z' }) })
    refused.core.update({ streamEnabled: true, clusterDown: '401 Unauthorized from h:1: token expired or invalid', clusterError: true })
    await refused.flush()
    expect(refused.merged()).toMatchObject({ health: 'error', detail: expect.stringContaining('401 Unauthorized') })
    expect(refused.streams).toHaveLength(0)
    const unreachable = harness({ poll: async () => ({ n: 1, stale: true, lastSeen: '2026-03-01T10:00:00.000Z' }) })
    unreachable.core.update({ streamEnabled: true, clusterDown: 'connection refused to 10.0.0.1:6443' })
    await unreachable.flush()
    expect(unreachable.merged()).toMatchObject({ health: 'offline', detail: expect.stringContaining('connection refused') })
    // The same reason, now said to be a refusal: the view follows.
    unreachable.core.update({ streamEnabled: true, clusterDown: 'connection refused to 10.0.0.1:6443', clusterError: true })
    expect(unreachable.merged().health).toBe('error')
  })
})
