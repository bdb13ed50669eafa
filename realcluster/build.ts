/**
 * ensureRealClusterBinary(): makes sure the periscope-k8s control plane binary is built (cached)
 * and says where it is, or says plainly why the real cluster cannot run here.
 *
 * Why: test suites and `npm run real-cluster` share one decision. On a developer machine without
 * Go (or without the module proxy) the real-cluster suites skip with one line; with CI=true the
 * same situation FAILS, because CI must never silently skip them.
 * Lifecycle: each call runs build.sh, which is a stamp check (milliseconds) once the binary for
 * this go.mod/go.sum/sources exists; the first call builds it (minutes, logged in the cache folder).
 */
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type BinaryResult = { readonly status: 'ready'; readonly binary: string } | { readonly status: 'skipped'; readonly reason: string }

export interface EnsureOptions {
  /** Environment for the build (default process.env); PATH decides which `go` is used. */
  readonly env?: NodeJS.ProcessEnv
  /** Receives build.sh's progress lines ("real-cluster: building ..."). */
  readonly onLine?: (line: string) => void
  /** Aborting stops a build in progress (its whole process group) and rejects. */
  readonly signal?: AbortSignal
}

/** build.sh sits next to this file. */
const BUILD_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'build.sh')
/** build.sh's exit codes (documented there). */
const EXIT_NO_GO = 3
const EXIT_FETCH_FAILED = 4
/** bash is invoked by absolute path so a PATH without Go (the skip test) still finds it. */
const BASH = '/bin/bash'

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1'
}

/**
 * Build (or find cached) the binary.
 * @returns ready with the path, or skipped with a one-line reason (only when CI is not set).
 * @throws Error with build.sh's one-line explanation on any failure (and, in CI, on a skip reason).
 */
export async function ensureRealClusterBinary(opts: EnsureOptions = {}): Promise<BinaryResult> {
  const env = opts.env ?? process.env
  const { code, stdout, lines } = await runBuild(env, opts.onLine, opts.signal)
  opts.signal?.throwIfAborted()
  const binary = stdout.trim().split('\n').pop() ?? ''
  if (code === 0 && binary.startsWith('/')) return { status: 'ready', binary }
  // build.sh's last "real-cluster: ..." line is the one-line explanation.
  const last = [...lines].reverse().find((l) => l.startsWith('real-cluster: ')) ?? `real-cluster: build.sh exited with ${code}`
  const reason = last.replace(/^real-cluster: /, '')
  if ((code === EXIT_NO_GO || code === EXIT_FETCH_FAILED) && !isCi(env)) {
    return { status: 'skipped', reason: reason.startsWith('skipped: ') ? reason : `skipped: ${reason}` }
  }
  throw new Error(isCi(env) && (code === EXIT_NO_GO || code === EXIT_FETCH_FAILED) ? `${last} (CI=true: a failure, not a skip)` : last)
}

function runBuild(env: NodeJS.ProcessEnv, onLine?: (line: string) => void, signal?: AbortSignal): Promise<{ code: number; stdout: string; lines: string[] }> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    // Own process group, so an abort can stop bash, go and every compiler it started at once.
    const child = spawn(BASH, [BUILD_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const onAbort = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    let stdout = ''
    let pending = ''
    const lines: string[] = []
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      pending += d
      const parts = pending.split('\n')
      pending = parts.pop() ?? ''
      for (const l of parts) {
        lines.push(l)
        onLine?.(l)
      }
    })
    child.once('error', reject)
    child.once('close', (code) => {
      signal?.removeEventListener('abort', onAbort)
      if (pending) {
        lines.push(pending)
        onLine?.(pending)
      }
      resolve({ code: code ?? 1, stdout, lines })
    })
  })
}
