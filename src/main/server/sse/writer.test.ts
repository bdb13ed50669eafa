import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { rowFrames } from '../routes/rowFrames.ts'
import { createSseWriter as createWriter, encodeFrame, PING_FRAME } from './writer.ts'
import type { SseSink, SseWriterOptions } from './writer.ts'

/** The row stream's frames on a bare writer: what these tests check, byte for byte. */
const createSseWriter = (sink: SseSink, opts?: SseWriterOptions): ReturnType<typeof rowFrames> => rowFrames(createWriter(sink, opts))

const row: RowDto = {
  uid: 'u1',
  kind: 'pods',
  namespace: 'default',
  name: 'web-1',
  createdAt: '2026-01-01T00:00:00Z',
  resourceVersion: '124',
  labels: {},
  cells: { status: 'Running' }
}

function fakeSink(buffered = () => 0): SseSink & { writes: string[]; ended: boolean; destroyed: boolean } {
  const s = {
    writes: [] as string[],
    ended: false,
    destroyed: false,
    write(c: string) {
      s.writes.push(c)
      return true
    },
    bufferedBytes: buffered,
    end() {
      s.ended = true
    },
    destroy() {
      s.destroyed = true
    }
  }
  return s
}
const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

afterEach(() => {
  vi.useRealTimers()
})

