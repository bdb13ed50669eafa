// The watch engine against the real simulated apiserver over TLS: kubeconfig → ClusterSet →
// transport → reflector → shared watch → subscribers. Every wait is bounded (waitFor).
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { makeTls } from '@periscope/kube-sim'
import { createWatchEngine } from '../../src/main/watch/engine.ts'
import type { WatchEngineOptions } from '../../src/main/watch/engine.ts'
import { recorder, versions, waitFor } from '../../src/main/watch/testing/recorder.ts'
import type { Recorder } from '../../src/main/watch/testing/recorder.ts'
import type { WatchEngine, WatchKeyParts } from '../../src/main/watch/types.ts'

const PLUGIN = fileURLToPath(new URL('../fixtures/exec-plugin.mjs', import.meta.url))
const CTX = 'sim'
const PODS: WatchKeyParts = { cluster: CTX, kind: 'pods', namespace: '' }
/** Fast retries so recovery tests take milliseconds, not the production 0.8 s. */
const FAST = { initialMs: 50, maxMs: 400, jitter: 0.2 }

let sim: Sim
let tmp: string
const engines: WatchEngine[] = []

beforeAll(async () => {
  sim = await startSim({ pods: 200, seed: 7 })
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-engine-'))
})
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  sim.setChurn(0)
  sim.faults.stall(false)
  sim.faults.goneMode = 'event'
})
afterAll(async () => {
  await sim?.stop()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

interface Ctx {
  name: string
  server: string
  caPem?: string
  user: Record<string, unknown>
}

function kubeconfig(ctxs: Ctx[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': ctxs[0].name,
    clusters: ctxs.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': Buffer.from(c.caPem ?? sim.caPem).toString('base64') }
    })),
    users: ctxs.map((c) => ({ name: c.name, user: c.user })),
    contexts: ctxs.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name } }))
  })
}

function engineFor(yaml: string, opts: Partial<WatchEngineOptions> = {}): WatchEngine {
  const e = createWatchEngine({ clusters: loadClusters({ yaml }), backoff: FAST, lingerMs: 0, ...opts })
  engines.push(e)
  return e
}

const simEngine = (opts: Partial<WatchEngineOptions> = {}): WatchEngine =>
  engineFor(kubeconfig([{ name: CTX, server: sim.url, user: { token: sim.token } }]), opts)

/** uid → RV of the sim's pods: the truth the client must converge to. */
function simPods(namespace?: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const rec of sim.store.list('pods', namespace ? { namespace } : {}).items) m.set(rec.uid, String(rec.rv))
  return m
}

const converged = (r: Recorder): boolean => {
  const mine = versions(r.rows.values())
  const truth = simPods()
  if (mine.size !== truth.size) return false
  for (const [uid, rv] of truth) if (mine.get(uid) !== rv) return false
  return true
}

const podRequests = (watch: boolean): number => sim.requests.count((e) => e.path === '/api/v1/pods' && e.watch === watch)

async function churnFor(ms: number, rate = 200): Promise<void> {
  sim.setChurn(rate)
  await new Promise((r) => setTimeout(r, ms))
  sim.setChurn(0)
}

