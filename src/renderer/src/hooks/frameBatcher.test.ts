import { describe, expect, it } from 'vitest'
import type { DeltaOp } from '../stores/listStore.ts'
import { podRow } from '../stores/testRows.ts'
import { createFrameBatcher } from './frameBatcher.ts'

describe('frameBatcher', () => {
  it('applies all lists once per frame, in arrival order, and drops a list on request', () => {
    const frames: (() => void)[] = []
    const applied: Map<string, readonly DeltaOp[]>[] = []
    const b = createFrameBatcher(
      (m) => applied.push(new Map(m)),
      (fn) => {
        frames.push(fn)
        return () => {
          /* frame ran */
        }
      }
    )
    b.push('a', { type: 'added', row: podRow('1') })
    b.push('a', { type: 'modified', row: podRow('1', {}, '2') })
    b.push('b', { type: 'added', row: podRow('2') })
    b.push('c', { type: 'added', row: podRow('3') })
    b.drop('c')
    expect(frames).toHaveLength(1)
    expect(applied).toHaveLength(0)
    expect(b.pending()).toBe(3)
    frames[0]()
    expect(applied).toHaveLength(1)
    expect(applied[0].get('a')!.map((o) => o.type)).toEqual(['added', 'modified'])
    expect(applied[0].has('c')).toBe(false)
    b.push('a', { type: 'deleted', row: podRow('1') })
    expect(frames).toHaveLength(2)
  })
})
