/**
 * `npm run real-cluster` end to end, judged by real kubectl: the ready line, Ready fake nodes, a
 * Deployment whose pods really run (kwok plays kubelet), and no survivors after SIGTERM or SIGKILL
 * of the launcher (children die through PR_SET_PDEATHSIG, the reaper removes the temp dir) or after
 * the death of the launcher's parent.
 *
 * Lifecycle: each test starts its own launcher process (node realcluster/cli.ts) and ends it with
 * a signal; afterAll SIGKILLs any launcher a failed test left behind.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { binary, kubectl, pollUntil, processesMatching, runningReadyPods } from './helpers.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const NODE = process.execPath
/** Start (binary already built) to ready: ~10-25 s on the 2-core CI VM; bounded well above. */
const READY_TIMEOUT_MS = 120_000
/** 5 replicas Running 1/1: seconds in practice (kwok's fast stages). */
const PODS_TIMEOUT_MS = 90_000
/** Everything gone after a signal: the clean stop takes ~1-3 s; pdeathsig + reaper < 1 s. */
const GONE_TIMEOUT_MS = 30_000

type Launcher = ChildProcessByStdio<null, Readable, Readable>
const launchers = new Set<Launcher>()
let work = ''

// Made and removed in hooks (not at import), so a filtered run that skips every test leaks nothing.
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'periscope-realcluster-test-'))
})

afterAll(() => {
  for (const l of launchers) l.kill('SIGKILL')
  if (work) rmSync(work, { recursive: true, force: true })
})

interface Started {
  readonly launcher: Launcher
  readonly url: string
  readonly tempDir: string
  readonly stdout: () => string
  readonly exited: Promise<number | null>
}

/** Run the CLI (directly, or under `sh -c` as npm does) and wait for its ready line. */
async function launch(args: string[], viaShell = false): Promise<Started> {
  const cli = [NODE, join(ROOT, 'realcluster/cli.ts'), ...args]
  // `; true` keeps dash from exec'ing node, so the shell stays node's parent, as under `npm run`.
  const launcher = viaShell
    ? spawn('/bin/sh', ['-c', `${cli.map((a) => `'${a}'`).join(' ')}; true`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(cli[0], cli.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  launchers.add(launcher)
  let stdout = ''
  let stderr = ''
  launcher.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  launcher.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<number | null>((r) => launcher.once('exit', (code) => r(code)))
  const ready = await pollUntil(
    async () => /^real cluster ready on (https:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout),
    (m) => m !== null || launcher.exitCode !== null,
    READY_TIMEOUT_MS,
    200
  )
  if (!ready) throw new Error(`no ready line (exit ${launcher.exitCode}); stdout:\n${stdout}\nstderr:\n${stderr}`)
  const tempDir = /real cluster temp dir: (\S+)/.exec(stderr)?.[1]
  if (!tempDir) throw new Error(`no temp dir on stderr:\n${stderr}`)
  return { launcher, url: ready[1], tempDir, stdout: () => stdout, exited }
}

/** True while `pid` is a live (non-zombie) process. */
function alive(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== ''
  } catch {
    return false
  }
}

/**
 * Processes that belong to one cluster: every component's command line names a file in its temp
 * dir (the binary path alone would also match other clusters running on this machine).
 */
function survivors(tempDir: string): string[] {
  return processesMatching([tempDir])
}

describe.skipIf(!binary)('npm run real-cluster', () => {
  it('serves kubectl: 2 Ready nodes, a 5-replica Deployment Running 1/1; SIGTERM leaves nothing behind', async () => {
    const kc = join(work, 'kc-term')
    const c = await launch(['--nodes', '2', '--write-kubeconfig', kc])
    expect(c.stdout()).toContain(`real cluster kubeconfig written to ${kc}`)
    expect(existsSync(c.tempDir)).toBe(true)

    const nodes = await kubectl(kc, ['get', 'nodes', '--no-headers'])
    expect(nodes.code, nodes.stderr).toBe(0)
    const lines = nodes.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    for (const l of lines) expect(l.split(/\s+/)[1]).toBe('Ready')

    const ctx = await kubectl(kc, ['config', 'current-context'])
    expect(ctx.stdout.trim()).toBe('real-admin')

    const created = await kubectl(kc, ['create', 'deployment', 'web', '--image=nginx', '--replicas=5'])
    expect(created.code, created.stderr).toBe(0)
    const json = await pollUntil(
      async () => (await kubectl(kc, ['get', 'pods', '-o', 'json'])).stdout,
      (s) => s !== '' && runningReadyPods(s) === 5,
      PODS_TIMEOUT_MS
    )
    expect(runningReadyPods(json)).toBe(5)
    const table = await kubectl(kc, ['get', 'pods', '--no-headers'])
    const rows = table.stdout.trim().split('\n')
    expect(rows).toHaveLength(5)
    for (const r of rows) expect(r.split(/\s+/).slice(1, 3)).toEqual(['1/1', 'Running'])

    expect(survivors(c.tempDir)).toHaveLength(6) // 5 components + the reaper
    c.launcher.kill('SIGTERM')
    expect(await c.exited).toBe(0)
    const left = await pollUntil(
      async () => survivors(c.tempDir),
      (s) => s.length === 0,
      GONE_TIMEOUT_MS,
      200
    )
    expect(left).toEqual([])
    expect(existsSync(c.tempDir)).toBe(false)
  })

  it('SIGKILL of the launcher: every component dies with it and the temp dir is removed', async () => {
    const c = await launch(['--nodes', '1'])
    const before = survivors(c.tempDir)
    // etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, reaper
    expect(before.length).toBe(6)
    c.launcher.kill('SIGKILL')
    await c.exited
    const left = await pollUntil(
      async () => survivors(c.tempDir),
      (s) => s.length === 0,
      GONE_TIMEOUT_MS,
      200
    )
    expect(left).toEqual([])
    const dirGone = await pollUntil(
      async () => !existsSync(c.tempDir),
      (g) => g,
      GONE_TIMEOUT_MS,
      200
    )
    expect(dirGone).toBe(true)
  })

  it('the launcher stops cleanly when its parent dies (npm signals its `sh -c`, which does not pass it on)', async () => {
    const c = await launch(['--nodes', '1'], true)
    const shell = c.launcher.pid as number
    const cliPid = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim()
    expect(cliPid).toMatch(/^\d+$/)
    expect(survivors(c.tempDir)).toHaveLength(6)
    c.launcher.kill('SIGKILL') // the shell; node cli.ts is reparented and must notice
    const left = await pollUntil(
      async () => [...survivors(c.tempDir), ...(alive(cliPid) ? [`cli ${cliPid}`] : [])],
      (s) => s.length === 0,
      GONE_TIMEOUT_MS,
      200
    )
    expect(left).toEqual([])
    expect(existsSync(c.tempDir)).toBe(false)
  })
})

describe('npm run real-cluster arguments', () => {
  it('rejects bad arguments with exit 2 and a usage line', async () => {
    const bad = spawn(NODE, [join(ROOT, 'realcluster/cli.ts'), '--nodes', 'many'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    bad.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const code = await new Promise<number | null>((r) => bad.once('exit', (c) => r(c)))
    expect(code).toBe(2)
    expect(stderr).toContain('--nodes must be an integer')
    expect(stderr).toContain('usage: npm run real-cluster')
  })
})
