/**
 * `npm run serve -- --kubeconfig <file>` (browser mode, a child process) streaming a live pods list
 * that follows `kubectl scale` — on the simulator and on a real control plane (kwok runs the pods).
 *
 * The client is renderer-like (test/support/rowClient.ts: SSE, rows by uid, Last-Event-ID resume);
 * what it holds is formatted as the table formats it and must show the Deployment's pods Running
 * and Ready, 2 → 5 → 1, from one snapshot plus live deltas.
 * Lifecycle: per backend one server, one serve process (its own settings and cache folders), one
 * kubeconfig file; all stopped and removed in afterAll.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RowDto } from '../../src/shared/dto/row.ts'
import { kindDef } from '../../src/shared/kinds/registry.ts'
import { formatRowCells } from '../../src/shared/kinds/rows/format.ts'
import { BACKENDS, startBackend } from '../support/backends.ts'
import type { Backend } from '../support/backends.ts'
import { apiRequest } from '../support/kubeApi.ts'
import { openRowClient } from '../support/rowClient.ts'
import type { RowClient } from '../support/rowClient.ts'
import { cleanEnv, spawnServe } from '../support/serveProcess.ts'
import type { ServeProcess } from '../support/serveProcess.ts'
import { kubectl } from './helpers.ts'

const NS = 'scale'
const TOKEN = 'serve-backends-token-0123456789abcdef'
const ROOT = join(import.meta.dirname, '..', '..')
/** Bound on a scale showing up in the stream (controllers, scheduler and kwok, on 2 loaded cores). */
const SCALE_MS = 45_000

const PODS = kindDef('pods')
/** READY and STATUS of a row as the pods table shows them. */
function printed(row: RowDto): { ready: string; status: string } {
  const cells = formatRowCells(PODS, row, Date.now(), false)
  return { ready: cells[PODS.columns.findIndex((c) => c.id === 'ready')], status: cells[PODS.columns.findIndex((c) => c.id === 'status')] }
}
const webPods = (c: RowClient): RowDto[] => [...c.rows.values()].filter((r) => r.name.startsWith('web-'))
const runningReady = (c: RowClient): number =>
  webPods(c).filter((r) => {
    const p = printed(r)
    return p.status === 'Running' && p.ready === '1/1'
  }).length

describe.each(BACKENDS)('npm run serve on the %s backend follows kubectl scale', (kind) => {
  let b: Backend
  let serve: ServeProcess | undefined
  let client: RowClient | undefined
  let dir = ''
  let kc = ''

  beforeAll(async () => {
    b = await startBackend(kind, { nodes: 2, sim: { pods: 0, churn: 0, controllers: { stepMs: 100 } } })
    dir = mkdtempSync(join(tmpdir(), 'periscope-serve-backends-'))
    kc = join(dir, 'kubeconfig')
    writeFileSync(kc, b.kubeconfig(), { mode: 0o600 })
    expect((await apiRequest(b, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status).toBe(201)
  })
  afterAll(async () => {
    client?.close()
    await serve?.stop()
    await b?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('streams the pods of a deployment as kubectl creates and scales it: 2, then 5, then 1 Running', async () => {
    serve = spawnServe(
      ['--kubeconfig', kc, '--settings', join(dir, 'settings.json'), '--cache-dir', join(dir, 'cache')],
      cleanEnv({ PERISCOPE_TOKEN: TOKEN }),
      ROOT
    )
    const m = await serve.waitForStdout(/^periscope listening on (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000)
    client = openRowClient(m[1], `/api/clusters/${b.context}/pods/watch?namespace=${NS}`, { token: TOKEN })
    const c = client
    await c.waitUntil(() => (c.counts.snapshot ?? 0) >= 1, 30_000, 'the first snapshot')
    expect(c.rows.size).toBe(0)

    const create = await kubectl(kc, ['-n', NS, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2'])
    expect(create.code, create.stderr).toBe(0)
    await c.waitUntil(() => runningReady(c) === 2 && webPods(c).length === 2, SCALE_MS, '2 Running pods')

    const up = await kubectl(kc, ['-n', NS, 'scale', 'deployment', 'web', '--replicas=5'])
    expect(up.code, up.stderr).toBe(0)
    await c.waitUntil(() => runningReady(c) === 5 && webPods(c).length === 5, SCALE_MS, '5 Running pods')

    const down = await kubectl(kc, ['-n', NS, 'scale', 'deployment', 'web', '--replicas=1'])
    expect(down.code, down.stderr).toBe(0)
    await c.waitUntil(() => webPods(c).length === 1 && runningReady(c) === 1, SCALE_MS, '1 Running pod, the others gone')

    // One snapshot, then live deltas; the stream never had to start over.
    expect(c.counts.snapshot).toBe(1)
    expect(c.counts.relist ?? 0).toBe(0)
    expect(c.counts.added ?? 0).toBeGreaterThanOrEqual(5)
    expect(c.counts.deleted ?? 0).toBeGreaterThanOrEqual(4)
    // And kubectl agrees on what is there.
    const names = await kubectl(kc, ['-n', NS, 'get', 'pods', '-o', 'name'])
    expect(
      names.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace('pod/', ''))
    ).toEqual(webPods(c).map((r) => r.name))
  })
})
