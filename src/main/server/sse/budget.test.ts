// The server-wide budget of unsent bytes: streams that never drain are closed, the one holding
// the most first, until the total is back under the budget; streams that drain are left alone.
import { describe, expect, it } from 'vitest'
import { createBufferBudget } from './budget.ts'
import { createSseWriter } from './writer.ts'
import type { SseSink } from './writer.ts'

/** A sink whose peer never reads: everything written stays buffered (unless `drains`). */
function stuckSink(drains = false): SseSink & { destroyed: boolean; held: number } {
  const s = {
    held: 0,
    destroyed: false,
    write(c: string) {
      if (!drains) s.held += c.length
      return true
    },
    bufferedBytes: () => s.held,
    end() {
      /* graceful end */
    },
    destroy() {
      s.destroyed = true
      s.held = 0
    }
  }
  return s
}
const tick = (): Promise<void> => new Promise((r) => setImmediate(r))
const KB = 1024

describe('buffer budget', () => {
  it('closes the stream holding the most first, then the next, until all together fit', async () => {
    const budget = createBufferBudget(1000 * KB)
    const sizes = [300, 500, 200, 400] // KB of snapshot each; 1,400 KB in all
    const closed: string[] = []
    const sinks = sizes.map(() => stuckSink())
    // The per-stream bound is out of the way here: only the budget closes streams.
    const writers = sizes.map((kb, i) => createSseWriter(sinks[i], { budget, maxBufferedBytes: 64 * 1024 * KB, onClose: (r) => closed.push(`${kb}:${r}`) }))
    writers.forEach((w, i) => w.send('snapshot', { pad: 'x'.repeat(sizes[i] * KB) }, { role: 'baseline' }))
    await tick()
    await tick()
    // 500 alone brings 1,400 to 900: only it goes.
    expect(closed).toEqual(['500:slow consumer: all streams together held more than 1000 KiB unsent, and this one held the most (500 KiB)'])
    expect(sinks.map((s) => s.destroyed)).toEqual([false, true, false, false])
    expect(budget.evictions).toBe(1)
    expect(budget.total()).toBeLessThanOrEqual(1000 * KB)
    // More arrives on the 400 stream: now it is the largest, and it goes.
    writers[3].send('snapshot', { pad: 'y'.repeat(300 * KB) }, { role: 'baseline' })
    await tick()
    await tick()
    expect(sinks.map((s) => s.destroyed)).toEqual([false, true, false, true])
    expect(budget.evictions).toBe(2)
    for (const w of writers) w.close('test over')
  })

  it('streams that drain never count against it, however much passes through', async () => {
    const budget = createBufferBudget(200 * KB)
    const sinks = [stuckSink(true), stuckSink(true)]
    const writers = sinks.map((s) => createSseWriter(s, { budget }))
    for (let i = 0; i < 20; i++) {
      for (const w of writers) w.send('snapshot', { pad: 'z'.repeat(50 * KB) }, { role: 'baseline' })
      await tick()
    }
    expect(budget.evictions).toBe(0)
    expect(writers.every((w) => !w.closed)).toBe(true)
    expect(budget.total()).toBe(0)
    for (const w of writers) w.close('done')
    expect(budget.total()).toBe(0)
  })

  it('stalled streams go first: a big stream that is being read survives smaller stalled ones', async () => {
    let t = 0
    const budget = createBufferBudget(1000 * KB, () => t)
    const stuck = [stuckSink(), stuckSink()]
    const reasons: string[] = []
    const stalled = stuck.map((s, i) => createSseWriter(s, { budget, maxBufferedBytes: 64 * 1024 * KB, onClose: (r) => reasons.push(`stalled${i}: ${r}`) }))
    for (const w of stalled) w.send('snapshot', { pad: 'x'.repeat(300 * KB) }, { role: 'baseline' })
    await tick()
    t += 2_000 // nothing taken by those two for 2 s
    const reader = stuckSink()
    const big = createSseWriter(reader, { budget, maxBufferedBytes: 64 * 1024 * KB, onClose: (r) => reasons.push(`big: ${r}`) })
    big.send('snapshot', { pad: 'y'.repeat(600 * KB) }, { role: 'baseline' })
    await tick()
    expect(big.closed).toBe(false)
    expect(reasons).toHaveLength(1)
    expect(reasons[0]).toMatch(
      /^stalled[01]: slow consumer: all streams together held more than 1000 KiB unsent, and this stalled one held the most \(300 KiB\)$/
    )
    for (const w of [...stalled, big]) w.close('done')
  })
})
