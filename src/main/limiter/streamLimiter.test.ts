import { describe, expect, it } from 'vitest'
import { createStreamLimiter } from './streamLimiter.ts'

describe('streamLimiter', () => {
  it('refuses at the cap per actor and frees the slot on release', () => {
    const lim = createStreamLimiter(() => 2)
    const a = lim.acquire('alice')
    const b = lim.acquire('alice')
    expect(a.ok && b.ok).toBe(true)
    const c = lim.acquire('alice')
    expect(c).toEqual({ ok: false, limit: 2, open: 2 })
    expect(lim.acquire('bob').ok).toBe(true)
    if (a.ok) a.slot.release()
    expect(lim.counts().get('alice')).toBe(1)
    expect(lim.acquire('alice').ok).toBe(true)
  })

  it('release is idempotent and removes idle actors', () => {
    const lim = createStreamLimiter(() => 1)
    const a = lim.acquire('alice')
    if (!a.ok) throw new Error('expected a slot')
    a.slot.release()
    a.slot.release()
    expect(lim.counts().has('alice')).toBe(false)
    const b = lim.acquire('alice')
    expect(b.ok).toBe(true)
    expect(lim.acquire('alice').ok).toBe(false)
  })

  it('0 means no cap, and a changed limit applies to the next acquire', () => {
    let cap = 0
    const lim = createStreamLimiter(() => cap)
    for (let i = 0; i < 100; i++) expect(lim.acquire('u').ok).toBe(true)
    cap = 100
    expect(lim.acquire('u').ok).toBe(false)
    cap = 101
    expect(lim.acquire('u').ok).toBe(true)
  })
})
