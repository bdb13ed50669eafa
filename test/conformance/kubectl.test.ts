/**
 * Conformance: real kubectl against the simulated apiserver. kubectl is the independent judge:
 * where it disagrees with the simulator, the simulator is wrong.
 *
 * Why: discovery, `as=Table` lists and watches, raw watch streams, and the 401/403/404 Status
 * bodies are exactly what kubectl parses; a mismatch shows up here as wrong columns or messages.
 * The text of the printed cells is judged in `kubectlPrinters.test.ts`, on objects in exact
 * states against kubectl's printer rules; here the cluster churns, so rows are checked for shape.
 * Lifecycle: one sim (300 pods, churn 50/s, plus a user allowed only deployments) for the file;
 * the same matrix runs on the oldest (1.27) and the newest kubectl present, each run with its
 * own fresh `--cache-dir` so nothing comes from a discovery cache; watching kubectl processes
 * are killed as soon as the awaited output arrives, and any survivor in `afterAll`.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KindId } from '../../src/shared/kinds/registry.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { KUBECTL_CLIENTS, linesOf, runKubectl } from '../support/kubectl.ts'
import type { KubectlRun } from '../support/kubectl.ts'

/** Bound for a watching kubectl to print what we wait for (churn is 50 events/s). */
const WATCH_TIMEOUT_MS = 20_000
const LIMITED_TOKEN = 'conformance-limited-token'

let sim: Sim
let dir: string
let adminKc: string
let badKc: string
let limitedKc: string
const children = new Set<ChildProcess>()

beforeAll(async () => {
  sim = await startSim({ pods: 300, churn: 50, users: [{ token: LIMITED_TOKEN, name: 'conformance-limited', allow: ['deployments'] }] })
  dir = mkdtempSync(join(tmpdir(), 'periscope-kubectl-'))
  const write = (name: string, yaml: string): string => {
    const p = join(dir, name)
    writeFileSync(p, yaml, { mode: 0o600 })
    return p
  }
  adminKc = write('admin.yaml', sim.kubeconfig())
  badKc = write('bad.yaml', sim.kubeconfig({ token: 'not-a-valid-token' }))
  limitedKc = write('limited.yaml', sim.kubeconfig({ token: LIMITED_TOKEN }))
})

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A fresh discovery cache directory, so every run does real discovery. */
function freshCache(): string {
  return mkdtempSync(join(dir, 'cache-'))
}

/** Run kubectl to completion (bounded), as the admin with a fresh discovery cache unless told otherwise. */
function kubectl(bin: string, args: string[], opts: { kubeconfig?: string; cacheDir?: string } = {}): Promise<KubectlRun> {
  return runKubectl(bin, ['--kubeconfig', opts.kubeconfig ?? adminKc, '--cache-dir', opts.cacheDir ?? freshCache(), ...args])
}

