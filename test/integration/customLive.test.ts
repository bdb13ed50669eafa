/**
 * The demo cluster's custom resources through the whole app (simulator → engine → local server
 * → SSE), and the "done when": `kubectl apply -f` of a new CRD and an instance on the
 * demo cluster shows up in the app, with the columns kubectl prints, without a restart.
 * kubectl is the real one (test/realcluster/helpers.ts picks the version closest to 1.34).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import type { Backend } from '../../src/main/backend/composeBackend.ts'
import type { ClusterKindsResponse, RowList } from '../../src/shared/api/wire.ts'
import { getJson, openSse } from '../support/sseClient.ts'
import { kubectl } from '../realcluster/helpers.ts'

const TOKEN = 'custom-live-token-0123456789abcdef'
const auth = { Authorization: `Bearer ${TOKEN}` }
const FIX = join(import.meta.dirname, '../fixtures/crd')
let sim: Sim
let backend: Backend
let dir: string
let kc: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-custom-live-'))
  sim = await startSim({ pods: 30, seed: 3, token: 'sim-admin-token-custom-live' })
  kc = join(dir, 'kubeconfig')
  writeFileSync(kc, sim.kubeconfig({ context: 'sim' }), { mode: 0o600 })
  backend = await composeBackend({
    env: {},
    kubeconfig: { yaml: sim.kubeconfig({ context: 'sim' }) },
    token: TOKEN,
    actor: 'tester',
    version: 'custom-live',
    log: () => undefined,
    engine: { probe: false }
  })
})
afterAll(async () => {
  await backend?.close()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** `kubectl get -o wide` lines as cells by title (demo values have no spaces in these columns). */
const wide = async (args: string[]): Promise<Record<string, string>[]> => {
  const r = await kubectl(kc, ['get', ...args, '-o', 'wide'])
  expect(r.code, r.stderr).toBe(0)
  const [head, ...lines] = r.stdout.trim().split('\n')
  const titles = head.trim().split(/\s{2,}/)
  const starts = titles.map((t) => head.indexOf(t))
  return lines.map((l) => Object.fromEntries(titles.map((t, i) => [t, l.slice(starts[i], starts[i + 1]).trim()])))
}

describe('custom resources of the demo cluster, end to end', () => {
  it("lists the demo's CRDs as kinds, and a kind's rows are kubectl get -o wide", async () => {
    const kinds = (await getJson(backend.server.origin, '/api/clusters/sim/kinds', { headers: auth })).body as ClusterKindsResponse
    expect(kinds.kinds.map((k) => k.id)).toEqual([
      'applications.argoproj.io',
      'certificates.cert-manager.io',
      'nodepools.karpenter.sh',
      'virtualservices.networking.istio.io'
    ])
    const list = (await getJson(backend.server.origin, '/api/clusters/sim/nodepools.karpenter.sh', { headers: auth })).body as RowList
    const printed = await wide(['nodepools.karpenter.sh'])
    const cols = list.columns ?? []
    expect(['NAME', ...cols.map((c) => c.title)]).toEqual(Object.keys(printed[0]))
    const byName = new Map(list.items.map((r) => [r.name, r]))
    for (const p of printed) {
      const row = byName.get(p.NAME)
      expect(row, p.NAME).toBeDefined()
      for (const c of cols) if (c.type !== 'age') expect(String(row?.cells[c.id] ?? ''), `${p.NAME} ${c.title}`).toBe(p[c.title])
    }
  })

  it('kubectl apply of a new CRD and an instance shows up in the app, with its columns, without a restart', async () => {
    // The app has read the catalog (as the window does), so CRD events drive re-discovery.
    await getJson(backend.server.origin, '/api/clusters/sim/kinds', { headers: auth })
    for (const ns of ['team-a', 'team-b'])
      if ((await kubectl(kc, ['get', 'namespace', ns])).code !== 0) expect((await kubectl(kc, ['create', 'namespace', ns])).code).toBe(0)
    const t0 = performance.now()
    expect((await kubectl(kc, ['apply', '-f', join(FIX, 'widgets.yaml')])).code).toBe(0)
    let kinds: ClusterKindsResponse = { kinds: [], reason: '', unserved: [] }
    for (let i = 0; i < 100 && !kinds.kinds.some((k) => k.id === 'widgets.example.periscope.dev'); i++) {
      await new Promise((r) => setTimeout(r, 20))
      kinds = (await getJson(backend.server.origin, '/api/clusters/sim/kinds', { headers: auth })).body as ClusterKindsResponse
    }
    const discoveredMs = performance.now() - t0
    expect(kinds.kinds.map((k) => k.id)).toContain('widgets.example.periscope.dev')
    const sse = await openSse(backend.server.origin, '/api/clusters/sim/widgets.example.periscope.dev/watch', auth)
    expect(sse.status).toBe(200)
    await sse.waitFor((f) => f.event === 'snapshot' && f.id !== undefined, 10_000)
    const t1 = performance.now()
    expect((await kubectl(kc, ['apply', '-f', join(FIX, 'widget-instances.yaml')])).code).toBe(0)
    const added = await sse.waitFor((f) => f.event === 'added' && (f.data ?? '').includes('"large"'), 10_000)
    const rowMs = performance.now() - t1
    console.log(
      `kubectl apply of the CRD → kind in the app: ${Math.round(discoveredMs)} ms (kubectl's own run included); of an instance → its row on the stream: ${Math.round(rowMs)} ms`
    )
    const row = JSON.parse(added.data ?? '{}') as { cells: Record<string, unknown> }
    const snap = (await getJson(backend.server.origin, '/api/clusters/sim/widgets.example.periscope.dev', { headers: auth })).body as RowList
    expect(snap.columns?.map((c) => c.title)).toEqual(['READY', 'SIZE', 'COLOR', 'AGE'])
    expect(row.cells).toEqual({ c1: null, c2: 42, c3: 'blue' })
    sse.close()
  })
})