describe('sseWriter', () => {
  it('encodes frames byte-exact', () => {
    expect(encodeFrame('snapshot', { items: [], resourceVersion: '123' }, '123')).toBe(
      'event: snapshot\ndata: {"items":[],"resourceVersion":"123"}\nid: 123\n\n'
    )
    expect(encodeFrame('relist', { reason: 'gone' })).toBe('event: relist\ndata: {"reason":"gone"}\n\n')
    expect(encodeFrame('added', { message: 'a\nb' }, '9')).toBe('event: added\ndata: {"message":"a\\nb"}\nid: 9\n\n')
    expect(encodeFrame('added', {}, '9\n\nevent: x')).toBe('event: added\ndata: {}\nid: 9event: x\n\n')
  })

  it('writes snapshot, deltas and relist in order, coalesced into one write per tick', async () => {
    const sink = fakeSink()
    const w = createSseWriter(sink)
    w.snapshot([row], '123')
    w.delta('modified', { ...row, resourceVersion: '124' }, '124')
    w.delta('deleted', row, '125')
    w.relist('410 Gone')
    expect(sink.writes).toEqual([])
    await tick()
    expect(sink.writes).toHaveLength(1)
    const rowJson = JSON.stringify(row)
    expect(sink.writes[0]).toBe(
      `event: snapshot\ndata: {"items":[${rowJson}],"resourceVersion":"123"}\nid: 123\n\n` +
        `event: modified\ndata: ${JSON.stringify({ ...row, resourceVersion: '124' })}\nid: 124\n\n` +
        `event: deleted\ndata: ${rowJson}\nid: 125\n\n` +
        'event: relist\ndata: {"reason":"410 Gone"}\n\n'
    )
    w.close('done')
  })

  it('writes a partial snapshot byte-exact, with no id line, then the complete one with its id', async () => {
    const sink = fakeSink()
    const w = createSseWriter(sink)
    w.partialSnapshot([row], { received: 500, total: 1200 })
    await tick()
    const rowJson = JSON.stringify(row)
    expect(sink.writes).toEqual([
      `event: snapshot\ndata: {"items":[${rowJson}],"resourceVersion":"","partial":true,"progress":{"received":500,"total":1200}}\n\n`
    ])
    w.snapshot([row, { ...row, uid: 'u2' }], '130')
    await tick()
    expect(sink.writes[1]).toBe(`event: snapshot\ndata: {"items":[${rowJson},${JSON.stringify({ ...row, uid: 'u2' })}],"resourceVersion":"130"}\nid: 130\n\n`)
    w.close('done')
  })

  it('allows an unread partial snapshot on top of the bound while the complete one is queued', async () => {
    let buffered = 0
    const sink = fakeSink(() => buffered)
    const w = createSseWriter(sink, { maxBufferedBytes: 1000 })
    const many = (n: number): RowDto[] => Array.from({ length: n }, (_, i) => ({ ...row, uid: `u${i}` }))
    w.partialSnapshot(many(10), { received: 10 })
    await tick()
    const partialBytes = sink.writes[0].length
    expect(partialBytes).toBeGreaterThan(1000)
    // The client has read neither the partial nor the complete snapshot: still allowed.
    buffered = partialBytes + encodeFrame('snapshot', { items: many(20), resourceVersion: '2' }, '2').length
    w.snapshot(many(20), '2')
    await tick()
    expect(sink.writes).toHaveLength(2)
    expect(sink.destroyed).toBe(false)
    buffered += 1001
    w.delta('added', row, '3')
    expect(sink.destroyed).toBe(true)
  })

  it('sends a ping comment every interval', async () => {
    vi.useFakeTimers()
    const sink = fakeSink()
    const w = createSseWriter(sink, { pingMs: 1000 })
    vi.advanceTimersByTime(2500)
    expect(sink.writes.join('')).toBe(PING_FRAME + PING_FRAME)
    w.close('done')
    vi.advanceTimersByTime(5000)
    expect(sink.writes.join('')).toBe(PING_FRAME + PING_FRAME)
  })

  it('closes a slow consumer past the bound (beyond its snapshot) and reports it once', async () => {
    let buffered = 0
    const sink = fakeSink(() => buffered)
    const reasons: string[] = []
    const w = createSseWriter(sink, { maxBufferedBytes: 1000, onClose: (r) => reasons.push(r) })
    const big = Array.from({ length: 20 }, (_, i) => ({ ...row, uid: `u${i}` }))
    w.snapshot(big, '1')
    await tick()
    const snapBytes = sink.writes[0].length
    expect(snapBytes).toBeGreaterThan(1000)
    buffered = snapBytes // the client has not read the snapshot yet: still allowed
    w.delta('added', row, '2')
    await tick()
    expect(sink.destroyed).toBe(false)
    buffered = snapBytes + 1001 // and now it is more than 1000 bytes behind beyond that
    w.delta('added', row, '3')
    expect(sink.destroyed).toBe(true)
    expect(w.closed).toBe(true)
    w.delta('added', row, '4')
    await tick()
    expect(sink.writes).toHaveLength(2)
    expect(reasons).toEqual([expect.stringContaining('slow consumer')])
  })

  it('close flushes what is queued, ends the sink and is idempotent', () => {
    const sink = fakeSink()
    const reasons: string[] = []
    const w = createSseWriter(sink, { onClose: (r) => reasons.push(r) })
    w.delta('added', row, '7')
    w.close('kind disabled')
    w.close('again')
    expect(sink.writes.join('')).toContain('id: 7\n\n')
    expect(sink.ended).toBe(true)
    expect(sink.destroyed).toBe(false)
    expect(reasons).toEqual(['kind disabled'])
  })

  it('writes the state frame (no id) and the final error frame, then ends the stream', async () => {
    const sink = fakeSink()
    const reasons: string[] = []
    const w = rowFrames(createWriter(sink, { onClose: (r) => reasons.push(r) }))
    w.state({ state: 'reconnecting', reason: 'connection refused to h:1', lastGood: '2026-03-01T10:00:00.000Z' })
    await tick()
    expect(sink.writes).toEqual(['event: state\ndata: {"state":"reconnecting","reason":"connection refused to h:1","lastGood":"2026-03-01T10:00:00.000Z"}\n\n'])
    w.fail({ reason: '403 Forbidden: pods is forbidden', status: 403, permanent: true }, 'upstream failed')
    expect(sink.writes[1]).toBe('event: error\ndata: {"reason":"403 Forbidden: pods is forbidden","status":403,"permanent":true}\n\n')
    expect([sink.ended, sink.destroyed, w.closed]).toEqual([true, false, true])
    expect(reasons).toEqual(['upstream failed'])
  })
})
