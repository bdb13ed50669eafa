import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { SseWriter } from '../sse/writer.ts'
import type * as Framing from '../sse/framing.ts'

// Count the encodings: the frame bytes are checked in sse/writer.test.ts; here, how often a snapshot is encoded.
const encodes = vi.hoisted(() => ({ n: 0 }))
vi.mock('../sse/framing.ts', async (orig) => {
  const real = await orig<typeof Framing>()
  return {
    ...real,
    encodeFrame: (...a: Parameters<typeof real.encodeFrame>) => {
      encodes.n++
      return real.encodeFrame(...a)
    }
  }
})
const { FRAME_SHARE_MS, rowFrames } = await import('./rowFrames.ts')

function sink(): SseWriter & { frames: string[] } {
  const frames: string[] = []
  return { frames, sendEncoded: (f: string) => frames.push(f) } as unknown as SseWriter & { frames: string[] }
}

/** A new snapshot array (the cache is keyed by the array). */
const snapshotRows = (): RowDto[] =>
  Array.from({ length: 3 }, (_, i) => ({
    uid: `u${i}`,
    kind: 'pods',
    namespace: 'default',
    name: `web-${i}`,
    createdAt: '2026-01-01T00:00:00Z',
    resourceVersion: '7',
    labels: {},
    cells: { status: 'Running' }
  }))

afterEach(() => {
  vi.useRealTimers()
  encodes.n = 0
})

describe('snapshot frames', () => {
  it('streams joining one snapshot together share one encoding; a later join encodes it again (the string is not kept)', () => {
    vi.useFakeTimers()
    const rows = snapshotRows()
    const a = sink()
    const b = sink()
    rowFrames(a).snapshot(rows, '7')
    vi.advanceTimersByTime(FRAME_SHARE_MS - 1)
    rowFrames(b).snapshot(rows, '7')
    expect(encodes.n).toBe(1)
    expect(b.frames).toEqual(a.frames)
    vi.advanceTimersByTime(1)
    const c = sink()
    rowFrames(c).snapshot(rows, '7')
    expect(encodes.n).toBe(2)
    expect(c.frames).toEqual(a.frames)
    expect(a.frames[0]).toBe(`event: snapshot\ndata: ${JSON.stringify({ items: rows, resourceVersion: '7' })}\nid: 7\n\n`)
  })

  it('a snapshot of the same rows at another resourceVersion is encoded anew, and its sharing window is its own', () => {
    vi.useFakeTimers()
    const rows = snapshotRows()
    rowFrames(sink()).snapshot(rows, '7')
    vi.advanceTimersByTime(FRAME_SHARE_MS - 10)
    rowFrames(sink()).snapshot(rows, '8')
    expect(encodes.n).toBe(2)
    vi.advanceTimersByTime(20) // the first window ends: the second encoding stays shared
    const d = sink()
    rowFrames(d).snapshot(rows, '8')
    expect(encodes.n).toBe(2)
    expect(d.frames[0]).toContain('id: 8\n')
  })
})
