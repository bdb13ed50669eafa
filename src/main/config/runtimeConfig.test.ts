import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRuntimeConfig } from './runtimeConfig.ts'
import type { RuntimeConfig } from './runtimeConfig.ts'
import { readSettingsFile, writeSettingsFile } from './settingsFile.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-settings-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function make(env: Record<string, string> = {}, path = join(dir, 'settings.json')): Promise<RuntimeConfig> {
  const r = await createRuntimeConfig({ env, settingsPath: path })
  if (!r.ok) throw new Error(r.error)
  return r.value
}

describe('settings file', () => {
  it('writes atomically (no temp files left) and reads back', async () => {
    const p = join(dir, 'sub', 'settings.json')
    await writeSettingsFile(p, { watchStreams: 'core', perUserLimit: 3 })
    await writeSettingsFile(p, { watchStreams: 'pods', perUserLimit: 4 })
    expect(readdirSync(join(dir, 'sub'))).toEqual(['settings.json'])
    expect(await readSettingsFile(p)).toEqual({ saved: { watchStreams: 'pods', perUserLimit: 4 } })
  })

  it('treats a missing file as empty settings', async () => {
    expect(await readSettingsFile(join(dir, 'none.json'))).toEqual({ saved: {} })
  })

  it('keeps a corrupt file aside and reports it, never overwriting it', async () => {
    const p = join(dir, 'settings.json')
    writeFileSync(p, '{"watchStreams": "pods",')
    const r = await readSettingsFile(p)
    expect(r.saved).toEqual({})
    expect(r.problem).toMatch(/not valid JSON/)
    expect(r.keptAside).toMatch(/settings\.json\.corrupt-/)
    const names = readdirSync(dir)
    expect(names).toHaveLength(1)
    expect(names[0]).toMatch(/^settings\.json\.corrupt-\d{4}-/)
    expect(readFileSync(join(dir, names[0]), 'utf8')).toBe('{"watchStreams": "pods",')
  })

  it('treats valid JSON with a bad value as corrupt too', async () => {
    const p = join(dir, 'settings.json')
    writeFileSync(p, JSON.stringify({ watchStreams: 'banana' }))
    const cfg = await make({}, p)
    expect(cfg.current().problem).toMatch(/banana.*kept as settings\.json\.corrupt-/)
    expect(cfg.current().enabled).toContain('pods')
  })
})

describe('runtime config', () => {
  it('applies and persists a change live, and tells listeners', async () => {
    const cfg = await make()
    const seen: string[][] = []
    cfg.onChange((next, prev) => seen.push([prev.watchStreams, next.watchStreams]))
    expect(cfg.isEnabled('jobs')).toBe(true)
    const r = await cfg.update({ watchStreams: 'core', perUserLimit: 2 })
    expect(r).toMatchObject({ ok: true, settings: { enabled: ['pods', 'events'], perUserLimit: 2 } })
    expect(cfg.isEnabled('jobs')).toBe(false)
    expect(cfg.perUserLimit()).toBe(2)
    expect(seen).toEqual([['', 'core']])
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ watchStreams: 'core', perUserLimit: 2 })
    const again = await make()
    expect(again.current().enabled).toEqual(['pods', 'events'])
  })

  it('refuses a bad value with 400 and the parser message, changing nothing', async () => {
    const cfg = await make()
    const r = await cfg.update({ watchStreams: 'pods,banana' })
    expect(r).toMatchObject({ ok: false, status: 400, error: expect.stringContaining('banana') })
    expect((await cfg.update({ perUserLimit: -1 })).ok).toBe(false)
    expect(cfg.current().perUserLimit).toBe(60)
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses to change a pinned field with 409, but accepts the same value and other fields', async () => {
    const cfg = await make({ PERISCOPE_WATCH_STREAMS: 'core' })
    expect(cfg.current().pinned.watchStreams?.env).toBe('PERISCOPE_WATCH_STREAMS')
    const r = await cfg.update({ watchStreams: 'pods' })
    expect(r).toMatchObject({ ok: false, status: 409, error: expect.stringContaining('PERISCOPE_WATCH_STREAMS') })
    const ok = await cfg.update({ watchStreams: 'pods,events', perUserLimit: 9 })
    expect(ok).toMatchObject({ ok: true, settings: { perUserLimit: 9, enabled: ['pods', 'events'] } })
  })

  it('fails creation on a bad env value', async () => {
    const r = await createRuntimeConfig({ env: { PERISCOPE_WATCH_PER_USER_LIMIT: '2.5' } })
    expect(r.ok).toBe(false)
  })
})

describe('runtime config: the ui section', () => {
  it('merges ui patches per kind, persists them, reports them, and tells no stream listener', async () => {
    const cfg = await make()
    let told = 0
    cfg.onChange(() => {
      told++
    })
    const a = await cfg.update({ ui: { place: '#/c/demo/pods?ns=payments', columns: { pods: { hidden: ['ip'], wide: true } } } })
    expect(a.ok).toBe(true)
    const b = await cfg.update({ ui: { columns: { deployments: { order: ['age', 'ready'], widths: { name: 300 } } }, demoBannerDismissed: true } })
    expect(b.ok).toBe(true)
    expect(cfg.current().ui).toEqual({
      place: '#/c/demo/pods?ns=payments',
      columns: { pods: { hidden: ['ip'], wide: true }, deployments: { order: ['age', 'ready'], widths: { name: 300 } } },
      demoBannerDismissed: true
    })
    // null forgets one kind's choices and keeps the others.
    expect((await cfg.update({ ui: { columns: { pods: null } } })).ok).toBe(true)
    expect(Object.keys(cfg.current().ui.columns ?? {})).toEqual(['deployments'])
    expect(told).toBe(0)
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { ui?: unknown }
    expect(file.ui).toEqual(cfg.current().ui)
    const again = await make()
    expect(again.current().ui).toEqual(cfg.current().ui)
  })

  it('refuses a ui patch that would make the section larger than UI_MAX_BYTES, changing nothing', async () => {
    const cfg = await make()
    const ids = Array.from({ length: 32 }, (_, i) => `column${String(i).padStart(33, '0')}`)
    const big = Object.fromEntries(
      ['pods', 'events', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs'].map((k) => [k, { hidden: ids, order: ids }])
    )
    const r = await cfg.update({ ui: { columns: big } })
    expect(r).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/bytes, more than 16384/) })
    expect(cfg.current().ui).toEqual({})
  })
})
