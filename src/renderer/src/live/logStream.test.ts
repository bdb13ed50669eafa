/**
 * The log stream core with a fake EventSource and clock: a workload's sources keep one id for the
 * life of the view although each connection numbers them anew; the resume id comes from `lines`
 * and `dropped` frames; a stream the browser gave up on is reopened from that id, or — when the
 * id would not fit in a URL — started over, visibly.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { LogLine, LogSource } from '../../../shared/api/logs.ts'
import { MAX_URL_LENGTH } from '../../../shared/api/params.ts'
import type { EventSourceLike } from '../api/stream.ts'
import { createLogStream } from './logStream.ts'
import type { LogSink } from './logStream.ts'

type Listener = (ev: { data: string; lastEventId?: string }) => void

class FakeES implements EventSourceLike {
  readyState = 0
  onopen: ((ev: Event) => void) | null = null
  onerror: ((ev: Event) => void) | null = null
  private readonly listeners = new Map<string, Listener[]>()
  readonly url: string
  constructor(url: string) {
    this.url = url
  }
  addEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  close(): void {
    this.readyState = 2
  }
  frame(type: string, data: unknown, id?: string): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data), ...(id ? { lastEventId: id } : {}) })
  }
  /** The browser gave up (an HTTP error status): CLOSED. */
  refuse(): void {
    this.readyState = 2
    this.onerror?.({} as Event)
  }
}

beforeAll(() => {
  // The connection the URL builder reads (browser mode, signed in by cookie).
  ;(globalThis as { window?: unknown }).window = {
    location: { href: 'http://127.0.0.1:4000/', origin: 'http://127.0.0.1:4000' },
    history: { replaceState: () => undefined },
    document: { querySelector: () => ({ getAttribute: () => 'ok' }) }
  }
})

function harness() {
  const streams: FakeES[] = []
  const timers: (() => void)[] = []
  const got = { lines: [] as LogLine[], sources: [] as LogSource[], restarts: [] as string[], waiting: [] as (number | undefined)[] }
  const sink: LogSink = {
    health: () => undefined,
    ready: () => undefined,
    end: () => undefined,
    dropped: () => undefined,
    lines: (d) => {
      got.lines.push(...d.lines)
    },
    source: (d) => {
      got.sources.push(d.source)
    },
    waiting: (d) => {
      got.waiting.push(d.source)
    },
    restart: (r) => {
      got.restarts.push(r)
    }
  }
  const core = createLogStream({ cluster: 'demo', kind: 'deployments', namespace: 'default', name: 'web', tailLines: '1000' }, sink, {
    open: (url) => {
      const es = new FakeES(url)
      streams.push(es)
      return es
    },
    setTimeout: (fn) => {
      timers.push(fn)
      return timers.length
    },
    clearTimeout: () => undefined
  })
  return {
    core,
    streams,
    got,
    fire: () => {
      for (const t of timers.splice(0)) t()
    }
  }
}

describe('log stream core', () => {
  it("keeps each pod/container's id across connections that number them differently", () => {
    const h = harness()
    const [first] = h.streams
    first.frame('ready', { selector: 'app=web', resumed: false })
    first.frame('source', { source: { id: 1, pod: 'web-a', container: 'main' } })
    first.frame('source', { source: { id: 2, pod: 'web-b', container: 'main' } })
    first.frame(
      'lines',
      {
        lines: [
          { t: 't1', m: 'a', s: 1 },
          { t: 't2', m: 'b', s: 2 }
        ]
      },
      'id-1'
    )
    first.refuse()
    h.fire()
    const second = h.streams[1]
    expect(new URL(second.url).searchParams.get('lastEventId')).toBe('id-1')
    second.frame('ready', { selector: 'app=web', resumed: true })
    // The new connection numbers web-b first, and a new pod third.
    second.frame('source', { source: { id: 1, pod: 'web-b', container: 'main' } })
    second.frame('source', { source: { id: 2, pod: 'web-a', container: 'main' } })
    second.frame('source', { source: { id: 3, pod: 'web-c', container: 'main' } })
    second.frame(
      'lines',
      {
        lines: [
          { t: 't3', m: 'b2', s: 1 },
          { t: 't4', m: 'a2', s: 2 },
          { t: 't5', m: 'c', s: 3 }
        ]
      },
      'id-2'
    )
    second.frame('waiting', { reason: 'x', source: 3 })
    const idOf = (pod: string): number | undefined => h.got.sources.find((s) => s.pod === pod)?.id
    expect(h.got.lines.map((l) => [l.m, l.s])).toEqual([
      ['a', idOf('web-a')],
      ['b', idOf('web-b')],
      ['b2', idOf('web-b')],
      ['a2', idOf('web-a')],
      ['c', idOf('web-c')]
    ])
    expect(new Set([idOf('web-a'), idOf('web-b'), idOf('web-c')]).size).toBe(3)
    expect(h.got.waiting).toEqual([idOf('web-c')])
    h.core.stop()
  })

  it('takes the resume id from a dropped frame too', () => {
    const h = harness()
    const [first] = h.streams
    first.frame('ready', { resumed: false })
    first.frame('lines', { lines: [{ t: 't1', m: 'a' }] }, 'id-1')
    first.frame('dropped', { count: 5, total: 5 }, 'id-6')
    first.refuse()
    h.fire()
    expect(new URL(h.streams[1].url).searchParams.get('lastEventId')).toBe('id-6')
    h.core.stop()
  })

  it('starts over, saying why, when the resume id would make the URL too long', () => {
    const h = harness()
    const [first] = h.streams
    first.frame('ready', { resumed: false })
    first.frame('lines', { lines: [{ t: 't1', m: 'a' }] }, `2026-05-01T12:00:00.000000000Z~1~0123abcd${'_89abcdef1'.repeat(600)}`)
    first.refuse()
    h.fire()
    const url = new URL(h.streams[1].url)
    expect(url.searchParams.get('lastEventId')).toBeNull()
    expect(url.pathname.length + url.search.length).toBeLessThanOrEqual(MAX_URL_LENGTH)
    expect(h.got.restarts).toHaveLength(1)
    h.core.stop()
  })
})
