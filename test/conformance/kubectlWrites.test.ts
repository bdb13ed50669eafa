/**
 * Conformance: real kubectl writes to the simulated apiserver, with no extra flags besides
 * `--kubeconfig` and `--cache-dir`, on the oldest (1.27) and the newest kubectl present.
 *
 * Why: kubectl is the judge of the write API: its create (1.33 sends protobuf), apply (needs
 * /openapi/v3, and /openapi/v2 on 1.27), label/annotate/patch/scale, /status patches, graceful
 * delete, Conflict and Invalid messages must all come out as on a real cluster.
 * Lifecycle: one sim (50 pods, no churn) for the file; each kubectl version works in its own
 * namespace with a fresh cache dir; every command is bounded by RUN_TIMEOUT_MS.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'

const SDK = '/usr/lib/google-cloud-sdk/bin'
const CLIENTS = [
  { label: 'oldest (1.27)', ns: 'demo-old', bin: [`${SDK}/kubectl.1.27`].find((p) => existsSync(p)) },
  { label: 'newest (1.33)', ns: 'demo-new', bin: [`${SDK}/kubectl.1.33`, '/usr/bin/kubectl'].find((p) => existsSync(p)) }
]
/** Generous bound for one kubectl command on a loaded 2-core machine. */
const RUN_TIMEOUT_MS = 20_000
/** Bound for a gracefully deleted pod (grace 1 s) to disappear. */
const GONE_TIMEOUT_MS = 8_000

let sim: Sim
let dir: string
let kc: string

beforeAll(async () => {
  sim = await startSim({ pods: 50 })
  dir = mkdtempSync(join(tmpdir(), 'periscope-kubectl-writes-'))
  kc = join(dir, 'kubeconfig.yaml')
  writeFileSync(kc, sim.kubeconfig(), { mode: 0o600 })
})

afterAll(async () => {
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

interface Run {
  code: number
  out: string
  err: string
}

function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe.each(CLIENTS)('kubectl writes, $label', ({ bin, ns }) => {
  const cache = (): string => mkdtempSync(join(dir, 'cache-'))
  let cacheDir = ''
  const k = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(bin as string, ['--kubeconfig', kc, '--cache-dir', cacheDir, ...args], { timeout: RUN_TIMEOUT_MS }, (err, out, e) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: String(out), err: String(e) })
      })
    })
  const svc = (port: number, extra = ''): string =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: front\n  labels: {app: front${extra}}\nspec:\n  selector: {app: front}\n  ports:\n  - {name: http, port: 80, targetPort: ${port}}\n`
  const pod = (name: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: no-such-node\n  terminationGracePeriodSeconds: 1\n  containers:\n  - {name: c, image: nginx}\n`

  beforeAll(() => {
    cacheDir = cache()
  })

  it.skipIf(!bin)('create namespace / deployment / job, scale through /scale', async () => {
    expect(await k('create', 'namespace', ns)).toMatchObject({ code: 0, out: `namespace/${ns} created\n` })
    expect((await k('-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=3')).out).toBe('deployment.apps/web created\n')
    expect((await k('-n', ns, 'create', 'job', 'pi', '--image=perl', '--', 'perl', '-e', '1')).out).toBe('job.batch/pi created\n')
    expect((await k('-n', ns, 'scale', 'deployment', 'web', '--replicas=10')).out).toBe('deployment.apps/web scaled\n')
    expect((await k('-n', ns, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}')).out).toBe('10 2')
    expect(sim.requests.entries().some((e) => e.method === 'PATCH' && e.path === `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`)).toBe(true)
  })

  it.skipIf(!bin)('apply a new manifest, then the same manifest changed, then unchanged', async () => {
    expect((await k('-n', ns, 'apply', '-f', file(`${ns}-svc1.yaml`, svc(8080)))).out).toBe('service/front created\n')
    expect((await k('-n', ns, 'apply', '-f', file(`${ns}-svc2.yaml`, svc(9090, ', v: "2"')))).out).toBe('service/front configured\n')
    const got = await k('-n', ns, 'get', 'service', 'front', '-o', 'jsonpath={.spec.ports[0].targetPort} {.metadata.labels.v} {.spec.clusterIP}')
    expect(got.out).toMatch(/^9090 2 10\.\d+\.\d+\.\d+$/)
    expect((await k('-n', ns, 'apply', '-f', join(dir, `${ns}-svc2.yaml`))).out).toBe('service/front unchanged\n')
  })

  it.skipIf(!bin)('label, annotate and patch of each type', async () => {
    expect((await k('-n', ns, 'label', 'deployment', 'web', 'tier=front')).out).toBe('deployment.apps/web labeled\n')
    expect((await k('-n', ns, 'annotate', 'deployment', 'web', 'note=hi')).code).toBe(0)
    expect(
      (await k('-n', ns, 'patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:2"}]}}}}')).out
    ).toBe('deployment.apps/web patched\n')
    expect((await k('-n', ns, 'patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"paused":true}}')).out).toBe('deployment.apps/web patched\n')
    expect((await k('-n', ns, 'patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]')).out).toBe(
      'deployment.apps/web patched\n'
    )
    const got = await k(
      '-n',
      ns,
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.replicas} {.spec.paused} {.spec.template.spec.containers[*].image} {.metadata.labels.tier} {.metadata.annotations.note}'
    )
    expect(got.out).toBe('4 true nginx:2 front hi')
  })

  it.skipIf(!bin)('patch --subresource=status, replace with a stale resourceVersion, invalid and unknown-field creates', async () => {
    expect((await k('-n', ns, 'create', '-f', file(`${ns}-x.yaml`, pod('x')))).out).toBe('pod/x created\n')
    const stale = (await k('-n', ns, 'get', 'pod', 'x', '-o', 'yaml')).out
    expect((await k('-n', ns, 'patch', 'pod', 'x', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}')).out).toBe('pod/x patched\n')
    expect((await k('-n', ns, 'get', 'pod', 'x', '--no-headers')).out).toMatch(/^x\s+0\/1\s+Running\s/)
    const replace = await k('-n', ns, 'replace', '-f', file(`${ns}-stale.yaml`, stale))
    expect(replace.code).not.toBe(0)
    expect(replace.err).toContain('Error from server (Conflict): error when replacing')
    expect(replace.err).toContain(
      'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again'
    )
    const bad = await k('-n', ns, 'create', '-f', file(`${ns}-bad.yaml`, pod('Bad_Name')))
    expect(bad.err).toContain('The Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of')
    const typo = await k('-n', ns, 'create', '-f', file(`${ns}-typo.yaml`, pod('typo').replace('  nodeName', '  nodeNmae')))
    expect(typo.err).toContain('strict decoding error: unknown field "spec.nodeNmae"')
  })

  it.skipIf(!bin)('delete pod: Terminating, then gone', async () => {
    expect((await k('-n', ns, 'delete', 'pod', 'x', '--wait=false')).out).toBe('pod "x" deleted\n')
    expect((await k('-n', ns, 'get', 'pod', 'x', '--no-headers')).out).toMatch(/^x\s+\S+\s+Terminating\s/)
    const end = Date.now() + GONE_TIMEOUT_MS
    let last: Run = await k('-n', ns, 'get', 'pod', 'x')
    while (last.code === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250))
      last = await k('-n', ns, 'get', 'pod', 'x')
    }
    expect(last.err).toContain('Error from server (NotFound): pods "x" not found')
  })
})
