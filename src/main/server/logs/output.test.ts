/**
 * A log stream's output queue: lines go out in `lines` frames in order with control frames, wait
 * while the client is behind, never hold more than 4 MiB per stream nor 128 MiB for all streams
 * together, and every line dropped is counted and reported in a `dropped` frame at the place it
 * went missing, with an id past it (a resume does not fetch it again). A frame never ends between
 * two lines that one id covers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogLine } from '../../../shared/api/logs.ts'
import type { SseChannel } from '../sse/channel.ts'
import { TOTAL_LOG_BYTES, createLogBudget } from './budget.ts'
import { FLUSH_MS, MAX_BATCH_LINES, PER_STREAM_BYTES, SINK_HIGH_WATER, createLogOutput } from './output.ts'

interface Sent {
  readonly event: string
  readonly data: unknown
  readonly id?: string
}

/** A channel that records frames; `behind` bytes stand unread at the client. */
function fakeChannel(): SseChannel & { sent: Sent[]; behind: number; closedWith?: string } {
  const ch = {
    id: 's1',
    sent: [] as Sent[],
    behind: 0,
    closed: false,
    closedWith: undefined as string | undefined,
    send(event: string, data: unknown, opts?: { id?: string }) {
      ch.sent.push({ event, data, ...(opts?.id ? { id: opts.id } : {}) })
    },
    sendEncoded() {
      throw new Error('not used by logs')
    },
    close(reason: string) {
      ch.closed = true
      ch.closedWith = reason
    },
    buffered: () => ch.behind,
    onClose() {
      /* the route wires it */
    }
  }
  return ch
}

