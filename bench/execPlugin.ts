/**
 * T14: exec-plugin spawns when 50 watches start at once on a cold credential cache (target: 1).
 *
 * Why: client-node spawns the helper once per request on an empty cache (a "login storm"); the
 * product de-duplicates in flight. This runs a fresh composed backend (as `serve` assembles it)
 * in this process against the bench's simulator, authenticating through the counting fake plugin
 * (`test/fixtures/exec-plugin.mjs`).
 * Lifecycle: write a kubeconfig with the exec user → 50 subscriptions on its engine in one tick →
 * wait for 50 snapshots (bounded) → count the plugin's spawn lines → close the backend.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse as parseYaml, stringify } from 'yaml'
import { composeBackend } from '../src/main/backend/composeBackend.ts'

/** Watches started at once (the spec's number). */
const WATCHES = 50
/** All 50 snapshots of small namespaces arrive in a few seconds; longer means something hangs. */
const TIMEOUT_MS = 60_000
const PLUGIN = resolve(import.meta.dirname, '../test/fixtures/exec-plugin.mjs')

export interface ExecResult {
  readonly watches: number
  readonly snapshots: number
  readonly spawns: number
  readonly ms: number
}

/** Run the check against the simulator behind `simKubeconfig`. */
export async function measureExecPlugin(simKubeconfig: string): Promise<ExecResult> {
  const kc = parseYaml(readFileSync(simKubeconfig, 'utf8')) as { clusters: { cluster: Record<string, unknown> }[]; users: { user: { token: string } }[] }
  const dir = mkdtempSync(join(tmpdir(), 'periscope-bench-exec-'))
  const counter = join(dir, 'spawns.txt')
  const yaml = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'exec',
    clusters: [{ name: 'exec', cluster: kc.clusters[0]?.cluster }],
    users: [
      {
        name: 'exec',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: [PLUGIN],
            interactiveMode: 'Never',
            env: [
              { name: 'COUNTER_FILE', value: counter },
              { name: 'PLUGIN_TOKEN', value: kc.users[0]?.user.token ?? '' },
              { name: 'PLUGIN_EXPIRES_IN_S', value: '600' }
            ]
          }
        }
      }
    ],
    contexts: [{ name: 'exec', context: { cluster: 'exec', user: 'exec' } }]
  })
  const backend = await composeBackend({ env: {}, kubeconfig: { yaml }, cacheDir: null, version: 'bench', log: () => undefined, engine: { probe: false } })
  const { engine } = backend
  const t0 = performance.now()
  let snapshots = 0
  try {
    await new Promise<void>((res) => {
      const timer = setTimeout(res, TIMEOUT_MS)
      for (let i = 0; i < WATCHES; i++) {
        engine.subscribe(
          { cluster: 'exec', kind: 'pods', namespace: `bench-exec-${i}` },
          {
            onSnapshot: () => {
              if (++snapshots === WATCHES) {
                clearTimeout(timer)
                res()
              }
            },
            onDelta: () => undefined,
            onRelist: () => undefined
          }
        )
      }
    })
    const ms = performance.now() - t0
    let spawns = 0
    try {
      spawns = readFileSync(counter, 'utf8').trim().split('\n').filter(Boolean).length
    } catch {
      spawns = 0
    }
    return { watches: WATCHES, snapshots, spawns, ms }
  } finally {
    await backend.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
