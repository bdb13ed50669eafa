/**
 * Secret values never leave the apiserver's answer: Secrets with known values (in `data`, in
 * `stringData` as `kubectl apply` sends it, and in the last-applied-configuration annotation
 * `kubectl apply` writes) go through every path of the product — the polled list, the SSE
 * stream (snapshot and a modification), the detail drawer's object route, `/debug/streams`,
 * `/debug/watches`, the offline cache on disk and the backend's log — and each output is searched
 * for every value, as plain text and in base64.
 * Lifecycle: one sim, one composed backend with a disk cache in a temp dir; both closed at the end.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import type { Backend } from '../../src/main/backend/composeBackend.ts'
import { getJson, openSse } from '../support/sseClient.ts'
import { simApi } from '../support/simApi.ts'

const TOKEN = 'secret-values-token-0123456789abcdef'
const NS = 'vault'
/** The values planted; none may appear in any output, in clear or in base64. */
const PLAIN = ['hunter2-db-password-7f3a', 'sk_live_51HxQ-api-key-9c2e', 'applied-only-value-41d8', 'rotated-password-b6e0']
const b64 = (s: string): string => Buffer.from(s).toString('base64')
const NEEDLES = [...PLAIN, ...PLAIN.map(b64)]

let sim: Sim
let backend: Backend
let dir = ''
const logs: string[] = []
const auth = { Authorization: `Bearer ${TOKEN}` }

function leaks(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n))
}

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

const secret = (name: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: NS },
  ...extra
})

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-secrets-'))
  sim = await startSim({ pods: 5, seed: 7, token: 'sim-admin-token-secret-values' })
  expect((await simApi(sim, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })).status).toBe(201)
  const applied = JSON.stringify(secret('applied', { stringData: { token: PLAIN[2] } }))
  const made = [
    secret('db', { type: 'Opaque', data: { password: b64(PLAIN[0]) } }),
    secret('api', { type: 'Opaque', stringData: { key: PLAIN[1] } }),
    secret('applied', {
      metadata: { name: 'applied', namespace: NS, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied } },
      stringData: { token: PLAIN[2] }
    })
  ]
  for (const s of made) {
    const r = await simApi(sim, 'POST', `/api/v1/namespaces/${NS}/secrets`, s)
    expect(r.status, JSON.stringify(r.json)).toBe(201)
  }
  backend = await composeBackend({
    env: {},
    kubeconfig: { yaml: sim.kubeconfig({ context: 'sim' }) },
    cacheDir: dir,
    cacheTuning: { firstWriteDelayMs: 20, minWriteIntervalMs: 20 },
    token: TOKEN,
    actor: 'tester',
    version: 'secrets',
    log: (l) => logs.push(l),
    engine: { probe: false }
  })
})

afterAll(async () => {
  await backend?.close()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('secret values reach no output', () => {
  it('rows, stream, object, debug, offline cache and log carry keys and counts, never a value', async () => {
    const origin = backend.server.origin
    // The stream: snapshot, then a modification that rotates a value.
    const sse = await openSse(origin, `/api/clusters/sim/secrets/watch?namespace=${NS}`, auth)
    expect(sse.status).toBe(200)
    const snap = await sse.waitFor((f) => f.event === 'snapshot' && f.id !== undefined, 10_000)
    const rows = (JSON.parse(snap.data ?? '{}') as { items: { name: string; cells: Record<string, unknown> }[] }).items
    // The row is kubectl's: TYPE and the number of keys (stringData is merged into data on write).
    expect(rows.find((r) => r.name === 'db')?.cells).toMatchObject({ type: 'Opaque', data: 1 })
    expect(rows.find((r) => r.name === 'api')?.cells).toMatchObject({ type: 'Opaque', data: 1 })
    const rotated = await simApi(
      sim,
      'PATCH',
      `/api/v1/namespaces/${NS}/secrets/db`,
      { data: { password: b64(PLAIN[3]), extra: b64(PLAIN[3]) } },
      'application/merge-patch+json'
    )
    expect(rotated.status).toBe(200)
    const mod = await sse.waitFor((f) => f.event === 'modified' && (f.data ?? '').includes('"db"'), 10_000)
    expect((JSON.parse(mod.data ?? '{}') as { cells: Record<string, unknown> }).cells).toMatchObject({ data: 2 })

    const list = await getJson(origin, `/api/clusters/sim/secrets?namespace=${NS}`, { headers: auth })
    expect(list.status).toBe(200)

    // The drawer: keys stay, values are replaced, the applied manifest is replaced as a whole.
    const objects: string[] = []
    for (const name of ['db', 'api', 'applied']) {
      const r = await getJson(origin, `/api/clusters/sim/secrets/objects/${name}?namespace=${NS}`, { headers: auth })
      expect(r.status).toBe(200)
      objects.push(r.text)
      const obj = (r.body as { object: { data?: Record<string, string>; metadata: { annotations?: Record<string, string> } } }).object
      expect(Object.keys(obj.data ?? {}).length).toBeGreaterThan(0)
      for (const v of Object.values(obj.data ?? {})) expect(v).toMatch(/^<redacted: \d+ bytes>$/)
    }
    const db = (JSON.parse(objects[0]) as { object: { data: Record<string, string> } }).object.data
    // `kubectl describe secret` prints the decoded size: 'rotated-password-b6e0' is 21 bytes.
    expect(db).toEqual({ password: '<redacted: 21 bytes>', extra: '<redacted: 21 bytes>' })
    expect(objects[2]).toContain('kubectl.kubernetes.io/last-applied-configuration')

    const debugStreams = await getJson(origin, '/debug/streams', { headers: auth })
    const debugWatches = await getJson(origin, '/debug/watches', { headers: auth })
    expect(debugWatches.text).toContain('secrets')
    sse.close()

    // The offline cache is written (debounced), then flushed on close.
    await backend.close()
    const cacheFiles = filesUnder(dir)
    expect(cacheFiles.length).toBeGreaterThan(0)
    const cacheText = cacheFiles.map((f) => readFileSync(f, 'latin1')).join('\n')
    expect(cacheText).toContain('applied') // the rows are there: the search below is not vacuous

    const outputs: Record<string, string> = {
      stream: sse.frames.map((f) => f.data).join('\n'),
      list: list.text,
      objects: objects.join('\n'),
      debug: debugStreams.text + debugWatches.text,
      cache: cacheText,
      log: logs.join('\n')
    }
    for (const [where, text] of Object.entries(outputs)) expect(leaks(text), `${where} leaks a secret value`).toEqual([])
  })
})
