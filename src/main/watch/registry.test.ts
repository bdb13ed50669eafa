// The registry's ceilings: lingering watches count, the oldest lingering one is evicted first
// (of the same cluster for the per-cluster ceiling), and a new watch is refused only when every
// watch under the ceiling is in use.
import { describe, expect, it } from 'vitest'
import { WatchCeilingError, WatchRegistry } from './registry.ts'
import type { SharedWatch } from './sharedWatch.ts'
import type { WatchKeyParts } from './types.ts'

function registry(maxWatches: number, maxPerCluster: number): { reg: WatchRegistry; stopped: string[]; started: string[] } {
  const stopped: string[] = []
  const started: string[] = []
  const reg = new WatchRegistry(
    (key) => {
      const name = `${key.cluster}/${key.namespace}`
      return {
        start: () => {
          started.push(name)
        },
        stop: async () => {
          stopped.push(name)
        }
      } as unknown as SharedWatch
    },
    60_000,
    { maxWatches, maxPerCluster }
  )
  return { reg, stopped, started }
}
const k = (cluster: string, namespace: string): WatchKeyParts => ({ cluster, kind: 'pods', namespace })
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 2))

describe('watch registry ceilings', () => {
  it("a new watch over the per-cluster ceiling evicts that cluster's oldest lingering watch", async () => {
    const { reg, stopped } = registry(100, 3)
    for (const ns of ['a', 'b', 'c']) reg.acquire(k('one', ns))
    reg.acquire(k('two', 'x'))
    reg.release(k('two', 'x')) // lingering, but on another cluster
    await tick()
    reg.release(k('one', 'b'))
    await tick()
    reg.release(k('one', 'a'))
    expect(reg.counts()).toEqual({ total: 4, lingering: 3 })
    reg.acquire(k('one', 'd'))
    expect(stopped).toEqual(['one/b'])
    reg.acquire(k('one', 'e'))
    expect(stopped).toEqual(['one/b', 'one/a'])
    expect(reg.evictions).toBe(2)
    expect(reg.counts()).toEqual({ total: 4, lingering: 1 })
    await reg.close()
  })

  it('every watch in use: the new one is refused with a reason, nothing is evicted', async () => {
    const { reg, stopped } = registry(100, 2)
    reg.acquire(k('one', 'a'))
    reg.acquire(k('one', 'b'))
    expect(reg.refusal(k('one', 'c'))).toBe('too many upstream watches on cluster "one": 2 are open and in use; this view polls instead')
    expect(() => reg.acquire(k('one', 'c'))).toThrow(WatchCeilingError)
    expect(reg.refusal(k('one', 'a'))).toBeUndefined() // an existing watch is always shared
    reg.acquire(k('one', 'a'))
    expect(reg.refusal(k('two', 'a'))).toBeUndefined() // another cluster has room
    expect(stopped).toEqual([])
    await reg.close()
  })

  it('the global ceiling evicts the oldest lingering watch of any cluster, then refuses', async () => {
    const { reg, stopped } = registry(3, 10)
    reg.acquire(k('one', 'a'))
    reg.acquire(k('two', 'a'))
    reg.acquire(k('three', 'a'))
    reg.release(k('two', 'a'))
    reg.acquire(k('four', 'a'))
    expect(stopped).toEqual(['two/a'])
    expect(reg.refusal(k('five', 'a'))).toBe('too many upstream watches: 3 are open and in use; this view polls instead')
    // A lingering watch taken back is reused, not counted again.
    reg.release(k('one', 'a'))
    expect(reg.acquire(k('one', 'a'))).toBe(reg.get(k('one', 'a')))
    expect(reg.counts()).toEqual({ total: 3, lingering: 0 })
    await reg.close()
  })
})