async function live(r: Recorder): Promise<void> {
  await waitFor(() => r.count('snapshot') >= 1 && r.states.at(-1)?.state === 'live', 'a live watch')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

describe('watch engine against the simulator', () => {
  it('streams a snapshot then deltas that end equal to the simulator store (uid + RV)', async () => {
    const engine = simEngine()
    const r = recorder()
    engine.subscribe(PODS, r)
    await live(r)
    expect(r.calls[0]).toMatchObject({ t: 'snapshot', n: simPods().size })
    await churnFor(500)
    await waitFor(() => converged(r), 'rows equal to the store')
    expect(r.count('snapshot')).toBe(1)
    expect(r.calls.length).toBeGreaterThan(1)
    expect(engine.clusters()).toEqual([expect.objectContaining({ id: CTX, status: 'ok', reason: '', serverVersion: expect.any(String) })])
  })

  it('fetches one object on demand without managedFields, and reports a missing one as 404', async () => {
    const engine = simEngine({ probe: false })
    const rec = sim.store.list('pods', {}).items[0]
    const obj = await engine.getObject({ cluster: CTX, kind: 'pods', namespace: rec.ns }, rec.name)
    expect(obj).toMatchObject({ kind: 'Pod', metadata: { name: rec.name, namespace: rec.ns, uid: rec.uid } })
    expect((obj.metadata as Record<string, unknown>).managedFields).toBeUndefined()
    await expect(engine.getObject({ cluster: CTX, kind: 'pods', namespace: rec.ns }, 'no-such-pod')).rejects.toMatchObject({ status: 404 })
    await engine.close()
  })

  it('two subscribers share one upstream list and watch', async () => {
    sim.requests.clear()
    const engine = simEngine()
    const a = recorder()
    const b = recorder()
    engine.subscribe(PODS, a)
    engine.subscribe(PODS, b)
    await live(a)
    await live(b)
    const late = recorder()
    engine.subscribe(PODS, late)
    expect(late.count('snapshot')).toBe(1)
    expect(podRequests(false)).toBe(1)
    expect(podRequests(true)).toBe(1)
    expect(engine.debugWatches()).toEqual([expect.objectContaining({ cluster: CTX, kind: 'pods', subscribers: 3, state: 'live' })])
  })

  it('resume with a covered lastEventId replays deltas and sends no snapshot; a stale one gets one snapshot', async () => {
    const engine = simEngine({ lingerMs: 10_000 })
    const first = recorder()
    const sub = engine.subscribe(PODS, first)
    await live(first)
    sub.close()
    const keep = recorder()
    engine.subscribe(PODS, keep) // the watch lingers anyway; this one watches the churn
    await churnFor(300)
    await waitFor(() => converged(keep), 'keeper converged')
    const resumed = recorder()
    resumed.rows.clear()
    for (const [uid, row] of first.rows) resumed.rows.set(uid, row)
    engine.subscribe(PODS, resumed, { lastEventId: first.lastId })
    expect(resumed.count('snapshot')).toBe(0)
    expect(resumed.calls.length).toBeGreaterThan(0)
    expect(converged(resumed)).toBe(true)
    const stale = recorder()
    engine.subscribe(PODS, stale, { lastEventId: '1' })
    expect(stale.calls.map((c) => c.t)).toEqual(['snapshot'])
  })

  for (const mode of ['event', 'http'] as const) {
    it(`upstream 410 (${mode}) gives onRelist, then a fresh snapshot without the deleted pod, and no delta before it`, async () => {
      sim.faults.goneMode = mode
      const engine = simEngine()
      const r = recorder()
      engine.subscribe(PODS, r)
      await live(r)
      const lists = podRequests(false)
      const victim = sim.store.list('pods', { limit: 1 }).items[0]
      // Drop the watch and, in the same tick, delete a pod and expire the history: the engine
      // can only learn of the delete by relisting after the 410 on resume.
      sim.faults.dropAllWatches()
      sim.store.delete('pods', victim.ns, victim.name)
      sim.faults.expireHistory()
      await waitFor(() => r.count('snapshot') === 2, 'the fresh snapshot')
      const after = r.calls.slice(1).map((c) => c.t)
      expect(after.slice(-2)).toEqual(['relist', 'snapshot'])
      // Churn may add deltas before the drop; none may sit between the relist and its snapshot,
      // and the delete is learnt from the snapshot, not from a synthesized delta.
      expect(after.slice(after.indexOf('relist'))).toEqual(['relist', 'snapshot'])
      expect(r.calls).not.toContainEqual(expect.objectContaining({ t: 'deleted', uid: victim.uid }))
      expect(r.rows.has(victim.uid)).toBe(false)
      expect(r.calls.find((c) => c.t === 'relist')).toMatchObject({ reason: expect.stringContaining('410') })
      expect(podRequests(false)).toBe(lists + 1)
      expect(converged(r)).toBe(true)
    })
  }

  it('recovers from dropAllWatches by resuming from the last RV (no relist)', async () => {
    const engine = simEngine()
    const r = recorder()
    engine.subscribe(PODS, r)
    await live(r)
    const lists = podRequests(false)
    const watches = podRequests(true)
    expect(sim.faults.dropAllWatches()).toBeGreaterThan(0)
    await churnFor(300)
    await waitFor(() => converged(r) && r.states.at(-1)?.state === 'live', 'resumed and converged')
    expect(podRequests(false)).toBe(lists)
    expect(podRequests(true)).toBeGreaterThan(watches)
    expect(r.count('snapshot')).toBe(1)
  })

  it('recovers from a stalled watch through the liveness check', async () => {
    const engine = simEngine({ livenessMs: 300 })
    const r = recorder()
    engine.subscribe(PODS, r)
    await live(r)
    sim.faults.stall(true)
    await churnFor(200)
    await waitFor(() => r.states.some((s) => s.reason.includes('stalled')), 'stall detected')
    sim.faults.stall(false)
    await waitFor(() => converged(r) && r.states.at(-1)?.state === 'live', 'converged after the stall')
    expect(r.count('snapshot')).toBe(1)
  })

  it('reconnects after a malformed watch line, a 500 and a 429', async () => {
    const engine = simEngine()
    const r = recorder()
    engine.subscribe(PODS, r)
    await live(r)
    sim.faults.malformedLine()
    sim.faults.fail500(1)
    sim.faults.throttle429(1, 0)
    await waitFor(() => r.states.some((s) => s.reason.includes('malformed')), 'malformed line reported')
    await churnFor(200)
    await waitFor(() => converged(r) && r.states.at(-1)?.state === 'live', 'converged after the faults')
    const reasons = r.states.map((s) => s.reason).join('\n')
    expect(reasons).toContain('500')
    expect(reasons).toContain('429')
  })

  it('one bad cluster of each kind gets a precise reason while the good one streams', async () => {
    const closed = await freePort()
    const wrongCa = (await makeTls()).cert
    const engine = engineFor(
      kubeconfig([
        { name: 'good', server: sim.url, user: { token: sim.token } },
        { name: 'closed-port', server: `https://127.0.0.1:${closed}`, user: { token: 'x' } },
        { name: 'wrong-ca', server: sim.url, caPem: wrongCa, user: { token: sim.token } },
        { name: 'bad-token', server: sim.url, user: { token: 'not-the-token' } },
        {
          name: 'exec-fails',
          server: sim.url,
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: process.execPath,
              args: [PLUGIN],
              env: [{ name: 'PLUGIN_FAIL', value: 'error: AccessDenied: could not assume role' }]
            }
          }
        }
      ])
    )
    const subs = new Map<string, Recorder>()
    for (const id of ['good', 'closed-port', 'wrong-ca', 'bad-token', 'exec-fails']) {
      const r = recorder()
      subs.set(id, r)
      engine.subscribe({ cluster: id, kind: 'pods', namespace: '' }, r)
    }
    await live(subs.get('good')!)
    const expected: Record<string, [string, RegExp]> = {
      'closed-port': ['offline', new RegExp(`^connection refused to 127\\.0\\.0\\.1:${closed}$`)],
      'wrong-ca': ['error', /signed by an unknown authority \(check certificate-authority\)/],
      'bad-token': ['error', /401 Unauthorized.*token expired or invalid/],
      'exec-fails': [
        'error',
        new RegExp(`^exec plugin \`${path.basename(process.execPath)}\` failed: exit status 1: error: AccessDenied: could not assume role$`)
      ]
    }
    await waitFor(
      () => Object.entries(expected).every(([id, [status]]) => engine.clusters().find((c) => c.id === id)?.status === status),
      'every bad cluster has its status',
      10_000
    )
    for (const [id, [status, reason]] of Object.entries(expected)) {
      const info = engine.clusters().find((c) => c.id === id)!
      expect(info.status, id).toBe(status)
      expect(info.reason, id).toMatch(reason)
      expect(subs.get(id)!.states.at(-1)?.reason, id).toMatch(reason)
      expect(subs.get(id)!.count('snapshot'), id).toBe(0)
    }
    expect(engine.clusters().find((c) => c.id === 'good')).toMatchObject({ status: 'ok', reason: '' })
    expect(JSON.stringify(engine.clusters())).not.toContain(sim.token)
  })

  it('a kind the user may not list is `no access` for that watch only (asked by access review, never watched); the cluster and its other kinds stay ok', async () => {
    const rbac = await startSim({ pods: 5, users: [{ token: 'viewer-token', name: 'viewer', allow: ['nodes'] }] })
    try {
      const engine = engineFor(kubeconfig([{ name: CTX, server: rbac.url, caPem: rbac.caPem, user: { token: 'viewer-token' } }]))
      const pods = recorder()
      const nodes = recorder()
      engine.subscribe(PODS, pods)
      engine.subscribe({ cluster: CTX, kind: 'nodes', namespace: '' }, nodes)
      await live(nodes)
      await waitFor(() => pods.states.some((st) => st.state === 'error'), 'pods watch error')
      // The apiserver's wording (without the user's name, which a review does not return).
      expect(pods.states.at(-1)?.reason).toMatch(/^cannot list resource "pods" in API group "" at the cluster scope/)
      expect(rbac.requests.count((e) => e.path === '/api/v1/pods')).toBe(0)
      expect(engine.clusters()[0]).toMatchObject({ status: 'ok', reason: '' })
      await engine.close()
    } finally {
      await rbac.stop()
    }
  })

  it('a context naming a missing user is an error on that cluster only', async () => {
    const yaml = kubeconfig([{ name: CTX, server: sim.url, user: { token: sim.token } }]).replace('user: sim\n', 'user: nobody\n')
    const engine = engineFor(yaml)
    expect(engine.clusters()).toEqual([
      expect.objectContaining({ id: CTX, status: 'error', reason: 'context "sim" names user "nobody", which no kubeconfig file defines' })
    ])
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.states.some((s) => s.state === 'error'), 'watch error')
    expect(r.states.at(-1)?.reason).toContain('names user "nobody"')
  })

  it('50 concurrent subscriptions on a cold exec cache spawn the plugin exactly once', async () => {
    const counter = path.join(tmp, 'spawns.txt')
    const engine = engineFor(
      kubeconfig([
        {
          name: CTX,
          server: sim.url,
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: process.execPath,
              args: [PLUGIN],
              env: [
                { name: 'COUNTER_FILE', value: counter },
                { name: 'PLUGIN_TOKEN', value: sim.token },
                { name: 'PLUGIN_EXPIRES_IN_S', value: '600' }
              ]
            }
          }
        }
      ]),
      { probe: false }
    )
    const rs: Recorder[] = []
    for (let i = 0; i < 50; i++) {
      const r = recorder()
      rs.push(r)
      engine.subscribe({ cluster: CTX, kind: 'pods', namespace: `ns-${i}` }, r)
    }
    await waitFor(() => rs.every((r) => r.count('snapshot') === 1), '50 snapshots', 20_000)
    expect(engine.debugWatches()).toHaveLength(50)
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1)
    expect(engine.clusters()[0]).toMatchObject({ status: 'ok' })
  })

  it('close() aborts every upstream request and leaves no socket or timer behind', async () => {
    // Sockets (client and sim side) and timers; earlier tests' connections may still be closing,
    // so "no more than before" is the bar.
    const handles = (): { sockets: number; timers: number } => {
      const all = process.getActiveResourcesInfo()
      return { sockets: all.filter((h) => h === 'TCPSocketWrap').length, timers: all.filter((h) => h === 'Timeout').length }
    }
    const before = handles()
    const engine = createWatchEngine({
      clusters: loadClusters({ yaml: kubeconfig([{ name: CTX, server: sim.url, user: { token: sim.token } }]) }),
      lingerMs: 60_000
    })
    const rs = (['pods', 'nodes', 'events'] as const).map((kind) => {
      const r = recorder()
      engine.subscribe({ cluster: CTX, kind, namespace: '' }, r)
      return r
    })
    for (const r of rs) await live(r)
    expect(engine.debugWatches().map((w) => w.state)).toEqual(['live', 'live', 'live'])
    await engine.close()
    expect(engine.debugWatches()).toEqual([])
    await waitFor(() => handles().sockets <= before.sockets && handles().timers <= before.timers, `handles back to ${JSON.stringify(before)}`)
    // The apiserver saw every watch end (counting is all dropAllWatches does when none is open).
    await waitFor(() => sim.faults.dropAllWatches() === 0, 'no watch open on the sim')
  })
})
