/**
 * Hostile local inputs (the client side of the desktop: what the user's machine hands the app):
 * a KUBECONFIG holding an alias bomb, a FIFO, 10,000 contexts, and exec plugins that flood stdout
 * or ignore SIGTERM with a grandchild holding the pipes; `/api/kubeconfig` called at 10,000
 * contexts. The app is a process of its own (support/appProcess.ts). After each case: the app is
 * alive and serves the demo cluster, its RSS after a GC is under the stated bound, no plugin
 * process is left, and no foreign file in its cache folder is gone. Each case prints its bound
 * and RSS before / during (peak) / after.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { KubeconfigView } from '../../src/shared/api/kubeconfig.ts'
import type { ClusterInfo } from '../../src/shared/api/wire.ts'
import { measure, record, startApp, table } from './support/app.ts'
import type { App } from './support/app.ts'

const MiB = 1024 * 1024
const TOKEN = 'hostile-local-inputs-token-0123456789abc'
const CONTEXTS = 10_000
const PLUGIN = resolve(import.meta.dirname, '../fixtures/hostile-plugin.mjs')
/** Exec bounds of the app under test: production 30 s / 3 s, shortened so a hung plugin ends in seconds. */
const EXEC = { timeoutMs: 2_000, killGraceMs: 500 }
/**
 * The app with 10,000 contexts, all probed, settled: what it may take at most (the issue measured
 * 775 MB). Measured ~390 MB: the app alone ~175 MB (client-node's import is ~80 MB of it), parsing
 * the 1.5 MB kubeconfig ~125 MB that V8 keeps as heap capacity, 10,000 TLS probes ~50 MB, the
 * clusters' state ~40 MB.
 */
const IDLE_BOUND = 450 * MiB
const AFTER_SLACK = 48 * MiB

const dir = mkdtempSync(join(tmpdir(), 'periscope-hostile-inputs-'))
const cacheDir = join(dir, 'cache-dir')
const foreign = { pkg: join(cacheDir, 'package.json'), data: join(cacheDir, 'dataset.bin') }
const pidFile = join(dir, 'plugin-pids.txt')
const files = {
  bomb: join(dir, 'bomb.yaml'),
  fifo: join(dir, 'fifo.yaml'),
  plugins: join(dir, 'plugins.yaml'),
  many: join(dir, 'many.yaml'),
  demo: join(dir, 'demo.yaml')
}
let sim: Sim
let app: App
let settled = 0
let startupSeconds = 0
/** When the app was up: the startup probes ran both plugins then. */
let readyAt = 0

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A port that refuses connections (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise((r) => s.close(r))
  return port
}

function manyContexts(n: number, port: number): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:']
  for (let i = 0; i < n; i++) lines.push(`- name: c${i}`, '  cluster:', `    server: https://127.0.0.1:${port}`, '    insecure-skip-tls-verify: true')
  lines.push('users:', '- name: u', '  user:', '    token: not-a-real-token')
  lines.push('contexts:')
  for (let i = 0; i < n; i++) lines.push(`- name: ctx-${i}`, '  context:', `    cluster: c${i}`, '    user: u')
  return lines.join('\n') + '\n'
}

