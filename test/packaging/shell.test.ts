/**
 * The built Electron main bundle (out/main/index.js), run under Node with `electron` replaced by
 * a recording fake (fixtures/fake-electron.mjs).
 *
 * Why: no Electron binary can run here, so the composition root's wiring (backend start, session
 * lockdown, certificate pin, IPC bridge, window, graceful quit) is checked on the real bundle with
 * only Electron's surface faked: the server is real (HTTP/2 + TLS, demo cluster), the pin is
 * checked against the certificate the server really presents, and the bootstrap answer is used
 * for a real authenticated request.
 * Lifecycle: beforeAll builds and forks the bundle; the last test quits it; afterAll kills it if
 * it is still running and removes the temp folder.
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect as h2connect } from 'node:http2'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCertificate } from '../../src/main/server/tls.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'node_modules', '.bin')
/** Building takes ~1 s, the demo cluster and server ~1 s; generous for 2 shared cores. */
const START_TIMEOUT_MS = 60_000
/** Each round trip to the child is local and immediate. */
const REPLY_TIMEOUT_MS = 10_000

interface Msg {
  readonly event?: string
  readonly reply?: number
  readonly value?: unknown
  readonly [k: string]: unknown
}

let child: ChildProcess | undefined
let tmp = ''
let stderr = ''
const events: Msg[] = []
let nextId = 1
let origin = ''
let certPem = ''

/** Wait for the first recorded event matching `pred`. */
function waitFor(pred: (m: Msg) => boolean, what: string, ms = START_TIMEOUT_MS): Promise<Msg> {
  return new Promise((resolveMsg, reject) => {
    const found = events.find(pred)
    if (found) return resolveMsg(found)
    const timer = setTimeout(() => {
      child?.off('message', on)
      reject(new Error(`timed out waiting for ${what}; stderr:\n${stderr}`))
    }, ms)
    const on = (m: Msg): void => {
      if (pred(m)) {
        clearTimeout(timer)
        child?.off('message', on)
        resolveMsg(m)
      }
    }
    child?.on('message', on)
  })
}

/** Send a command to the fake and wait for its reply. */
async function ask(cmd: Record<string, unknown>): Promise<unknown> {
  const id = nextId++
  const reply = waitFor((m) => m.reply === id, `the reply to ${String(cmd.cmd)}`, REPLY_TIMEOUT_MS)
  child?.send({ ...cmd, id })
  return (await reply).value
}

/** GET over HTTP/2 + TLS trusting only `ca`. */
async function get(path: string, token: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const session = h2connect(origin, { ca: certPem })
  try {
    return await new Promise((res, rej) => {
      session.on('error', rej)
      const req = session.request({ ':path': path, ...(token ? { authorization: `Bearer ${token}` } : {}) })
      let headers: Record<string, unknown> = {}
      let body = ''
      req.on('response', (h) => {
        headers = h
      })
      req.setEncoding('utf8')
      req.on('data', (c: string) => {
        body += c
      })
      req.on('end', () => res({ status: Number(headers[':status']), headers, body }))
      req.on('error', rej)
    })
  } finally {
    session.close()
  }
}

/** The certificate the server really presents, as PEM. */
function presentedCertificate(port: number): Promise<string> {
  return new Promise((res, rej) => {
    const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      const pem = s.getPeerX509Certificate()?.toString() ?? ''
      s.end()
      res(pem)
    })
    s.on('error', rej)
  })
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'periscope-shell-'))
  await promisify(execFile)(join(BIN, 'electron-vite'), ['build'], { cwd: ROOT, timeout: START_TIMEOUT_MS, maxBuffer: 16 << 20 })
  child = fork(join(ROOT, 'out', 'main', 'index.js'), ['--demo'], {
    cwd: ROOT,
    execArgv: ['--import', join(import.meta.dirname, 'fixtures', 'register-fake-electron.mjs')],
    env: { ...process.env, FAKE_USERDATA: tmp, KUBECONFIG: join(tmp, 'no-kubeconfig') },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  child.stdout?.resume()
  child.on('message', (m: Msg) => {
    events.push(m)
  })
  const loaded = await waitFor((m) => m.event === 'loadURL' || m.event === 'errorBox' || m.event === 'exit', 'the window to load')
  expect(loaded.event, String(loaded.message ?? '')).toBe('loadURL')
  origin = new URL(String(loaded.url)).origin
  certPem = await presentedCertificate(Number(new URL(origin).port))
}, START_TIMEOUT_MS * 2)

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

const topFrame = (o: string): { origin: string; parent: null } => ({ origin: o, parent: null })

