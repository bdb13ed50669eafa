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
    expect(r).toEqual({
      ok: true,
      value: { watchStreams: '', enabled: KIND_IDS, custom: { all: true, tokens: [] }, perUserLimit: 60, pinned: { watchStreams: null, perUserLimit: null } }
    })
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

describe('settings rules: the ui section', () => {
  const ok = (ui: unknown) => validateSaved({ ui }, 's')
  const err = (ui: unknown): string => {
    const r = ok(ui)
    if (r.ok) throw new Error(`accepted ${JSON.stringify(ui)}`)
    return r.error
  }

  it('accepts a place, column choices per kind and a dismissed note', () => {
    const ui = {
      place: '#/c/demo/deployments?ns=payments&q=api&sort=-age',
      columns: { pods: { hidden: ['ip'], order: ['status', 'name'], widths: { name: 320 }, wide: true }, nodes: null },
      demoBannerDismissed: true
    }
    expect(ok(ui)).toEqual({ ok: true, value: { ui } })
    expect(ok({})).toEqual({ ok: true, value: { ui: {} } })
  })

  it('refuses each bad field with a message naming it', () => {
    expect(err([])).toMatch(/s ui must be an object/)
    expect(err({ theme: 'dark' })).toMatch(/unknown field "theme"/)
    expect(err({ place: 5 })).toMatch(/place must be a string/)
    expect(err({ place: 'http://evil/' })).toMatch(/place must be '' or an address hash/)
    expect(err({ place: '#/' + 'x'.repeat(2100) })).toMatch(/more than 2048/)
    expect(err({ place: '#/c/a\nb' })).toMatch(/control character/)
    expect(err({ columns: { widgets: {} } })).toMatch(/unknown kind "widgets"/)
    expect(err({ columns: { pods: { hidden: 'ip' } } })).toMatch(/columns\.pods\.hidden must be a list/)
    expect(err({ columns: { pods: { hidden: ['ip', 'ip'] } } })).toMatch(/listed twice/)
    expect(err({ columns: { pods: { order: ['no spaces'] } } })).toMatch(/is not a column id/)
    expect(err({ columns: { pods: { order: Array.from({ length: 33 }, (_, i) => `c${i}`) } } })).toMatch(/33 entries, more than 32/)
    expect(err({ columns: { pods: { widths: { name: 10 } } } })).toMatch(/widths\.name must be a whole number of pixels from 24 to 4000/)
    expect(err({ columns: { pods: { widths: { name: 100.5 } } } })).toMatch(/whole number/)
    expect(err({ columns: { pods: { wide: 'yes' } } })).toMatch(/wide must be true or false/)
    expect(err({ columns: { pods: { colour: 'red' } } })).toMatch(/unknown field "colour"/)
    expect(err({ demoBannerDismissed: 1 })).toMatch(/demoBannerDismissed must be true or false/)
    expect(err(JSON.parse('{"columns":{"__proto__":{"hidden":[]}}}'))).toMatch(/unknown kind "__proto__"/)
  })
})
