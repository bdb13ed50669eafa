/**
 * Hostile settings: bad kinds and cap values at launch (exit 2 with a message) and through
 * `PUT /api/settings` (400/413/415 with a message, nothing applied or written), corrupt
 * settings files (kept aside and reported, the server still starts), and `kill -9` of a
 * process in the middle of saving settings (the file is always a whole old or new value).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import { createRuntimeConfig } from '../../src/main/config/runtimeConfig.ts'
import { validateSaved } from '../../src/main/config/settings.ts'
import { TOKEN } from '../support/stack.ts'
import { raw } from '../support/raw.ts'
import { WRITER_VALUES } from '../support/writerValues.ts'

const root = join(import.meta.dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'periscope-hostile-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const seen: string[] = []
afterAll(() => {
  if (process.env.HOSTILE_REPORT) console.log(seen.join('\n'))
})

/** Run `serve.ts` with `env`; it must exit on its own (bad env) within `ms`. */
function serveExit(env: Record<string, string>, ms = 20_000): Promise<{ code: number | string; stderr: string; stdout: string }> {
  const clean: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PERISCOPE_')) clean[k] = v
  const child = spawn(process.execPath, ['src/main/cli/serve.ts', '--demo', '--settings', join(dir, 'launch', 'settings.json')], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  let stdout = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), ms)
    child.once('close', (code, signal) => {
      clearTimeout(t)
      resolve({ code: code ?? signal ?? 'unknown', stderr, stdout })
    })
  })
}

async function settingsServer(settingsPath: string): Promise<{ port: number; problem?: string; close(): Promise<void> }> {
  const b = await composeBackend({
    settingsPath,
    env: {},
    kubeconfig: { yaml: 'apiVersion: v1\nkind: Config\n' },
    cacheDir: null,
    token: TOKEN,
    actor: 't',
    version: 'hostile',
    log: () => undefined,
    engine: { probe: false }
  })
  const problem = b.config.current().problem
  return { port: b.server.port, ...(problem ? { problem } : {}), close: () => b.close() }
}

