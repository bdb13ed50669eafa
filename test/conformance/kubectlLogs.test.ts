/**
 * Conformance: `kubectl logs` (the oldest and the newest kubectl we support) against the simulated
 * apiserver, in every form a user types, judged against the simulator's own record of what each
 * container wrote (`sim.logs.written()`) with the kubelet's and kubectl's rules: `-f` ends by
 * itself when the container terminates, `--previous`, `-c`, `--all-containers`, `--tail`,
 * `--since`, `--timestamps`, `--limit-bytes`, `-l` with `--prefix`, `deploy/x`; and the errors
 * in the real words (multi-container pod without `-c`, `--previous` with no terminated run, a
 * container still waiting).
 *
 * Where kubectl's behaviour comes from (kubernetes/kubernetes): kubectl/pkg/cmd/logs/logs.go (the
 * `-l` default tail of 10, `[pod/<name>/<container>] ` prefixes, requests consumed from a Go map:
 * no order between containers), polymorphichelpers/logsforobject.go (`Defaulted container "x" out
 * of: …`, `Found N pods, using pod/x`, init → main → ephemeral with `--all-containers`),
 * kubectl/pkg/util/podutils (ByLogging), pkg/registry/core/pod/strategy.go (`a container name must
 * be specified for pod x, choose one of: [...]`), pkg/kubelet/kubelet_pods.go
 * (validateContainerLogStatus) and pkg/kubelet/kuberuntime/logs/logs.go (`since` keeps lines not
 * before now − sinceSeconds; `limitBytes` cuts mid-line, timestamps included).
 * Lifecycle: one sim for the file (fast controllers, 40 lines/s per container), fixtures made once
 * (a finished Job of three pods, a pod with an init container and two containers, a crash-looping
 * pod, a deployment of three); pods that a test ends are made per kubectl.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { KUBECTL_CLIENTS, runKubectl } from '../support/kubectl.ts'
import type { KubectlRun } from '../support/kubectl.ts'
import { byLoggingLess, printed, someOrder, window, windowPrefix } from '../support/kubectlLogs.ts'
import type { PodFacts, Rec } from '../support/kubectlLogs.ts'
import { simApi } from '../support/simApi.ts'

const NS = 'logs-conformance'
/** One simulated step: a crash run lasts 3 (0.6 s), the first back-off 25 (5 s), `slow` creates for 40 (8 s). */
const STEP_MS = 200
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let sim: Sim
let dir: string
let kc: string
const children = new Set<ChildProcess>()

type Pod = PodFacts & { readonly metadata: { readonly name: string } }
interface StatusLike {
  readonly name: string
  readonly state?: Record<string, { reason?: string } | undefined>
}

const pods = (selector: string): Pod[] =>
  sim.store.list('pods', { namespace: NS, labelSelector: selector }).items.map((r) => sim.store.object(r) as unknown as Pod)
const pod = (name: string): Pod | undefined => {
  const r = sim.store.get('pods', NS, name)
  return r ? (sim.store.object(r) as unknown as Pod) : undefined
}
const stateOf = (p: Pod | undefined, c: string): string => {
  const cs = (p?.status?.containerStatuses as readonly StatusLike[] | undefined)?.find((x) => x.name === c)
  const [k, v] = Object.entries(cs?.state ?? {})[0] ?? ['none', undefined]
  return v?.reason ? `${k}:${v.reason}` : k
}

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** The record of one run (`index`, default the last) of `pod/container`, up to `untilMs`. */
function rec(podName: string, container: string, untilMs?: number, index?: number): Rec[] {
  const runs = sim.logs.written({ namespace: NS, ...(untilMs !== undefined ? { untilMs } : {}) }).filter((r) => r.pod === podName && r.container === container)
  const run = index === undefined ? runs.at(-1) : runs.find((r) => r.index === index)
  if (!run) throw new Error(`no recorded run of ${podName}/${container}`)
  return run.lines.map((l) => ({ ts: l.ts, text: l.text }))
}