/** Run a long-lived kubectl until `done(stdout)` holds or the bound passes; it is killed either way. */
function kubectlUntil(bin: string, args: string[], done: (stdout: string) => boolean): Promise<{ stdout: string; stderr: string; met: boolean }> {
  const child = spawn(bin, ['--kubeconfig', adminKc, '--cache-dir', freshCache(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let stdout = ''
  let stderr = ''
  return new Promise((resolve) => {
    const finish = (met: boolean): void => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      children.delete(child)
      resolve({ stdout, stderr, met })
    }
    const timer = setTimeout(() => finish(false), WATCH_TIMEOUT_MS)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (done(stdout)) finish(true)
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('exit', () => finish(done(stdout)))
  })
}

/** kubectl's tabwriter pads every column with at least 3 spaces; cells have at most single spaces. */
const cellsOf = (line: string): string[] => line.trim().split(/\s{3,}/)
/** HumanDuration output: 45s, 5m1s, 3h10m, 2d5h, 400d, 3y20d … */
const AGE = /^\d+[smhdy](\d+[smhd])?$/

/**
 * An object that exists, unchanged, before and after a kubectl run, so its printed row is
 * deterministic under churn: the rv snapshot is taken before, the object re-read after.
 */
function snapshot(kind: KindId): Map<string, number> {
  return new Map(sim.store.list(kind).items.map((r) => [r.key, r.rv]))
}
function stableObject(kind: KindId, before: Map<string, number>, pick: (ns: string, name: string) => boolean = () => true) {
  for (const r of sim.store.list(kind).items) {
    if (before.get(r.key) === r.rv && pick(r.ns, r.name)) return sim.store.object(r)
  }
  throw new Error(`no ${kind} stayed unchanged during the kubectl run (churn too high?)`)
}

type Obj = ReturnType<Sim['store']['object']>
interface GetCase {
  kind: KindId
  resource: string
  headers: string[]
  /** Cells checked against the raw object, independently of the projection (kubectl's printer rules). */
  independent?: (o: Obj) => Record<string, string>
}
const num = (v: unknown): number => (typeof v === 'number' ? v : 0)
const GET_CASES: GetCase[] = [
  { kind: 'pods', resource: 'pods', headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'] },
  {
    kind: 'deployments',
    resource: 'deployments',
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    independent: (o) => {
      const spec = o.spec as { replicas?: number }
      const st = (o.status ?? {}) as { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number }
      return {
        READY: `${num(st.readyReplicas)}/${num(spec.replicas)}`,
        'UP-TO-DATE': String(num(st.updatedReplicas)),
        AVAILABLE: String(num(st.availableReplicas))
      }
    }
  },
  { kind: 'jobs', resource: 'jobs', headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'] }
]

for (const client of KUBECTL_CLIENTS) {
  if (!client.bin) console.warn(`skipping kubectl conformance for the ${client.label} kubectl: ${client.wanted} not found`)

  describe.skipIf(!client.bin)(`kubectl ${client.label}`, () => {
    const bin = client.bin as string

    for (const c of GET_CASES) {
      it(`get ${c.resource} -A prints the server's columns and rows (${c.kind})`, async () => {
        const before = snapshot(c.kind)
        const r = await kubectl(bin, ['get', c.resource, '-A'])
        expect(r.stderr).toBe('')
        expect(r.code).toBe(0)
        const [header, ...rows] = linesOf(r.stdout)
        expect(cellsOf(header)).toEqual(['NAMESPACE', ...c.headers])
        for (const row of rows) expect(cellsOf(row)).toHaveLength(c.headers.length + 1)
        const obj = stableObject(c.kind, before)
        const line = rows.map(cellsOf).find((cells) => cells[0] === obj.metadata.namespace && cells[1] === obj.metadata.name)
        expect(line, `${obj.metadata.namespace}/${obj.metadata.name} in kubectl output`).toBeDefined()
        expect((line as string[])[c.headers.indexOf('AGE') + 1]).toMatch(AGE)
        for (const [h, v] of Object.entries(c.independent?.(obj) ?? {})) expect((line as string[])[c.headers.indexOf(h) + 1], h).toBe(v)
        expect(rows.length).toBeGreaterThan(0)
      })

      it(`get ${c.resource} in the context namespace prints no NAMESPACE column (${c.kind})`, async () => {
        const ns = sim.store.list(c.kind).items.find((x) => x.ns !== '')?.ns
        expect(ns, `the sim has ${c.kind}`).toBeDefined()
        const before = snapshot(c.kind)
        const r = await kubectl(bin, ['get', c.resource, '-n', ns as string])
        expect(r.code).toBe(0)
        const [header, ...rows] = linesOf(r.stdout)
        expect(cellsOf(header)).toEqual(c.headers)
        const obj = stableObject(c.kind, before, (n) => n === ns)
        expect(rows.map((l) => cellsOf(l)[0])).toContain(obj.metadata.name)
      })
    }

    it('get pods -o wide adds the priority-1 columns', async () => {
      const r = await kubectl(bin, ['get', 'pods', '-A', '-o', 'wide'])
      expect(r.code).toBe(0)
      expect(cellsOf(linesOf(r.stdout)[0])).toEqual([
        'NAMESPACE',
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES'
      ])
    })

    it('get nodes (cluster-scoped), with and without -A, prints node columns and no NAMESPACE', async () => {
      for (const extra of [[], ['-A']]) {
        const before = snapshot('nodes')
        const r = await kubectl(bin, ['get', 'nodes', ...extra])
        expect(r.code).toBe(0)
        const [header, ...rows] = linesOf(r.stdout)
        expect(cellsOf(header)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'])
        const node = stableObject('nodes', before)
        const line = rows.map(cellsOf).find((cells) => cells[0] === node.metadata.name)
        expect(line?.[3]).toMatch(AGE)
        expect(line?.[4]).toBe((node.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo.kubeletVersion)
        // Every node, as the store held them just before or just after the run.
        const printed = [...rows.map((l) => cellsOf(l)[0])].sort().join(',')
        const after = sim.store
          .list('nodes')
          .items.map((n) => n.name)
          .sort()
          .join(',')
        expect([after, [...before.keys()].sort().join(',')]).toContain(printed)
      }
    })

    it('resolves short names and the "all" category through discovery', async () => {
      const r = await kubectl(bin, ['get', 'deploy,po', '-n', 'kube-system'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^deployment\.apps\//m)
      expect(r.stdout).toMatch(/^pod\//m)
      const all = await kubectl(bin, ['get', 'all', '-A'])
      expect(all.code).toBe(0)
      for (const prefix of ['pod/', 'service/', 'deployment.apps/', 'replicaset.apps/', 'job.batch/']) expect(all.stdout).toContain(prefix)
    })

    it('get pods -A -w --output-watch-events prints churn events in the Table columns', async () => {
      const isChurn = (l: string): boolean => /^(MODIFIED|DELETED)\s/.test(l)
      const w = await kubectlUntil(bin, ['get', 'pods', '-A', '-w', '--output-watch-events'], (out) => linesOf(out).some(isChurn))
      expect(w.met, `no MODIFIED/DELETED line within ${WATCH_TIMEOUT_MS} ms; stderr: ${w.stderr}`).toBe(true)
      const [header, ...rows] = linesOf(w.stdout)
      expect(cellsOf(header)).toEqual(['EVENT', 'NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'])
      expect(rows.filter((l) => l.startsWith('ADDED')).length).toBeGreaterThan(0)
      // Every line, including those decoded from header-less watch Tables, has all columns.
      for (const row of rows.slice(0, -1)) expect(cellsOf(row)).toHaveLength(7)
    })

    it("get --raw '/api/v1/pods?watch=1&resourceVersion=<rv>' streams raw watch events after rv", async () => {
      const rv = Number(sim.store.resourceVersion())
      const complete = (out: string): string[] =>
        out
          .split('\n')
          .slice(0, -1)
          .filter((l) => l !== '')
      const w = await kubectlUntil(bin, ['get', '--raw', `/api/v1/pods?watch=1&resourceVersion=${rv}`], (out) => complete(out).length >= 3)
      expect(w.met, `fewer than 3 events within ${WATCH_TIMEOUT_MS} ms; stderr: ${w.stderr}`).toBe(true)
      for (const line of complete(w.stdout)) {
        const ev = JSON.parse(line) as { type: string; object: { kind: string; metadata: { resourceVersion: string } } }
        expect(['ADDED', 'MODIFIED', 'DELETED']).toContain(ev.type)
        expect(ev.object.kind).toBe('Pod')
        expect(Number(ev.object.metadata.resourceVersion)).toBeGreaterThan(rv)
      }
    })

    it('get pods nope gives the NotFound error', async () => {
      const r = await kubectl(bin, ['get', 'pods', 'nope'])
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found')
    })

    it('a bad token gives "You must be logged in to the server"', async () => {
      // With discovery cached (as after any earlier kubectl use) the 401 comes from the GET and
      // kubectl prints the Status reason; with an empty cache, discovery fails first and
      // client-go words it generically, exactly as against a real apiserver.
      const cache = freshCache()
      expect((await kubectl(bin, ['get', 'pods'], { cacheDir: cache })).code).toBe(0)
      const warm = await kubectl(bin, ['get', 'pods'], { kubeconfig: badKc, cacheDir: cache })
      expect(warm.code).toBe(1)
      expect(linesOf(warm.stderr).at(-1)).toBe('error: You must be logged in to the server (Unauthorized)')
      const cold = await kubectl(bin, ['get', 'pods'], { kubeconfig: badKc })
      expect(cold.code).toBe(1)
      expect(linesOf(cold.stderr).at(-1)).toBe('error: You must be logged in to the server (the server has asked for the client to provide credentials)')
    })

    it('a user without access gets Forbidden, and may still read what it is allowed', async () => {
      const r = await kubectl(bin, ['get', 'pods'], { kubeconfig: limitedKc })
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toBe(
        'Error from server (Forbidden): pods is forbidden: User "conformance-limited" cannot list resource "pods" in API group "" in the namespace "default"'
      )
      const ok = await kubectl(bin, ['get', 'deployments', '-A'], { kubeconfig: limitedKc })
      expect(ok.code).toBe(0)
      expect(cellsOf(linesOf(ok.stdout)[0])[0]).toBe('NAMESPACE')
    })
  })
}
