import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BackendStartError, composeBackend } from './composeBackend.ts'
import type { Backend, BackendOptions } from './composeBackend.ts'
import { DEMO_CHURN, DEMO_CONTEXT } from './clusterSource.ts'
import type { DemoCluster } from './clusterSource.ts'
import { unreachableKubeconfig } from '../../../test/support/unreachableKubeconfig.ts'

const dirs: string[] = []
const backends: Backend[] = []
const servers: Server[] = []
afterEach(async () => {
  for (const b of backends.splice(0)) await b.close()
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'periscope-compose-'))
  dirs.push(d)
  return d
}

const kubeconfig = unreachableKubeconfig

/** A stand-in for the simulator: what the backend needs of a demo cluster, and a record of its use. */
function fakeDemo(): { factory: (o: { churn: number }) => Promise<DemoCluster>; started: { churn: number }[]; stop: ReturnType<typeof vi.fn> } {
  const started: { churn: number }[] = []
  const stop = vi.fn(async () => undefined)
  return {
    started,
    stop,
    factory: async (o) => {
      started.push(o)
      return { url: 'https://127.0.0.1:9', kubeconfig: ({ context }) => kubeconfig([context]), stop }
    }
  }
}

async function compose(o: Partial<BackendOptions> & Pick<BackendOptions, 'kubeconfig'>): Promise<Backend> {
  const b = await composeBackend({ env: {}, version: 't', log: () => undefined, engine: { probe: false }, ...o })
  backends.push(b)
  return b
}

const ids = (b: Backend): string[] => b.engine.clusters().map((c) => c.id)

describe('composeBackend: where the clusters come from', () => {
  it('no kubeconfig file in the default places: the demo cluster, started once at the demo churn, stopped last', async () => {
    const home = tempDir()
    const demo = fakeDemo()
    const log = vi.fn()
    const b = await compose({ kubeconfig: { env: { HOME: home } }, demo: demo.factory, log })
    expect(demo.started).toEqual([{ churn: DEMO_CHURN }])
    expect(ids(b)).toEqual([DEMO_CONTEXT])
    expect(b.demo).toBeDefined()
    expect(b.kubeconfigFiles).toEqual([join(home, '.kube', 'config')])
    expect(log).toHaveBeenCalledWith('no kubeconfig in use: showing the demo cluster (simulated apiserver at https://127.0.0.1:9)')
    expect(b.quitSteps().map((s) => s.name)).toEqual(['closing the local server', 'closing the watch engine', 'stopping the demo cluster'])
    backends.splice(0)
    await b.close()
    expect(demo.stop).toHaveBeenCalledOnce()
  })

  it('a kubeconfig file in $KUBECONFIG: its contexts, no demo; --demo forces the demo and watches nothing', async () => {
    const dir = tempDir()
    const file = join(dir, 'config')
    writeFileSync(file, kubeconfig(['dev', 'prod']))
    const demo = fakeDemo()
    const b = await compose({ kubeconfig: { env: { KUBECONFIG: file } }, demo: demo.factory })
    expect(ids(b)).toEqual(['dev', 'prod'])
    expect(demo.started).toEqual([])
    expect(b.demo).toBeUndefined()
    const forced = await compose({ kubeconfig: { env: { KUBECONFIG: file } }, demo: demo.factory, forceDemo: true })
    expect(ids(forced)).toEqual([DEMO_CONTEXT])
    expect(forced.kubeconfigFiles).toEqual([])
  })

  it('explicit paths that are missing are a problem, never the demo (like kubectl --kubeconfig)', async () => {
    const dir = tempDir()
    const demo = fakeDemo()
    const b = await compose({ kubeconfig: { paths: [join(dir, 'nope')] }, demo: demo.factory })
    expect(demo.started).toEqual([])
    expect(ids(b)).toEqual([])
    expect(b.problems()).toEqual([{ path: join(dir, 'nope'), message: 'file not found' }])
  })

  it('--demo without a demo cluster to start is refused', async () => {
    await expect(compose({ kubeconfig: { env: {} }, forceDemo: true })).rejects.toThrow(/no demo cluster/)
  })
})