function aliasBomb(): string {
  let y = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  for (let i = 1; i < 12; i++)
    y += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(',')}]\n`
  return `${y}contexts: *a11\n`
}

async function clusters(): Promise<ClusterInfo[]> {
  const r = await app.get('/api/clusters')
  expect(r.status).toBe(200)
  return JSON.parse(r.text) as ClusterInfo[]
}

async function expectDemoServed(): Promise<void> {
  const r = await app.get('/api/clusters/demo/pods')
  expect(r.status, r.text.slice(0, 300)).toBe(200)
  expect((JSON.parse(r.text) as { items: unknown[] }).items.length).toBe(sim.store.list('pods', {}).items.length)
}

function expectForeignFilesIntact(): void {
  expect(readFileSync(foreign.pkg, 'utf8')).toBe('{"name":"someone-elses-project"}\n')
  expect(statSync(foreign.data).size).toBe(300 * MiB)
}

/** True while `pid` is a live (not zombie) process. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

beforeAll(async () => {
  sim = await startSim({ pods: 40, seed: 31 })
  writeFileSync(files.demo, sim.kubeconfig({ context: 'demo' }))
  const demo = parse(readFileSync(files.demo, 'utf8')) as { clusters: { cluster: Record<string, unknown> }[] }
  const plugin = (name: string, mode: string) => ({
    name,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [PLUGIN],
        env: [
          { name: 'PLUGIN_MODE', value: mode },
          { name: 'PLUGIN_PIDFILE', value: pidFile }
        ]
      }
    }
  })
  writeFileSync(
    files.plugins,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'sim', cluster: demo.clusters[0].cluster }],
      users: [plugin('flood', 'flood'), plugin('hang', 'ignore-term')],
      contexts: [
        { name: 'plugin-flood', context: { cluster: 'sim', user: 'flood' } },
        { name: 'plugin-hang', context: { cluster: 'sim', user: 'hang' } }
      ]
    })
  )
  writeFileSync(files.bomb, aliasBomb())
  execFileSync('mkfifo', [files.fifo])
  writeFileSync(files.many, manyContexts(CONTEXTS, await closedPort()))
  mkdirSync(cacheDir)
  writeFileSync(foreign.pkg, '{"name":"someone-elses-project"}\n')
  writeFileSync(foreign.data, '')
  truncateSync(foreign.data, 300 * MiB)
  const t0 = Date.now()
  app = await startApp(dir, { kubeconfig: [files.bomb, files.fifo, files.plugins, files.demo, files.many], cacheDir, token: TOKEN, exec: EXEC })
  startupSeconds = (Date.now() - t0) / 1000
  readyAt = Date.now()
}, 90_000)

afterAll(async () => {
  console.log(`\nHostile local inputs (after ≤ settled RSS + ${AFTER_SLACK / MiB} MB; 10,000 contexts settled ≤ ${IDLE_BOUND / MiB} MB):\n${table('inputs')}\n`)
  await app?.stop()
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('hostile local inputs', () => {
  it('a KUBECONFIG with an alias bomb, a FIFO and 10,000 contexts: the app starts, reports both files with their paths, keeps the good ones, and settles under the bound', async () => {
    // Every context probed (16 at a time; the 10,000 refuse the connection), then a settled RSS.
    const t0 = Date.now()
    let connecting = Infinity
    while (connecting > 0 && Date.now() - t0 < 60_000) {
      await sleep(500)
      connecting = (await clusters()).filter((c) => c.status === 'connecting').length
    }
    expect(connecting).toBe(0)
    const list = await clusters()
    expect(list).toHaveLength(CONTEXTS + 3)
    expect(list.filter((c) => c.id.startsWith('ctx-')).every((c) => c.status === 'offline' && /connection refused/.test(c.reason))).toBe(true)
    await expectDemoServed()
    const peak = app.peak()
    await app.ask('gc')
    await sleep(300)
    settled = app.rss()
    record({
      suite: 'inputs',
      name: `startup: alias bomb + FIFO + ${CONTEXTS.toLocaleString('en')} contexts (started in ${startupSeconds.toFixed(1)} s, probed in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      bound: '32 MiB and 100 alias expansions per file; regular files only; 16 probes at a time; transports made on first use',
      before: Number.NaN,
      during: peak,
      after: settled,
      afterBound: IDLE_BOUND,
      seconds: startupSeconds
    })
    expect(settled).toBeLessThanOrEqual(IDLE_BOUND)
    expectForeignFilesIntact()
  }, 90_000)

  it('/api/kubeconfig at 10,000 contexts: the problems name both files; later calls are cheap', async () => {
    let firstMs = 0
    let keptMs = 0
    const f = await measure(
      app,
      'inputs',
      '/api/kubeconfig at 10,000 contexts (1 + 20 calls)',
      'view kept until a file (stat) or the cached namespaces change',
      () => settled + AFTER_SLACK,
      async () => {
        let t = performance.now()
        const first = await app.get('/api/kubeconfig')
        firstMs = performance.now() - t
        expect(first.status).toBe(200)
        const view = JSON.parse(first.text) as KubeconfigView
        expect(view.contexts).toHaveLength(CONTEXTS + 3)
        expect(view.problems).toEqual(
          expect.arrayContaining([
            {
              path: files.bomb,
              message: 'refused: its YAML aliases expand beyond the limit of 100 (an "alias bomb" would take all memory); kubeconfigs need no aliases'
            },
            { path: files.fifo, message: 'not read: it is a FIFO (named pipe), not a regular file' }
          ])
        )
        t = performance.now()
        for (let i = 0; i < 20; i++) expect((await app.get('/api/kubeconfig')).status).toBe(200)
        keptMs = (performance.now() - t) / 20
      },
      expectDemoServed
    )
    console.log(
      `/api/kubeconfig at ${CONTEXTS} contexts: first call ${firstMs.toFixed(0)} ms, later calls ${keptMs.toFixed(0)} ms each (${(statSync(files.many).size / MiB).toFixed(1)} MB kubeconfig)`
    )
    expect(f.after).toBeLessThanOrEqual(settled + AFTER_SLACK)
    expectForeignFilesIntact()
  }, 60_000)

  it('a plugin that floods stdout and one that ignores SIGTERM (its grandchild holding the pipes): both clusters say why, no plugin process is left', async () => {
    const f = await measure(
      app,
      'inputs',
      'exec plugins: stdout flood + SIGTERM-ignoring hang',
      `1 MiB of stdout; ${EXEC.timeoutMs} ms deadline, SIGTERM, SIGKILL of the group ${EXEC.killGraceMs} ms later`,
      () => settled + AFTER_SLACK,
      async () => {
        // The startup probes ran both plugins; a failure is remembered 5 s, then the next probe runs them again.
        await sleep(Math.max(0, readyAt + 6_000 + EXEC.timeoutMs + EXEC.killGraceMs - Date.now()))
        const runsBefore = readFileSync(pidFile, 'utf8').trim().split('\n').length
        const [flood, hang] = await Promise.all([
          app.ask<ClusterInfo>('probe', { cluster: 'plugin-flood' }),
          app.ask<ClusterInfo>('probe', { cluster: 'plugin-hang' })
        ])
        expect(flood).toMatchObject({
          status: 'error',
          reason: `exec plugin \`${process.execPath.split('/').at(-1)}\` failed: its output exceeded 1 MiB, more than any ExecCredential; it was stopped`
        })
        expect(hang).toMatchObject({
          status: 'error',
          reason: `exec plugin \`${process.execPath.split('/').at(-1)}\` did not answer within 2 s; it was stopped (is it waiting for input or a login?)`
        })
        expect(readFileSync(pidFile, 'utf8').trim().split('\n').length).toBe(runsBefore + 3) // run again: flood, hang and its grandchild
      },
      expectDemoServed
    )
    await sleep(300)
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number)
    expect(pids.length).toBeGreaterThanOrEqual(6) // flood ×2, hang + grandchild ×2
    expect(pids.filter(alive)).toEqual([])
    expect(f.after).toBeLessThanOrEqual(settled + AFTER_SLACK)
    expectForeignFilesIntact()
  }, 60_000)
})
