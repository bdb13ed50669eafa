import { describe, expect, it } from 'vitest'
import { createListStore, listKey } from './listStore.ts'
import { podRow } from './testRows.ts'

describe('listStore', () => {
  const key = listKey('demo', 'pods', '')

  it('keeps one mutable Map per list and bumps version per batch, reusing unchanged rows', () => {
    const s = createListStore()
    s.openList(key)
    const a = podRow('a')
    const b = podRow('b')
    s.replaceAll(key, [a, b], { health: 'live' })
    const map = s.data(key)!.rows
    expect(s.store.getState().meta[key]).toMatchObject({ version: 1, count: 2, health: 'live', loaded: true })

    const a2 = podRow('a', { status: 'Running' }, '2')
    const c = podRow('c')
    s.applyFrame(
      new Map([
        [
          key,
          [
            { type: 'modified' as const, row: a2 },
            { type: 'added' as const, row: c },
            { type: 'deleted' as const, row: b }
          ]
        ]
      ])
    )
    expect(s.data(key)!.rows).toBe(map)
    expect([...map.values()]).toEqual([a2, c])
    const meta = s.store.getState().meta[key]
    expect(meta.version).toBe(2)
    expect(meta.count).toBe(2)
    expect(s.data(key)!.log.at(-1)).toEqual({ version: 2, reset: false, uids: [a2.uid, c.uid, b.uid] })

    // A snapshot with an unchanged resourceVersion keeps the existing object (no re-render).
    s.replaceAll(key, [podRow('a', { status: 'Running' }, '2'), podRow('c')], {})
    expect(map.get(a2.uid)).toBe(a2)
    expect(map.get(c.uid)).toBe(c)
  })

  it('applies a frame of several lists with one setState', () => {
    const s = createListStore()
    const k2 = listKey('demo', 'events', '')
    s.openList(key)
    s.openList(k2)
    let notified = 0
    s.store.subscribe(() => notified++)
    s.applyFrame(
      new Map([
        [key, [{ type: 'added' as const, row: podRow('a') }]],
        [k2, [{ type: 'added' as const, row: podRow('e') }]]
      ])
    )
    expect(notified).toBe(1)
    expect(s.store.getState().meta[key].count).toBe(1)
    expect(s.store.getState().meta[k2].count).toBe(1)
  })

  it('refcounts views and drops rows with the last one; health changes do not bump version', () => {
    const s = createListStore()
    s.openList(key)
    s.openList(key)
    s.setHealth(key, { health: 'polling', detail: 'why' })
    expect(s.store.getState().meta[key]).toMatchObject({ health: 'polling', detail: 'why', version: 0 })
    s.closeList(key)
    expect(s.data(key)).toBeDefined()
    s.closeList(key)
    expect(s.data(key)).toBeUndefined()
    expect(s.store.getState().meta[key]).toBeUndefined()
  })
})