describe('composeBackend: start failures name their stage', () => {
  it('an invalid env var is a config error with the parser message', async () => {
    const err = await compose({ kubeconfig: { yaml: kubeconfig(['a']) }, env: { PERISCOPE_WATCH_STREAMS: 'pods,nonsense' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BackendStartError)
    expect(err).toMatchObject({ stage: 'config', message: expect.stringMatching(/nonsense/) })
  })

  it('a port in use is a listen error, and what was started is stopped again', async () => {
    const taken = createServer()
    servers.push(taken)
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as AddressInfo).port
    const demo = fakeDemo()
    const err = await compose({ kubeconfig: { env: {} }, forceDemo: true, demo: demo.factory, port }).catch((e: unknown) => e)
    expect(err).toMatchObject({
      stage: 'listen',
      message: expect.stringMatching(/^the local server cannot listen on 127\.0\.0\.1: .*EADDRINUSE/),
      detail: expect.stringMatching(/EADDRINUSE/)
    })
    expect(demo.stop).toHaveBeenCalledOnce()
  })
})

describe('composeBackend: settings and the offline cache', () => {
  it('keeps the cache beside the settings file by default; cacheDir null means none', async () => {
    const dir = tempDir()
    const b = await compose({ kubeconfig: { yaml: kubeconfig(['a']) }, settingsPath: join(dir, 'settings.json'), env: { PERISCOPE_WATCH_STREAMS: 'pods' } })
    expect(b.config.current()).toMatchObject({ watchStreams: 'pods', file: join(dir, 'settings.json') })
    expect(b.cacheDir).toBe(join(dir, 'cache'))
    const none = await compose({ kubeconfig: { yaml: kubeconfig(['a']) }, settingsPath: join(dir, 'settings.json'), cacheDir: null })
    expect(none.cacheDir).toBeUndefined()
    const inMemory = await compose({ kubeconfig: { yaml: kubeconfig(['a']) } })
    expect(inMemory.cacheDir).toBeUndefined()
    expect(inMemory.config.current().file).toBeUndefined()
  })
})

describe('composeBackend: the kubeconfig watch', () => {
  it('re-reads the files when they change: contexts follow, problems are reported once per change', async () => {
    const dir = tempDir()
    const file = join(dir, 'config')
    writeFileSync(file, kubeconfig(['dev', 'prod']))
    const onProblemsChanged = vi.fn()
    const b = await compose({ kubeconfig: { paths: [file] }, watchKubeconfig: { debounceMs: 50 }, onProblemsChanged })
    expect(b.quitSteps().map((s) => s.name)).toEqual(['stopping the kubeconfig watcher', 'closing the local server', 'closing the watch engine'])
    writeFileSync(file, kubeconfig(['dev', 'staging']))
    await vi.waitFor(() => expect(ids(b)).toEqual(['dev', 'staging']), { timeout: 3_000, interval: 20 })
    expect(onProblemsChanged).not.toHaveBeenCalled()
    writeFileSync(file, 'clusters: [unclosed\n')
    await vi.waitFor(() => expect(onProblemsChanged).toHaveBeenCalledOnce(), { timeout: 3_000, interval: 20 })
    expect(onProblemsChanged.mock.calls[0][0]).toEqual([expect.objectContaining({ path: file, message: expect.stringMatching(/^invalid YAML/) })])
  })

  it('does not watch without watchKubeconfig', async () => {
    const dir = tempDir()
    const file = join(dir, 'config')
    writeFileSync(file, kubeconfig(['dev']))
    const b = await compose({ kubeconfig: { paths: [file] } })
    expect(b.quitSteps().map((s) => s.name)).not.toContain('stopping the kubeconfig watcher')
    writeFileSync(file, kubeconfig(['other']))
    await new Promise((r) => setTimeout(r, 600))
    expect(ids(b)).toEqual(['dev'])
    b.reloadKubeconfig()
    expect(ids(b)).toEqual(['other'])
  })
})