function kubectl(bin: string, args: string[]): Promise<KubectlRun> {
  return runKubectl(bin, ['--kubeconfig', kc, '--cache-dir', mkdtempSync(join(dir, 'cache-')), '-n', NS, ...args])
}

/** Run kubectl and note the time around it (for the windows of running containers). */
async function timed(bin: string, args: string[]): Promise<KubectlRun & { before: number; after: number }> {
  const before = Date.now()
  const r = await kubectl(bin, args)
  return { ...r, before, after: Date.now() }
}

async function create(path: string, body: unknown): Promise<void> {
  const r = await simApi(sim, 'POST', path, body)
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.json)}`)
}

const podBody = (name: string, containers: { name: string; image: string }[], extra: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { suite: name } },
  spec: { containers, ...extra }
})

beforeAll(async () => {
  sim = await startSim({ pods: 20, logRate: 40, controllers: { stepMs: STEP_MS } })
  dir = mkdtempSync(join(tmpdir(), 'periscope-kubectl-logs-'))
  kc = join(dir, 'kubeconfig.yaml')
  writeFileSync(kc, sim.kubeconfig(), { mode: 0o600 })
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })
  await create(`/apis/batch/v1/namespaces/${NS}/jobs`, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'done', namespace: NS },
    spec: {
      completions: 3,
      parallelism: 3,
      template: { metadata: { labels: { suite: 'done' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'worker', image: 'perl' }] } }
    }
  })
  await create(
    `/api/v1/namespaces/${NS}/pods`,
    podBody(
      'multi',
      [
        { name: 'app', image: 'nginx:1.27' },
        { name: 'side', image: 'busybox' }
      ],
      { initContainers: [{ name: 'init', image: 'busybox' }] }
    )
  )
  await create(`/api/v1/namespaces/${NS}/pods`, podBody('crashy', [{ name: 'main', image: 'crash' }]))
  await create(`/apis/apps/v1/namespaces/${NS}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }
    }
  })
  await until("the job's three pods completed", () => {
    const p = pods('suite=done')
    return p.length === 3 && p.every((x) => stateOf(x, 'worker') === 'terminated:Completed')
  })
  await until('multi running', () => stateOf(pod('multi'), 'app') === 'running' && stateOf(pod('multi'), 'side') === 'running')
  await until("web's three pods ready", () => {
    const p = pods('app=web')
    return p.length === 3 && p.every((x) => x.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
  })
  await until('crashy restarted once', () => (pod('crashy')?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1)
}, 90_000)

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

