/**
 * Conformance: the simulated controllers judged by the real kubectl, used with no extra flags.
 *
 * Why: the "done when" list is kubectl commands: `create deployment` + `rollout status`,
 * `scale`, `set image` (a rolling update), `create job` + `wait --for=condition=complete`,
 * `delete deployment` (its pods go). kubectl reads exactly the status fields and conditions the
 * controllers write, so a mistake shows up as a rollout that never finishes.
 * Lifecycle: one sim (100 generated pods, churn 20/s, controllers at a 50 ms step) for the file;
 * each kubectl run is bounded in time and uses a fresh `--cache-dir`; the sim is stopped after.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'

const SDK = '/usr/lib/google-cloud-sdk/bin'
/** The judge (1.32), plus the oldest and newest kubectl for the core rollout. */
const MAIN = '/usr/bin/kubectl'
const OTHERS = [`${SDK}/kubectl.1.27`, `${SDK}/kubectl.1.33`].filter((p) => existsSync(p))
/** Controller step: fast, but every state is still written and watched. */
const STEP_MS = 50
/** Bound for one kubectl command (rollout status / wait carry their own --timeout below it). */
const RUN_TIMEOUT_MS = 60_000

let sim: Sim
let dir: string
let kc: string
const errors: string[] = []

beforeAll(async () => {
  sim = await startSim({ pods: 100, churn: 20, controllers: { stepMs: STEP_MS, onError: (m) => errors.push(m) } })
  dir = mkdtempSync(join(tmpdir(), 'periscope-kubectl-ctl-'))
  kc = join(dir, 'admin.yaml')
  writeFileSync(kc, sim.kubeconfig(), { mode: 0o600 })
})

afterAll(async () => {
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  expect(errors).toEqual([])
})

interface Run {
  code: number
  stdout: string
  stderr: string
}

function kubectl(args: string[], bin = MAIN): Promise<Run> {
  const full = ['--kubeconfig', kc, '--cache-dir', mkdtempSync(join(dir, 'cache-')), ...args]
  return new Promise((resolve) => {
    execFile(bin, full, { timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

async function ok(args: string[], bin = MAIN): Promise<string> {
  const r = await kubectl(args, bin)
  expect(r.code, `kubectl ${args.join(' ')}\n${r.stderr}${r.stdout}`).toBe(0)
  return r.stdout
}

const lines = (out: string): string[] => out.split('\n').filter((l) => l.trim() !== '')

describe.skipIf(!existsSync(MAIN))('kubectl drives the simulated controllers', () => {
  it('create deployment, rollout status, scale, set image, rollout history', async () => {
    await ok(['create', 'namespace', 'demo'])
    await ok(['-n', 'demo', 'create', 'deployment', 'web', '--image=nginx', '--replicas=3'])
    expect(await ok(['-n', 'demo', 'rollout', 'status', 'deployment/web', '--timeout=45s'])).toContain('deployment "web" successfully rolled out')
    const running = async (): Promise<string[]> =>
      lines(await ok(['-n', 'demo', 'get', 'pods', '-l', 'app=web', '--field-selector', 'status.phase=Running', '-o', 'name']))
    expect(await running()).toHaveLength(3)

    await ok(['-n', 'demo', 'scale', 'deployment', 'web', '--replicas=10'])
    expect(await ok(['-n', 'demo', 'rollout', 'status', 'deployment/web', '--timeout=45s'])).toContain('successfully rolled out')
    expect(await running()).toHaveLength(10)

    await ok(['-n', 'demo', 'set', 'image', 'deployment/web', 'nginx=nginx:2'])
    expect(await ok(['-n', 'demo', 'rollout', 'status', 'deployment/web', '--timeout=45s'])).toContain('successfully rolled out')
    const rs = lines(
      await ok([
        '-n',
        'demo',
        'get',
        'rs',
        '-l',
        'app=web',
        '--no-headers',
        '-o',
        'custom-columns=NAME:.metadata.name,DESIRED:.spec.replicas,REV:.metadata.annotations.deployment\\.kubernetes\\.io/revision'
      ])
    ).map((l) => l.trim().split(/\s+/))
    expect(rs.map(([, desired, rev]) => `${rev}:${desired}`).sort()).toEqual(['1:0', '2:10'])
    // Old pods may still be Terminating (graceful deletion); every live pod runs the new image.
    const live = lines(
      await ok([
        '-n',
        'demo',
        'get',
        'pods',
        '-l',
        'app=web',
        '--no-headers',
        '-o',
        'custom-columns=IMAGE:.spec.containers[0].image,DELETING:.metadata.deletionTimestamp,READY:.status.containerStatuses[0].ready'
      ])
    )
      .map((l) => l.trim().split(/\s+/))
      .filter(([, deleting]) => deleting === '<none>')
    expect(live.map(([image, , ready]) => `${image} ${ready}`)).toEqual(Array(10).fill('nginx:2 true'))
    const history = await ok(['-n', 'demo', 'rollout', 'history', 'deployment/web'])
    expect(
      lines(history)
        .slice(-2)
        .map((l) => l.trim().split(/\s+/)[0])
    ).toEqual(['1', '2'])
  }, 200_000)

  it('create job pi --image=perl completes', async () => {
    await ok(['-n', 'demo', 'create', 'job', 'pi', '--image=perl', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'])
    expect(await ok(['-n', 'demo', 'wait', '--for=condition=complete', 'job/pi', '--timeout=60s'])).toContain('condition met')
    const row = lines(await ok(['-n', 'demo', 'get', 'job', 'pi', '--no-headers']))[0]
    expect(row).toMatch(/\b1\/1\b/)
    const pod = lines(await ok(['-n', 'demo', 'get', 'pods', '-l', 'job-name=pi', '--no-headers']))
    expect(pod).toHaveLength(1)
    expect(pod[0]).toMatch(/^pi-\w{5}\s+0\/1\s+Completed\s+0\s/)
  }, 90_000)

  it('a crash image shows CrashLoopBackOff', async () => {
    await ok(['-n', 'demo', 'create', 'deployment', 'crashy', '--image=registry.example/crash:1'])
    const end = Date.now() + 30_000
    let out = ''
    while (Date.now() < end && !/CrashLoopBackOff/.test(out)) {
      out = await ok(['-n', 'demo', 'get', 'pods', '-l', 'app=crashy', '--no-headers'])
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(out).toMatch(/crashy-\w+-\w{5}\s+0\/1\s+CrashLoopBackOff\s+[1-9]\d* \(\w+ ago\)/)
  }, 60_000)

  it('deleting a deployment removes its pods', async () => {
    await ok(['-n', 'demo', 'delete', 'deployment', 'web'])
    expect(await ok(['-n', 'demo', 'wait', '--for=delete', 'pod', '-l', 'app=web', '--timeout=55s'])).not.toContain('error')
    expect(lines(await ok(['-n', 'demo', 'get', 'pods', '-l', 'app=web', '-o', 'name']))).toEqual([])
    expect(lines(await ok(['-n', 'demo', 'get', 'rs', '-l', 'app=web', '-o', 'name']))).toEqual([])
  }, 90_000)

  for (const bin of OTHERS) {
    it(`${bin.split('/').pop()}: create deployment and rollout status`, async () => {
      const name = `v${bin.replace(/\D/g, '').slice(-3)}`
      await ok(['-n', 'demo', 'create', 'deployment', name, '--image=nginx', '--replicas=2'], bin)
      expect(await ok(['-n', 'demo', 'rollout', 'status', `deployment/${name}`, '--timeout=45s'], bin)).toContain('successfully rolled out')
    }, 60_000)
  }
})