describe('the Electron main bundle (electron faked)', () => {
  it('loads the window from the HTTPS server origin with the secure webPreferences', () => {
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(events.find((m) => m.event === 'loadURL')?.url).toBe(`${origin}/`)
    const wp = events.find((m) => m.event === 'window')?.webPreferences as Record<string, unknown>
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(String(wp.preload)).toBe(join(ROOT, 'out', 'preload', 'index.cjs'))
    expect(existsSync(String(wp.preload))).toBe(true)
    expect(events.some((m) => m.event === 'enableSandbox')).toBe(true)
    expect(events.find((m) => m.event === 'menu')?.labels).toEqual(['&File', '&Edit', '&View', '&Window', 'help'])
  })

  it('pins exactly the certificate the server presents', async () => {
    expect(await ask({ cmd: 'verify', hostname: '127.0.0.1', pem: certPem })).toBe(0)
    expect(await ask({ cmd: 'verify', hostname: '127.0.0.1', pem: (await generateCertificate()).certPem })).toBe(-3)
    expect(await ask({ cmd: 'verify', hostname: 'example.com', pem: certPem })).toBe(-3)
  })

  it('answers the bridge bootstrap to the app frame only, and its token works on the API', async () => {
    const boot = (await ask({ cmd: 'ipc', channel: 'periscope:bootstrap', frame: topFrame(origin) })) as { baseUrl: string; token: string; version: string }
    expect(boot.baseUrl).toBe(origin)
    expect(boot.version).toBe('0.1.0-test')
    expect(boot.token.length).toBeGreaterThanOrEqual(32)
    expect(await ask({ cmd: 'ipc', channel: 'periscope:bootstrap', frame: topFrame(`${origin}.evil.com`) })).toBeNull()
    expect(await ask({ cmd: 'ipc', channel: 'periscope:bootstrap', frame: { origin, parent: {} } })).toBeNull()
    const clusters = await get('/api/clusters', boot.token)
    expect(clusters.status).toBe(200)
    expect((JSON.parse(clusters.body) as Array<{ id: string }>).map((c) => c.id)).toEqual(['demo'])
    expect((await get('/api/clusters', '')).status).toBe(401)
    expect(stderr).not.toContain(boot.token)
  })

  it('serves the page with a CSP header on the same origin', async () => {
    const page = await get('/', '')
    expect(page.status).toBe(200)
    expect(String(page.headers['content-security-policy'])).toMatch(/default-src 'self'/)
    expect(String(page.headers['content-security-policy'])).toMatch(/connect-src 'self'/)
  })

  it('denies navigation away, window.open and permissions; opens only allow-listed links', async () => {
    expect(await ask({ cmd: 'navigate', url: `${origin}.evil.com/` })).toBe(true)
    expect(await ask({ cmd: 'navigate', url: `${origin}/clusters` })).toBe(false)
    expect(await ask({ cmd: 'windowOpen', url: 'https://kubernetes.io/' })).toBe('deny')
    expect(await ask({ cmd: 'permission', permission: 'media' })).toBe(false)
    await ask({ cmd: 'ipc', channel: 'periscope:open-external', frame: topFrame(origin), args: ['file:///etc/passwd'] })
    await ask({ cmd: 'ipc', channel: 'periscope:open-external', frame: topFrame(origin), args: ['https://kubernetes.io/docs/'] })
    await waitFor((m) => m.event === 'openExternal', 'openExternal', REPLY_TIMEOUT_MS)
    expect(events.filter((m) => m.event === 'openExternal').map((m) => m.url)).toEqual(['https://kubernetes.io/docs/'])
  })

  it("guards every web contents, not only the window's (web-contents-created)", async () => {
    expect(await ask({ cmd: 'foreignContents', url: 'https://evil.example/' })).toEqual({ navigationBlocked: true, webviewBlocked: true, windowOpen: 'deny' })
    expect(await ask({ cmd: 'foreignContents', url: `${origin}/` })).toEqual({ navigationBlocked: false, webviewBlocked: true, windowOpen: 'deny' })
  })

  it('quits gracefully: holds the first quit, closes everything, then exits 0', async () => {
    const exited = new Promise<number | null>((res) => child?.once('exit', (code) => res(code)))
    await ask({ cmd: 'quit' })
    expect(await exited).toBe(0)
    const quits = events.filter((m) => m.event === 'before-quit').map((m) => m.prevented)
    expect(quits).toEqual([true, false])
    await expect(get('/api/clusters', '')).rejects.toThrow()
  })
})