describe('hostile input: settings', () => {
  it('bad kinds and cap values in the env stop the launch with exit 2 and a message naming them', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PERISCOPE_WATCH_PER_USER_LIMIT: '-1' }, /PERISCOPE_WATCH_PER_USER_LIMIT value "-1": it is negative/],
      [{ PERISCOPE_WATCH_PER_USER_LIMIT: '1.5' }, /PERISCOPE_WATCH_PER_USER_LIMIT value "1\.5": it is not a whole number/],
      [{ PERISCOPE_WATCH_PER_USER_LIMIT: '1e3' }, /PERISCOPE_WATCH_PER_USER_LIMIT value "1e3"/],
      [{ PERISCOPE_WATCH_PER_USER_LIMIT: 'sixty' }, /PERISCOPE_WATCH_PER_USER_LIMIT value "sixty"/],
      [{ PERISCOPE_WATCH_PER_USER_LIMIT: '99999999999999999999' }, /PERISCOPE_WATCH_PER_USER_LIMIT value .*too large/],
      [{ PERISCOPE_WATCH_PER_USER_LIMIT: '0x10' }, /PERISCOPE_WATCH_PER_USER_LIMIT value "0x10"/],
      [{ PERISCOPE_WATCH_STREAMS: 'banana,pods' }, /PERISCOPE_WATCH_STREAMS.*"banana"/],
      [{ PERISCOPE_WATCH_STREAMS: 'off,pods' }, /PERISCOPE_WATCH_STREAMS/],
      [{ PERISCOPE_WATCH_STREAMS: 'PODS' }, /PERISCOPE_WATCH_STREAMS.*PODS/],
      [{ PERISCOPE_WATCH_STREAMS: '../../etc' }, /PERISCOPE_WATCH_STREAMS/],
      [{ PERISCOPE_TOKEN: 'short' }, /invalid PERISCOPE_TOKEN/]
    ]
    const results = await Promise.all(cases.map(async ([env]) => serveExit(env)))
    cases.forEach(([env, re], i) => {
      const r = results[i]
      seen.push(`env ${JSON.stringify(env)}\texit ${r.code}\t${r.stderr.trim().split('\n')[0]}`)
      expect(r.code, JSON.stringify(env)).toBe(2)
      expect(r.stderr, JSON.stringify(env)).toMatch(re)
      expect(r.stdout).toBe('')
    })
  }, 60_000)

  it('PUT /api/settings refuses every bad value with a 4xx and a message, and applies nothing', async () => {
    const file = join(dir, 'put', 'settings.json')
    const srv = await settingsServer(file)
    try {
      const host: [string, string] = ['Host', `127.0.0.1:${srv.port}`]
      const auth: [string, string] = ['Authorization', `Bearer ${TOKEN}`]
      const json: [string, string] = ['Content-Type', 'application/json']
      const put = (body: string, headers: [string, string][] = [host, auth, json]) => raw(srv.port, '/api/settings', headers, { method: 'PUT', body })
      const bad: [string, string, number, RegExp][] = [
        ['negative cap', '{"perUserLimit":-1}', 400, /negative/],
        ['fractional cap', '{"perUserLimit":1.5}', 400, /whole number/],
        ['huge cap', '{"perUserLimit":1e300}', 400, /too large/],
        ['cap over the maximum', '{"perUserLimit":100001}', 400, /too large/],
        ['cap as a string', '{"perUserLimit":"60"}', 400, /must be a number/],
        ['cap null', '{"perUserLimit":null}', 400, /must be a number/],
        ['cap true', '{"perUserLimit":true}', 400, /must be a number/],
        ['cap array', '{"perUserLimit":[60]}', 400, /must be a number/],
        ['cap object', '{"perUserLimit":{"n":60}}', 400, /must be a number/],
        ['kinds misspelt', '{"watchStreams":"banana,pods"}', 400, /banana/],
        ['kinds off,pods', '{"watchStreams":"off,pods"}', 400, /off/],
        ['kinds upper-case', '{"watchStreams":"PODS"}', 400, /PODS/],
        ['kinds a number', '{"watchStreams":5}', 400, /expected a string/],
        ['kinds null', '{"watchStreams":null}', 400, /expected a string/],
        ['unknown field', '{"perUserLimit":5,"admin":true}', 400, /unknown field "admin"/],
        ['__proto__ field', '{"__proto__":{"perUserLimit":1}}', 400, /unknown field "__proto__"/],
        ['a JSON array', '[1,2]', 400, /expected a JSON object/],
        ['JSON null', 'null', 400, /expected a JSON object/],
        ['a JSON string', '"pods"', 400, /expected a JSON object/],
        ['not JSON', '{perUserLimit: 5}', 400, /not valid JSON/],
        ['empty body', '', 400, /not valid JSON/],
        ['deeply nested', '['.repeat(5_000) + ']'.repeat(5_000), 400, /expected a JSON object/],
        ['body over the limit', JSON.stringify({ watchStreams: 'pods,'.repeat(4_000) + 'pods' }), 413, /larger than 16384 bytes/],
        ['ui not an object', '{"ui":"dark"}', 400, /ui must be an object/],
        ['ui unknown field', '{"ui":{"theme":"dark"}}', 400, /unknown field "theme"/],
        ['ui place not a hash', '{"ui":{"place":"javascript:alert(1)"}}', 400, /address hash starting with #\//],
        ['ui place with a newline', '{"ui":{"place":"#/c/a\\nb"}}', 400, /control character/],
        ['ui columns of an unknown kind', '{"ui":{"columns":{"leases":{"hidden":["holder"]}}}}', 400, /unknown kind "leases"/],
        ['ui columns __proto__', '{"ui":{"columns":{"__proto__":{}}}}', 400, /unknown kind "__proto__"/],
        ['ui width not whole', '{"ui":{"columns":{"pods":{"widths":{"name":1e9}}}}}', 400, /whole number of pixels/],
        ['ui column id with markup', '{"ui":{"columns":{"pods":{"order":["<img>"]}}}}', 400, /is not a column id/]
      ]
      for (const [label, body, status, re] of bad) {
        const a = await put(body)
        seen.push(`PUT ${label}\t${a.status}\t${a.body.slice(0, 150)}`)
        expect(a.status, label).toBe(status)
        expect((JSON.parse(a.body) as { error: string }).error, label).toMatch(re)
      }
      for (const [label, type] of [
        ['text/plain', 'text/plain'],
        ['form', 'application/x-www-form-urlencoded'],
        ['json look-alike', 'application/jsonx'],
        ['none', '']
      ] as const) {
        const a = await put('{"perUserLimit":5}', type ? [host, auth, ['Content-Type', type]] : [host, auth])
        seen.push(`PUT content type ${label}\t${a.status}\t${a.body.slice(0, 120)}`)
        expect(a.status, label).toBe(415)
      }
      // Nothing was applied or written, and the server still answers a good change.
      expect(existsSync(file)).toBe(false)
      const now = await raw(srv.port, '/api/settings', [host, auth])
      expect(JSON.parse(now.body)).toMatchObject({ perUserLimit: 60, watchStreams: '' })
      const good = await put('{"perUserLimit":7}')
      expect(good.status).toBe(200)
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ perUserLimit: 7 })
    } finally {
      await srv.close()
    }
  })

  it('a corrupt settings file is kept aside as settings.json.corrupt-<ts> and reported; the server starts', async () => {
    const variants: [string, string | Buffer, RegExp][] = [
      ['invalid JSON', '{"perUserLimit": 5', /not valid JSON/],
      ['empty file', '', /not valid JSON/],
      ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7b]), /not valid JSON/],
      ['a JSON array', '[]', /expected a JSON object/],
      ['negative cap', '{"perUserLimit":-3}', /negative/],
      ['cap as a string', '{"perUserLimit":"10"}', /must be a number/],
      ['misspelt kind', '{"watchStreams":"podz"}', /podz/],
      ['unknown field', '{"theme":"dark"}', /unknown field "theme"/],
      ['over 64 KB', `{"watchStreams":"pods"}${' '.repeat(70_000)}`, /it is 70023 bytes, larger than the 64 KiB limit/]
    ]
    for (const [label, content, re] of variants) {
      const d = join(dir, `corrupt-${label.replace(/\W+/g, '-')}`)
      mkdirSync(d, { recursive: true })
      const file = join(d, 'settings.json')
      writeFileSync(file, content)
      const srv = await settingsServer(file)
      try {
        const aside = readdirSync(d).filter((f) => /^settings\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(f))
        expect(aside, label).toHaveLength(1)
        expect(readFileSync(join(d, aside[0])).equals(Buffer.from(content)), label).toBe(true)
        expect(existsSync(file), label).toBe(false)
        const view = await raw(srv.port, '/api/settings', [
          ['Host', `127.0.0.1:${srv.port}`],
          ['Authorization', `Bearer ${TOKEN}`]
        ])
        const body = JSON.parse(view.body) as { problem?: string; perUserLimit: number }
        seen.push(`corrupt file: ${label}\t${view.status}\t${body.problem}`)
        expect(view.status).toBe(200)
        expect(body.problem, label).toMatch(re)
        expect(body.problem, label).toContain(aside[0])
        expect(body.perUserLimit).toBe(60)
      } finally {
        await srv.close()
      }
    }
    // A settings path that is a folder cannot be kept aside: a precise launch error instead.
    const folder = join(dir, 'folder', 'settings.json')
    mkdirSync(folder, { recursive: true })
    await expect(createRuntimeConfig({ env: {}, settingsPath: folder })).rejects.toThrow(/cannot read settings file .*settings\.json: it is a directory/)
  })

  it('kill -9 while settings are being written: the file is always a whole old or new value, never torn', async () => {
    const d = join(dir, 'kill9')
    mkdirSync(d, { recursive: true })
    const file = join(d, 'settings.json')
    const initial = { watchStreams: 'pods', perUserLimit: 5 }
    writeFileSync(file, JSON.stringify(initial))
    const allowed = new Set([initial, ...WRITER_VALUES].map((v) => JSON.stringify(v)))
    const writer = join(import.meta.dirname, '..', 'support', 'settingsWriter.ts')
    const kills: number[] = []
    for (let round = 0; round < 20; round++) {
      const child = spawn(process.execPath, [writer, file, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] })
      let err = ''
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        err += c
      })
      const exited = new Promise<string | number>((resolve) => child.once('close', (code, signal) => resolve(signal ?? code ?? 'unknown')))
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`writer not ready within 10 s: ${err}`)), 10_000)
        child.stdout.setEncoding('utf8').on('data', () => {
          clearTimeout(t)
          resolve()
        })
        child.once('close', () => {
          clearTimeout(t)
          reject(new Error(`writer exited early: ${err}`))
        })
      })
      const delay = Math.floor(Math.random() * 40)
      await new Promise((r) => setTimeout(r, delay))
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')
      kills.push(delay)
      const text = readFileSync(file, 'utf8')
      let parsed: unknown
      expect(
        () => {
          parsed = JSON.parse(text)
        },
        `round ${round}: ${JSON.stringify(text)}`
      ).not.toThrow()
      expect(validateSaved(parsed, 'file').ok).toBe(true)
      expect(allowed.has(JSON.stringify(parsed)), `round ${round}: ${text}`).toBe(true)
    }
    seen.push(`kill -9 rounds: ${kills.length}, delays after first save (ms): ${kills.join(',')}`)
    // The file reads back through the real loader with no problem, and no temp file is left.
    const cfg = await createRuntimeConfig({ env: {}, settingsPath: file })
    expect(cfg.ok && cfg.value.current().problem).toBeFalsy()
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([])
  }, 90_000)
})