for (const client of KUBECTL_CLIENTS) {
  if (!client.bin) console.warn(`skipping kubectl logs conformance for the ${client.label} kubectl: ${client.wanted} not found`)

  describe.skipIf(!client.bin)(`kubectl logs, ${client.label}`, () => {
    const bin = client.bin as string
    const job = (): string[] =>
      pods('suite=done')
        .map((p) => p.metadata.name)
        .sort()

    it("prints a finished container's whole log; --timestamps with the kubelet's RFC3339Nano fixed time", async () => {
      const [p] = job()
      const plain = await kubectl(bin, ['logs', p])
      expect(plain.stderr).toBe('')
      expect(plain.code).toBe(0)
      expect(plain.stdout).toBe(printed(rec(p, 'worker')))
      const ts = await kubectl(bin, ['logs', p, '--timestamps'])
      expect(ts.stdout).toBe(printed(rec(p, 'worker'), true))
      for (const line of ts.stdout.trimEnd().split('\n')) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /)
    })

    it('--tail=N is the last N lines; --limit-bytes cuts the output mid-line, timestamps counted', async () => {
      const [, p] = job()
      const all = rec(p, 'worker')
      expect(all.length).toBeGreaterThan(12)
      expect((await kubectl(bin, ['logs', p, '--tail=5'])).stdout).toBe(printed(all.slice(-5)))
      expect((await kubectl(bin, ['logs', p, '--tail=0'])).stdout).toBe('')
      const limited = await kubectl(bin, ['logs', p, '--limit-bytes=500'])
      expect(limited.code).toBe(0)
      expect(limited.stdout).toBe(Buffer.from(printed(all)).subarray(0, 500).toString())
      const tsLimited = await kubectl(bin, ['logs', p, '--limit-bytes=77', '--timestamps'])
      expect(tsLimited.stdout).toBe(Buffer.from(printed(all, true)).subarray(0, 77).toString())
    })

    it('-l with --prefix: the last 10 lines of each selected pod, each line tagged [pod/<name>/<container>]', async () => {
      const r = await kubectl(bin, ['logs', '-l', 'suite=done', '--prefix'])
      expect(r.code).toBe(0)
      const groups = new Map<string, string[]>()
      let last = ''
      const order: string[] = []
      for (const line of r.stdout.trimEnd().split('\n')) {
        const m = /^\[pod\/([^/]+)\/([^\]]+)\] (.*)$/.exec(line)
        expect(m, line).not.toBeNull()
        const key = `${m?.[1]}/${m?.[2]}`
        if (key !== last) {
          order.push(key)
          last = key
        }
        groups.set(key, [...(groups.get(key) ?? []), m?.[3] ?? ''])
      }
      expect([...groups.keys()].sort()).toEqual(job().map((p) => `${p}/worker`))
      expect(order).toHaveLength(3) // one request after the other: each pod's lines together
      for (const p of job())
        expect(groups.get(`${p}/worker`)).toEqual(
          rec(p, 'worker')
            .slice(-10)
            .map((l) => l.text)
        )
      // Without --prefix: the same blocks, in some order.
      const bare = await kubectl(bin, ['logs', '-l', 'suite=done'])
      const blocks = job().map((p) => printed(rec(p, 'worker').slice(-10)))
      expect(someOrder(bare.stdout, 3, (i, rest) => (rest.startsWith(blocks[i]) ? blocks[i].length : undefined))).toBe(true)
    })

    it('-c picks a container; without it kubectl says which one it defaulted to', async () => {
      const side = await timed(bin, ['logs', 'multi', '-c', 'side'])
      expect(side.code).toBe(0)
      expect(window(side.stdout, rec('multi', 'side', side.before), rec('multi', 'side', side.after))).toBe('')
      const init = await kubectl(bin, ['logs', 'multi', '-c', 'init'])
      expect(init.stdout).toBe(printed(rec('multi', 'init')))
      const dflt = await timed(bin, ['logs', 'multi'])
      expect(dflt.code).toBe(0)
      expect(dflt.stderr).toBe('Defaulted container "app" out of: app, side, init (init)\n')
      expect(window(dflt.stdout, rec('multi', 'app', dflt.before), rec('multi', 'app', dflt.after))).toBe('')
    })

    it('--all-containers: init, then the containers, one block each (in map order); with --prefix each tagged', async () => {
      const names = ['init', 'app', 'side']
      const r = await timed(bin, ['logs', 'multi', '--all-containers', '--prefix'])
      expect(r.code).toBe(0)
      const blocks = new Map<string, string>()
      const seen: string[] = []
      for (const line of r.stdout.split(/(?<=\n)/)) {
        const m = /^\[pod\/multi\/([a-z]+)\] ([^]*)$/.exec(line)
        expect(m, line).not.toBeNull()
        const c = m?.[1] ?? ''
        if (seen.at(-1) !== c) seen.push(c)
        blocks.set(c, (blocks.get(c) ?? '') + (m?.[2] ?? ''))
      }
      expect([...seen].sort()).toEqual([...names].sort()) // each container's lines in one block
      for (const c of names) expect(window(blocks.get(c) ?? '', rec('multi', c, r.before), rec('multi', c, r.after)), c).toBe('')
      const bare = await timed(bin, ['logs', 'multi', '--all-containers'])
      expect(someOrder(bare.stdout, 3, (i, rest) => windowPrefix(rest, rec('multi', names[i], bare.before), rec('multi', names[i], bare.after)))).toBe(true)
    })

    it('--previous is the run before the restart, whole; the current run is another', async () => {
      const prev = await kubectl(bin, ['logs', 'crashy', '--previous', '--timestamps'])
      expect(prev.code).toBe(0)
      const cs = pod('crashy')?.status?.containerStatuses?.[0]
      const restarts = cs?.restartCount ?? 0
      // lastState is the run before the current one: index restarts − 1, or the run that just
      // crashed while the back-off waits (its status then still says the same restart count).
      const candidates = [restarts - 1, restarts - 2].filter((i) => i >= 0).map((i) => printed(rec('crashy', 'main', undefined, i), true))
      expect(candidates).toContain(prev.stdout)
      expect(prev.stdout).toContain('panic: runtime error: invalid memory address or nil pointer dereference')
      expect(prev.stdout.trimEnd().endsWith('exit status 2')).toBe(true)
    })

    it('--since=2s: the lines of the last two seconds, as the kubelet counts them', async () => {
      const [p] = pods('app=web')
        .map((x) => x.metadata.name)
        .sort()
      // The log must reach further back than the window, or there is no cut to judge.
      const first = rec(p, 'nginx')[0]
      const age = first ? Date.now() - Date.parse(`${first.ts.slice(0, 23)}Z`) : 0
      if (age < 3500) await new Promise((r) => setTimeout(r, 3500 - age))
      const r = await timed(bin, ['logs', p, '--since=2s', '--timestamps'])
      expect(r.code).toBe(0)
      const out = r.stdout.trimEnd().split('\n')
      const all = rec(p, 'nginx', r.after)
      const full = all.map((l) => `${l.ts} ${l.text}`)
      const i = full.indexOf(out[0])
      expect(out.length).toBeGreaterThan(20)
      expect(i).toBeGreaterThan(0)
      expect(full.slice(i, i + out.length)).toEqual(out)
      const ms = (l: Rec | undefined): number => (l ? Date.parse(`${l.ts.slice(0, 23)}Z`) : NaN)
      // Not before (request time − 2 s), and the line just before was before it at any request time.
      expect(ms(all[i])).toBeGreaterThanOrEqual(r.before - 2000 - 1)
      expect(ms(all[i - 1])).toBeLessThan(r.after - 2000)
      // Everything written before the command started is there.
      const next = all[i + out.length]
      if (next) expect(ms(next)).toBeGreaterThanOrEqual(r.before)
    })

    it('deploy/x: kubectl picks the pod ByLogging ranks first, says so, and prints its log', async () => {
      const r = await timed(bin, ['logs', 'deploy/web'])
      expect(r.code).toBe(0)
      const m = /^Found 3 pods, using pod\/(\S+)\n$/.exec(r.stderr)
      expect(m, r.stderr).not.toBeNull()
      const chosen = m?.[1] ?? ''
      const all = pods('app=web')
      const picked = all.find((x) => x.metadata.name === chosen)
      expect(picked).toBeDefined()
      for (const other of all) expect(byLoggingLess(other, picked as Pod), `${other.metadata.name} ranks before ${chosen}`).toBe(false)
      expect(window(r.stdout, rec(chosen, 'nginx', r.before), rec(chosen, 'nginx', r.after))).toBe('')
    })

    it('-f streams until the container terminates, then exits by itself with the whole log', async () => {
      const name = `tailed-${client.label.startsWith('oldest') ? 'old' : 'new'}`
      await create(`/api/v1/namespaces/${NS}/pods`, podBody(name, [{ name: 'main', image: 'nginx:1.27' }]))
      await until(`${name} running`, () => stateOf(pod(name), 'main') === 'running')
      const child = spawn(bin, ['--kubeconfig', kc, '--cache-dir', mkdtempSync(join(dir, 'cache-')), '-n', NS, 'logs', '-f', name], {
        stdio: ['ignore', 'pipe', 'pipe']
      })
      children.add(child)
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
      })
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      await until('lines followed', () => stdout.split('\n').length > 20, 15_000)
      expect(children.has(child) && child.exitCode).toBe(null) // still following
      expect((await simApi(sim, 'DELETE', `/api/v1/namespaces/${NS}/pods/${name}`)).status).toBe(200)
      const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')])
      children.delete(child)
      expect(code, stderr).toBe(0)
      const whole = rec(name, 'main')
      expect(whole.at(-1)?.text).toBe('exiting') // the shutdown's last line
      expect(stdout).toBe(printed(whole))
    })

    it("errors in the apiserver's and the kubelet's words", async () => {
      const raw = await kubectl(bin, ['get', '--raw', `/api/v1/namespaces/${NS}/pods/multi/log`])
      expect(raw.code).toBe(1)
      expect(raw.stderr.trim()).toBe('Error from server (BadRequest): a container name must be specified for pod multi, choose one of: [init app side]')
      const badC = await kubectl(bin, ['get', '--raw', `/api/v1/namespaces/${NS}/pods/multi/log?container=nope`])
      expect(badC.stderr.trim()).toBe('Error from server (BadRequest): container nope is not valid for pod multi')
      const noPrev = await kubectl(bin, ['logs', 'multi', '-c', 'app', '--previous'])
      expect(noPrev.code).toBe(1)
      expect(noPrev.stderr.trim()).toBe('Error from server (BadRequest): previous terminated container "app" in pod "multi" not found')
      const missing = await kubectl(bin, ['logs', 'no-such-pod'])
      expect(missing.code).toBe(1)
      // The apiserver's NotFound as kubectl 1.27 prints it; newer kubectl adds the namespace itself.
      expect([
        'Error from server (NotFound): pods "no-such-pod" not found',
        `error: error from server (NotFound): pods "no-such-pod" not found in namespace "${NS}"`
      ]).toContain(missing.stderr.trim())
    })

    it('a container still being created: "is waiting to start: ContainerCreating"', async () => {
      const name = `creating-${client.label.startsWith('oldest') ? 'old' : 'new'}`
      await create(`/api/v1/namespaces/${NS}/pods`, podBody(name, [{ name: 'c', image: 'slow' }]))
      await until(`${name} ContainerCreating`, () => stateOf(pod(name), 'c') === 'waiting:ContainerCreating')
      const r = await kubectl(bin, ['logs', name])
      // The state did not move on while kubectl ran (it lasts 40 steps): the answer is for it.
      expect(stateOf(pod(name), 'c')).toBe('waiting:ContainerCreating')
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toBe(`Error from server (BadRequest): container "c" in pod "${name}" is waiting to start: ContainerCreating`)
    })

    it('an image that cannot be pulled: "image can\'t be pulled" / "trying and failing to pull image"', async () => {
      const name = `nopull-${client.label.startsWith('oldest') ? 'old' : 'new'}`
      await create(`/api/v1/namespaces/${NS}/pods`, podBody(name, [{ name: 'c', image: 'doesnotexist:1' }]))
      await until(
        `${name} failing to pull`,
        () => stateOf(pod(name), 'c').startsWith('waiting:ErrImagePull') || stateOf(pod(name), 'c').startsWith('waiting:ImagePullBackOff')
      )
      const words: Record<string, string> = { 'waiting:ErrImagePull': "image can't be pulled", 'waiting:ImagePullBackOff': 'trying and failing to pull image' }
      for (let attempt = 0; attempt < 5; attempt++) {
        const before = stateOf(pod(name), 'c')
        const r = await kubectl(bin, ['logs', name])
        if (stateOf(pod(name), 'c') !== before) continue // it alternated while kubectl ran: ask again
        expect(r.code).toBe(1)
        expect(r.stderr.trim()).toBe(`Error from server (BadRequest): container "c" in pod "${name}" is waiting to start: ${words[before]}`)
        return
      }
      throw new Error('the pull state changed during every attempt')
    })
  })
}
