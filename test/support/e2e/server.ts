/**
 * Starts a real headless Periscope (`node src/main/cli/serve.ts`) or the simulated apiserver
 * alone (`packages/kube-sim/src/cli.ts`) for one spec, reads its ready lines from stdout, and kills it.
 *
 * Why: every e2e spec must own its server (fresh settings file, its own env such as the cap),
 * and a spec that fails must never leave a server running.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')
/** A server that is not ready by then is broken, not slow (it is ready in ~1–3 s on 2 cores). */
const READY_TIMEOUT_MS = 30_000

export interface Started {
  /** The sign-in URL `http(s)://127.0.0.1:<port>/?token=…`. */
  readonly signIn: string
  readonly origin: string
  readonly token: string
  /** Collected stderr, for failure messages. */
  readonly stderr: () => string
  stop(): Promise<void>
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`, ...extra }
  delete env.PERISCOPE_WATCH_STREAMS
  delete env.PERISCOPE_WATCH_PER_USER_LIMIT
  for (const [k, v] of Object.entries(extra)) env[k] = v
  return env
}

/** Wait for a stdout line matching `re`; rejects on exit or timeout. */
function waitForLine(child: ChildProcess, re: RegExp, err: () => string): Promise<RegExpMatchArray> {
  return new Promise((res, rej) => {
    let out = ''
    const timer = setTimeout(() => rej(new Error(`no line matching ${re} within ${READY_TIMEOUT_MS} ms; stderr:\n${err()}`)), READY_TIMEOUT_MS)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = out.match(re)
      if (m) {
        clearTimeout(timer)
        res(m)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`process exited with ${code} before it was ready; stderr:\n${err()}`))
    })
  })
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return () =>
    new Promise((res) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        cleanup()
        res()
        return
      }
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000)
      child.once('exit', () => {
        clearTimeout(kill)
        cleanup()
        res()
      })
      child.kill('SIGTERM')
    })
}

/**
 * Start `serve` with a fresh settings file.
 * @param args e.g. `['--demo']`, `['--demo', '--tls']`, `['--kubeconfig', 'a:b']`.
 * @param env extra environment (e.g. `PERISCOPE_WATCH_PER_USER_LIMIT`).
 */
export async function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-'))
  const child = spawn(process.execPath, ['src/main/cli/serve.ts', ...args, '--port', '0', '--settings', join(dir, 'settings.json')], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const stop = stopper(child, () => rmSync(dir, { recursive: true, force: true }))
  try {
    const m = await waitForLine(child, /(https?:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/, () => stderr)
    return { signIn: m[0], origin: m[1], token: decodeURIComponent(m[2]), stderr: () => stderr, stop }
  } catch (e) {
    await stop()
    throw e
  }
}

/**
 * Start the simulated apiserver alone, writing a kubeconfig for it.
 * @param args extra sim flags, e.g. `['--user', 'viewer', '--deny', 'pods']` (a restricted user),
 *   `['--demo-users']` (the kubeconfig gets the dev-team-a and viewer contexts),
 *   `['--pods', '2000', '--churn', '200']` (a bigger, busier cluster: a repeated flag's last value wins).
 */
export async function startSim(kubeconfigPath: string, args: readonly string[] = []): Promise<{ url: string; stop(): Promise<void> }> {
  // The demo users (more contexts, team-a/team-b) only when a spec asks for them.
  const demoUsers = args.includes('--demo-users') ? [] : ['--no-demo-users']
  const simArgs = args.filter((a) => a !== '--demo-users')
  const child = spawn(
    process.execPath,
    ['packages/kube-sim/src/cli.ts', '--port', '0', '--write-kubeconfig', kubeconfigPath, '--churn', '2', ...demoUsers, ...simArgs],
    {
      cwd: ROOT,
      env: childEnv({}),
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const stop = stopper(child, () => undefined)
  try {
    const m = await waitForLine(child, /sim listening on (https:\/\/127\.0\.0\.1:\d+)/, () => stderr)
    return { url: m[1], stop }
  } catch (e) {
    await stop()
    throw e
  }
}
