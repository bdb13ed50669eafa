import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:http2'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { unreachableKubeconfig } from '../../../test/support/unreachableKubeconfig.ts'

vi.mock('electron', () => ({}))
const { startBackend } = await import('./backend.ts')
type Backend = Awaited<ReturnType<typeof startBackend>>
const { runQuitSteps } = await import('../backend/quitSteps.ts')

const dirs: string[] = []
const backends: Backend[] = []
afterEach(async () => {
  for (const b of backends.splice(0)) await runQuitSteps(b.quitSteps(), () => undefined)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'periscope-backend-'))
  dirs.push(d)
  return d
}

/** GET over HTTP/2 + TLS, trusting only the server's own certificate (what the pin does). */
async function get(b: Backend, path: string, token = b.token): Promise<{ status: number; body: string }> {
  const session = connect(b.server.origin, { ca: b.server.certificate?.certPem })
  try {
    return await new Promise((resolve, reject) => {
      session.on('error', reject)
      const req = session.request({ ':path': path, authorization: `Bearer ${token}` })
      let status = 0
      let body = ''
      req.on('response', (h) => {
        status = Number(h[':status'])
      })
      req.setEncoding('utf8')
      req.on('data', (c: string) => {
        body += c
      })
      req.on('end', () => resolve({ status, body }))
      req.on('error', reject)
      req.setTimeout(5_000, () => reject(new Error(`GET ${path} timed out`)))
    })
  } finally {
    session.close()
  }
}

/** An SSE stream over HTTP/2; `ended` resolves when the server ends it. */
function openStream(b: Backend, path: string): { ended: Promise<void> } {
  const session = connect(b.server.origin, { ca: b.server.certificate?.certPem })
  session.on('error', () => undefined)
  const req = session.request({ ':path': path, authorization: `Bearer ${b.token}`, accept: 'text/event-stream' })
  req.resume()
  const ended = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path} was not closed`)), 5_000)
    const done = (): void => {
      clearTimeout(timer)
      session.close()
      resolve()
    }
    req.on('end', done)
    req.on('close', done)
  })
  return { ended }
}

function kubeconfig(contexts: string[]): string {
  return unreachableKubeconfig(contexts, contexts[0])
}

describe('startBackend', () => {
  it('serves the demo cluster over HTTP/2 + TLS with the launch token, and shuts down in order', async () => {
    const dir = tempDir()
    const log = vi.fn()
    const b = await startBackend({ settingsPath: join(dir, 'settings.json'), rendererDir: join(dir, 'none'), version: '9.9.9', demo: true, env: {}, log })
    backends.push(b)
    expect(b.server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(b.server.certificate?.fingerprint256).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/)
    expect(b.demo).toBeDefined()
    const ok = await get(b, '/api/clusters')
    expect(ok.status).toBe(200)
    expect((JSON.parse(ok.body) as Array<{ id: string }>).map((c) => c.id)).toEqual(['demo'])
    expect((await get(b, '/api/clusters', 'wrong-token-0123456789')).status).toBe(401)
    expect(b.kubeconfigFiles).toEqual([])
    expect(log.mock.calls.flat().join('\n')).not.toContain(b.token)

    const steps = b.quitSteps()
    expect(steps.map((s) => s.name)).toEqual(['closing the local server', 'closing the watch engine', 'stopping the demo cluster'])
    backends.splice(0)
    await runQuitSteps(steps, log, 3_000)
    await expect(get(b, '/api/clusters')).rejects.toThrow()
  })

  it('loads $KUBECONFIG, and a reload shows added and removed contexts', async () => {
    const dir = tempDir()
    const file = join(dir, 'config')
    writeFileSync(file, kubeconfig(['dev', 'prod']))
    const b = await startBackend({
      settingsPath: join(dir, 'settings.json'),
      rendererDir: dir,
      version: '1',
      demo: false,
      env: { KUBECONFIG: file, HOME: dir },
      log: vi.fn()
    })
    backends.push(b)
    expect(b.demo).toBeUndefined()
    expect(b.kubeconfigFiles).toEqual([file])
    const ids = async (): Promise<string[]> => (JSON.parse((await get(b, '/api/clusters')).body) as Array<{ id: string }>).map((c) => c.id)
    expect(await ids()).toEqual(['dev', 'prod'])
    const prodStream = openStream(b, '/api/clusters/prod/pods/watch')
    await vi.waitFor(async () => expect((await get(b, '/debug/streams')).body).toContain('"cluster":"prod"'), { timeout: 5_000, interval: 50 })
    writeFileSync(file, kubeconfig(['dev', 'staging']))
    expect(b.reloadKubeconfig()).toEqual([])
    expect(await ids()).toEqual(['dev', 'staging'])
    await prodStream.ended // the removed context's stream was closed by the reload
    expect((await get(b, '/api/clusters')).body).not.toContain('kubeconfig-secret-token')
    writeFileSync(file, 'clusters: [unclosed\n')
    expect(b.reloadKubeconfig()[0]).toMatchObject({ path: file })
  })

  it('keeps a corrupt settings file aside and reports it instead of failing', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), '{ not json')
    const b = await startBackend({ settingsPath: join(dir, 'settings.json'), rendererDir: dir, version: '1', demo: true, env: {}, log: vi.fn() })
    backends.push(b)
    expect(b.config.current().problem).toMatch(/settings/)
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true)
  })

  it('refuses an invalid environment with the parser message', async () => {
    const dir = tempDir()
    await expect(
      startBackend({
        settingsPath: join(dir, 's.json'),
        rendererDir: dir,
        version: '1',
        demo: true,
        env: { PERISCOPE_WATCH_STREAMS: 'pods,nonsense' },
        log: vi.fn()
      })
    ).rejects.toThrow(/nonsense/)
  })
})