const MIB = 1024 * 1024
const line = (i: number, m = `line ${i}`): LogLine => ({ t: `2026-05-01T12:00:00.${String(i).padStart(9, '0')}Z`, m })
const linesOf = (sent: readonly Sent[]): string[] =>
  sent.filter((s) => s.event === 'lines').flatMap((s) => (s.data as { lines: LogLine[] }).lines.map((l) => l.m))

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('log output', () => {
  it("sends queued lines in one frame per flush with the last line's id, control frames in order", () => {
    const ch = fakeChannel()
    const out = createLogOutput(ch, createLogBudget())
    out.frame('ready', { resumed: false })
    out.push(line(1), 'id1')
    out.push(line(2), 'id2')
    out.frame('waiting', { reason: 'x' })
    out.push(line(3), 'id3')
    out.finish('done')
    expect(ch.sent).toEqual([])
    vi.advanceTimersByTime(FLUSH_MS)
    expect(ch.sent).toEqual([
      { event: 'ready', data: { resumed: false } },
      { event: 'lines', data: { lines: [line(1), line(2)] }, id: 'id2' },
      { event: 'waiting', data: { reason: 'x' } },
      { event: 'lines', data: { lines: [line(3)] }, id: 'id3' }
    ])
    expect(ch.closedWith).toBe('done')
  })

  it('splits at MAX_BATCH_LINES, but never between two lines one id covers', () => {
    const ch = fakeChannel()
    const out = createLogOutput(ch, createLogBudget())
    const n = MAX_BATCH_LINES + 500
    for (let i = 0; i < n; i++) out.push(line(i), `a${i}`)
    vi.advanceTimersByTime(FLUSH_MS)
    expect(ch.sent.map((s) => [(s.data as { lines: unknown[] }).lines.length, s.id])).toEqual([
      [MAX_BATCH_LINES, `a${MAX_BATCH_LINES - 1}`],
      [500, `a${n - 1}`]
    ])
    // A group of lines with one id at its end (a workload stream's flush): one frame, however long.
    ch.sent.length = 0
    for (let i = 0; i < n; i++) out.push(line(i), i === n - 1 ? 'group' : '')
    vi.advanceTimersByTime(FLUSH_MS)
    expect(ch.sent.map((s) => [(s.data as { lines: unknown[] }).lines.length, s.id])).toEqual([[n, 'group']])
  })

  it('holds lines while the client is behind, and sends them, in order, once it catches up', () => {
    const ch = fakeChannel()
    const out = createLogOutput(ch, createLogBudget())
    ch.behind = SINK_HIGH_WATER + 1
    out.push(line(1), 'i1')
    vi.advanceTimersByTime(FLUSH_MS * 10)
    expect(ch.sent).toEqual([])
    out.push(line(2), 'i2')
    ch.behind = 0
    vi.advanceTimersByTime(FLUSH_MS)
    expect(linesOf(ch.sent)).toEqual(['line 1', 'line 2'])
    expect(out.dropped).toBe(0)
  })

  it('holds at most 4 MiB per stream: the rest is dropped, counted and reported where it went missing, with an id past it', () => {
    expect(PER_STREAM_BYTES).toBe(4 * MIB)
    const ch = fakeChannel()
    const budget = createLogBudget()
    const out = createLogOutput(ch, budget)
    ch.behind = SINK_HIGH_WATER + 1 // a client that has stopped reading
    const text = 'x'.repeat(64 * 1024)
    let i = 0
    while (out.dropped === 0) out.push(line(i, `${i} ${text}`), `id${i++}`)
    for (let k = 0; k < 9; k++) out.push(line(i, `${i} ${text}`), `id${i++}`)
    expect(out.dropped).toBe(10)
    expect(budget.used()).toBeLessThanOrEqual(PER_STREAM_BYTES)
    expect(budget.used()).toBeGreaterThan(PER_STREAM_BYTES - 70 * 1024)
    const kept = i - 10
    // The client reads again: what was kept, then the report, then lines that fit again.
    ch.behind = 0
    out.push(line(i, 'after'), `id${i}`)
    vi.advanceTimersByTime(FLUSH_MS)
    const events = ch.sent.map((s) => s.event)
    expect(events.at(-1)).toBe('lines')
    const drop = ch.sent.find((s) => s.event === 'dropped')
    expect(drop).toEqual({ event: 'dropped', data: { count: 10, total: 10 }, id: `id${i - 1}` })
    // The lines kept before the drop went out first, with their own id.
    const before = ch.sent[ch.sent.indexOf(drop as Sent) - 1]
    expect(before).toMatchObject({ event: 'lines', id: `id${kept - 1}` })
    expect(linesOf(ch.sent)).toHaveLength(kept + 1)
    expect(linesOf(ch.sent).at(-1)).toBe('after')
    expect(budget.used()).toBe(0)
  })

  it('all streams together hold at most 128 MiB: a stream that finds no room drops and says so', () => {
    expect(TOTAL_LOG_BYTES).toBe(128 * MIB)
    const budget = createLogBudget()
    const text = 'y'.repeat(256 * 1024)
    const streams = Array.from({ length: 40 }, () => {
      const ch = fakeChannel()
      ch.behind = SINK_HIGH_WATER + 1
      return { ch, out: createLogOutput(ch, budget) }
    })
    // Each tries to hold 4 MiB: 40 × 4 MiB = 160 MiB, more than the budget.
    for (const { out } of streams) for (let i = 0; i < 16; i++) out.push(line(i, `${i}${text}`), `id${i}`)
    expect(budget.used()).toBeLessThanOrEqual(TOTAL_LOG_BYTES)
    const dropped = streams.reduce((n, s) => n + s.out.dropped, 0)
    const lineBytes = text.length + 3 + 30 + 24
    expect(dropped).toBeGreaterThanOrEqual(Math.floor((40 * 16 * lineBytes - TOTAL_LOG_BYTES) / lineBytes))
    expect(streams.at(-1)?.out.dropped).toBe(16)
    for (const s of streams) s.ch.behind = 0
    vi.advanceTimersByTime(FLUSH_MS)
    const last = streams.at(-1)?.ch.sent ?? []
    expect(last).toEqual([{ event: 'dropped', data: { count: 16, total: 16 }, id: 'id15' }])
    // Closing a stream gives its bytes back.
    for (const s of streams) s.out.close()
    expect(budget.used()).toBe(0)
  })

  it('a group whose last line is dropped still ends with its id, after the report', () => {
    const ch = fakeChannel()
    const out = createLogOutput(ch, createLogBudget(), 250)
    out.push(line(1, 'a'.repeat(50)), '')
    out.push(line(2, 'b'.repeat(50)), '')
    out.push(line(3, 'c'.repeat(200)), 'g1') // does not fit: dropped
    vi.advanceTimersByTime(FLUSH_MS)
    // The report comes before the id that moves past the dropped line.
    expect(ch.sent).toEqual([
      { event: 'dropped', data: { count: 1, total: 1 } },
      { event: 'lines', data: { lines: [line(1, 'a'.repeat(50)), line(2, 'b'.repeat(50))] }, id: 'g1' }
    ])
  })

  it('close() stops sending and frees every reserved byte', () => {
    const ch = fakeChannel()
    const budget = createLogBudget()
    const out = createLogOutput(ch, budget)
    out.push(line(1), 'i')
    expect(budget.used()).toBeGreaterThan(0)
    out.close()
    expect(budget.used()).toBe(0)
    out.push(line(2), 'j')
    vi.advanceTimersByTime(FLUSH_MS * 3)
    expect(ch.sent).toEqual([])
  })
})
