import { describe, expect, it } from 'vitest'
import { KIND_IDS } from '../../shared/kinds/registry.ts'
import { DEFAULT_PER_USER_LIMIT, parseLimit, resolveSettings, validateSaved } from './settings.ts'

describe('settings rules', () => {
  it('parses caps: non-negative integers only, "" means the default', () => {
    expect(parseLimit('60', 'X')).toEqual({ ok: true, value: 60 })
    expect(parseLimit(' 0 ', 'X')).toEqual({ ok: true, value: 0 })
    expect(parseLimit('', 'X')).toEqual({ ok: true, value: DEFAULT_PER_USER_LIMIT })
    for (const bad of ['-1', '1.5', 'ten', '1e3', '0x10']) {
      const r = parseLimit(bad, 'PERISCOPE_WATCH_PER_USER_LIMIT')
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error).toContain(`"${bad}"`)
    }
    expect(parseLimit(-3, 'X').ok).toBe(false)
    expect(parseLimit(2.5, 'X').ok).toBe(false)
    expect(parseLimit(Number.NaN, 'X').ok).toBe(false)
  })

  it('defaults to all kinds and cap 60, nothing pinned', () => {
    const r = resolveSettings({}, {})
    expect(r).toEqual({ ok: true, value: { watchStreams: '', enabled: KIND_IDS, perUserLimit: 60, pinned: { watchStreams: null, perUserLimit: null } } })
  })

  it('uses the saved values when the env is unset', () => {
    const r = resolveSettings({}, { watchStreams: 'core', perUserLimit: 5 })
    expect(r.ok && r.value.enabled).toEqual(['pods', 'events'])
    expect(r.ok && r.value.perUserLimit).toBe(5)
  })

  it('lets a set env var win, even when empty, and reports it as pinned', () => {
    const r = resolveSettings({ PERISCOPE_WATCH_STREAMS: '', PERISCOPE_WATCH_PER_USER_LIMIT: '7' }, { watchStreams: 'off', perUserLimit: 5 })
    if (!r.ok) throw new Error(r.error)
    expect(r.value.enabled).toEqual(KIND_IDS)
    expect(r.value.perUserLimit).toBe(7)
    expect(r.value.pinned.watchStreams).toMatchObject({ env: 'PERISCOPE_WATCH_STREAMS', value: '' })
    expect(r.value.pinned.perUserLimit?.reason).toContain('PERISCOPE_WATCH_PER_USER_LIMIT')
  })

  it('fails on a bad env value with a message naming it', () => {
    const k = resolveSettings({ PERISCOPE_WATCH_STREAMS: 'banana,pods' }, {})
    expect(k.ok).toBe(false)
    if (!k.ok) expect(k.error).toMatch(/PERISCOPE_WATCH_STREAMS.*banana/)
    const l = resolveSettings({ PERISCOPE_WATCH_PER_USER_LIMIT: '-1' }, {})
    expect(!l.ok && l.error).toContain('PERISCOPE_WATCH_PER_USER_LIMIT')
  })

  it('validates a saved/PUT body field by field', () => {
    expect(validateSaved({ watchStreams: 'pods', perUserLimit: 3 }, 's')).toEqual({ ok: true, value: { watchStreams: 'pods', perUserLimit: 3 } })
    expect(validateSaved({}, 's')).toEqual({ ok: true, value: {} })
    expect(validateSaved([], 's').ok).toBe(false)
    expect(validateSaved({ colour: 'red' }, 's')).toMatchObject({ ok: false, error: expect.stringContaining('colour') })
    expect(validateSaved({ watchStreams: 'bananas' }, 's')).toMatchObject({ ok: false, error: expect.stringContaining('bananas') })
    expect(validateSaved({ perUserLimit: '5' }, 's').ok).toBe(false)
    expect(validateSaved({ perUserLimit: 1.5 }, 's').ok).toBe(false)
  })
})
