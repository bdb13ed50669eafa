import { describe, expect, it } from 'vitest'
import { hasTerm, quoteValue, selectExact, selectedExact, toggleTerm } from './filterEdit.ts'

describe('filterEdit', () => {
  it('toggles a whole term, leaving the rest of the text', () => {
    expect(toggleTerm('', 'is:problem')).toBe('is:problem')
    expect(toggleTerm('api  ns:web', 'is:problem')).toBe('api ns:web is:problem')
    expect(toggleTerm('api is:problem ns:web', 'is:problem')).toBe('api ns:web')
    expect(toggleTerm('is:problemx', 'is:problem')).toBe('is:problemx is:problem')
    expect(hasTerm('x IS:PROBLEM', 'is:problem')).toBe(true)
    expect(hasTerm('"is:problem now"', 'is:problem')).toBe(false)
  })
  it('selects one chip value at a time; the same chip again clears it', () => {
    const a = selectExact('api', 'status', 'CrashLoopBackOff')
    expect(a).toBe('api status:=CrashLoopBackOff')
    expect(selectedExact(a, 'status')).toBe('CrashLoopBackOff')
    const b = selectExact(a, 'status', 'Running (suspended)')
    expect(b).toBe('api status:="Running (suspended)"')
    expect(selectedExact(b, 'status')).toBe('Running (suspended)')
    expect(selectExact(b, 'status', 'Running (suspended)')).toBe('api')
    expect(selectedExact('api', 'status')).toBeNull()
  })
  it('quotes values with spaces', () => {
    expect(quoteValue('Init:0/1')).toBe('Init:0/1')
    expect(quoteValue('a b')).toBe('"a b"')
    expect(quoteValue('')).toBe('""')
  })
})
