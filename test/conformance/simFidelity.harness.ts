/**
 * Shared harness of the simulator-fidelity conformance suites (`simFidelity.*.test.ts`, issue 14):
 * a simulator with a kubeconfig on disk, and the clients no one here wrote that judge it — real
 * kubectl (the oldest, 1.27, and the newest, 1.33, present) and the Debian-packaged official
 * Python client (`python3-kubernetes`, scripts in `python/`).
 *
 * Why: every class of issue 14 is tested with an independent client, so the expected values come
 * from Kubernetes' own client code, never from the simulator. Each suite starts its own simulator
 * on port 0 and stops it; every client run is bounded.
 * Lifecycle: `useSim()` inside a describe block starts the sim in beforeAll and stops it (and
 * removes the temp dir) in afterAll.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim, SimOptions } from '@periscope/kube-sim'

const SDK = '/usr/lib/google-cloud-sdk/bin'

/** The kubectl versions every class is judged with; `bin` is undefined where that kubectl is absent. */
export const KUBECTLS = [
  { label: 'kubectl 1.27', bin: [`${SDK}/kubectl.1.27`].find((p) => existsSync(p)) },
  { label: 'kubectl 1.33', bin: [`${SDK}/kubectl.1.33`, '/usr/bin/kubectl'].find((p) => existsSync(p)) }
] as const

/** The newest kubectl present (the one that sends protobuf). */
export const KUBECTL_NEW = KUBECTLS[1].bin
export const KUBECTL_OLD = KUBECTLS[0].bin

/** The Debian python with the packaged client (pyenv shims on PATH may not see dist-packages). */
const PYTHON = '/usr/bin/python3'

/** Why the Python tests are skipped here, or undefined when the client is installed. */
export const PYTHON_MISSING: string | undefined = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import kubernetes'], { stdio: 'ignore', timeout: 20_000 })
    return undefined
  } catch {
    return 'the official Python client is not installed (apt-get install python3-kubernetes; CI installs it in scripts/ci-apt.sh)'
  }
})()
if (PYTHON_MISSING) console.warn(`simFidelity: skipping Python client tests: ${PYTHON_MISSING}`)

/** Generous bound of one client command on a loaded 2-core machine. */
export const RUN_TIMEOUT_MS = 30_000

export interface Run {
  code: number
  out: string
  err: string
}

export interface SimHandle {
  sim: Sim
  dir: string
  kubeconfig: string
  /** Write a file into the suite's temp dir. @returns its path. */
  file(name: string, text: string): string
  /** Run kubectl `bin` against the sim with a fresh-per-suite cache dir. */
  kubectl(bin: string, ...args: string[]): Promise<Run>
  /** Run `python/<script>` with the sim's kubeconfig; `args` follow the script name. */
  python(script: string, ...args: string[]): Promise<Run>
}

function run(bin: string, args: string[], env?: NodeJS.ProcessEnv, timeout = RUN_TIMEOUT_MS): Promise<Run> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout, env, maxBuffer: 64 * 1024 * 1024 }, (err, out, e) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: String(out), err: String(e) })
    })
  })
}

/** Start a simulator for the enclosing describe block. */
export function useSim(opts: SimOptions = {}): SimHandle {
  const h = {} as SimHandle
  beforeAll(async () => {
    h.sim = await startSim({ pods: 200, ...opts })
    h.dir = mkdtempSync(join(tmpdir(), 'periscope-sim-fidelity-'))
    h.kubeconfig = join(h.dir, 'kubeconfig.yaml')
    writeFileSync(h.kubeconfig, h.sim.kubeconfig(), { mode: 0o600 })
    const caches = new Map<string, string>()
    h.file = (name, text) => {
      const p = join(h.dir, name)
      writeFileSync(p, text)
      return p
    }
    h.kubectl = (bin, ...args) => {
      let cache = caches.get(bin)
      if (!cache) caches.set(bin, (cache = mkdtempSync(join(h.dir, 'cache-'))))
      return run(bin, ['--kubeconfig', h.kubeconfig, '--cache-dir', cache, ...args])
    }
    h.python = (script, ...args) =>
      run(PYTHON, [join(import.meta.dirname, 'python', script), ...args], { ...process.env, KUBECONFIG: h.kubeconfig, PYTHONDONTWRITEBYTECODE: '1' })
  })
  afterAll(async () => {
    await h.sim?.stop()
    if (h.dir) rmSync(h.dir, { recursive: true, force: true })
  })
  return h
}

/** Poll `probe` until it returns a value (not undefined) or `ms` pass. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms: number, everyMs = 250): Promise<T | undefined> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined || Date.now() >= end) return v
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** Parse kubectl's `-o json` output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(r: Run): any {
  try {
    return JSON.parse(r.out)
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.out.slice(0, 300)} ${r.err.slice(0, 500)}`)
  }
}
