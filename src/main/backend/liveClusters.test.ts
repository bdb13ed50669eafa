import { describe, expect, it, vi } from 'vitest'
import type { Mock } from 'vitest'
import type { ClusterInfo } from '../../shared/api/wire.ts'
import { kindDef } from '../../shared/kinds/registry.ts'
import type { ClusterProvider } from '../watch/engine.ts'

import { createLiveClusters } from './liveClusters.ts'

/** A provider whose sources say which set served them. */
function provider(name: string, ids: string[]): ClusterProvider & { close: Mock<() => void>; probeAll: Mock<() => Promise<void>> } {
  return {
    list: (): ClusterInfo[] => ids.map((id) => ({ id, status: 'ok', reason: '' })),
    has: (id) => ids.includes(id),
    source: () => ({
      list: async () => ({ resourceVersion: name }),
      watch: async () => {
        throw new Error(`watch served by ${name}`)
      }
    }),
    getObject: async (id, kind, _ns, name) => ({ servedBy: name === 'x' ? `${name} from ${id}/${kind.resource} of set ` : '', set: ids.length }),
    close: vi.fn<() => void>(),
    probeAll: vi.fn(async (): Promise<void> => undefined)
  }
}

describe('createLiveClusters', () => {
  it('lists the new contexts after replace, and drops removed ones', () => {
    const live = createLiveClusters(provider('a', ['dev', 'prod']))
    expect(live.list().map((c) => c.id)).toEqual(['dev', 'prod'])
    live.replace(provider('b', ['dev', 'staging']))
    expect(live.list().map((c) => c.id)).toEqual(['dev', 'staging'])
    expect(live.has('prod')).toBe(false)
    expect(live.has('staging')).toBe(true)
  })
  it('sources handed out before a reload use the new set on their next call', async () => {
    const live = createLiveClusters(provider('a', ['dev']))
    const src = live.source('dev', kindDef('pods'), '')
    expect(await src.list({ signal: new AbortController().signal, onPage: () => undefined })).toEqual({ resourceVersion: 'a' })
    live.replace(provider('b', ['dev']))
    expect(await src.list({ signal: new AbortController().signal, onPage: () => undefined })).toEqual({ resourceVersion: 'b' })
  })
  it('fetches single objects from the current set', async () => {
    const live = createLiveClusters(provider('a', ['dev']))
    const signal = new AbortController().signal
    expect(await live.getObject?.('dev', kindDef('pods'), 'default', 'x', signal)).toEqual({ servedBy: 'x from dev/pods of set ', set: 1 })
    live.replace(provider('b', ['dev', 'prod']))
    expect(await live.getObject?.('dev', kindDef('pods'), 'default', 'x', signal)).toMatchObject({ set: 2 })
    live.replace({
      list: () => [],
      has: () => false,
      source: () => {
        throw new Error('unused')
      }
    })
    await expect(live.getObject?.('dev', kindDef('pods'), 'default', 'x', signal)).rejects.toThrow(/cannot fetch single objects/)
  })
  it('closes the old set, probes the new one, and closes late sets after close()', () => {
    const a = provider('a', [])
    const b = provider('b', [])
    const live = createLiveClusters(a)
    live.replace(b)
    expect(a.close).toHaveBeenCalledOnce()
    expect(b.probeAll).toHaveBeenCalledOnce()
    live.close?.()
    expect(b.close).toHaveBeenCalledOnce()
    const c = provider('c', [])
    live.replace(c)
    expect(c.close).toHaveBeenCalledOnce()
    expect(live.current()).toBe(b)
  })
})
