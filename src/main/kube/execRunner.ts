/**
 * Run one exec credential plugin the way client-go does, with bounds client-go lacks.
 *
 * Why: a plugin is any program a kubeconfig names. client-go runs it with the process's
 * environment plus the plugin's `env` plus KUBERNETES_EXEC_INFO, stdin closed when not
 * interactive, and reads its stdout whole. A plugin that floods stdout, ignores SIGTERM, forks a
 * child that keeps the pipes open, or prints secrets on stderr must not crash, hang or leak
 * through the app. So: our own variables (PERISCOPE_*: the launch token) are removed from its
 * environment; stdout and stderr are capped; it runs in its own process group (POSIX) and gets
 * SIGTERM at the deadline, SIGKILL of the whole group a grace period later, and the result is
 * settled even if some grandchild still holds a pipe; the reason shown is stderr's first line,
 * redacted and truncated; a hung plugin is reported as hung.
 * Lifecycle: one `runExecPlugin` call = one process, always reaped or killed before it settles.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { UpstreamError } from './errors.ts'
import { formatBytes } from '../files/regularFile.ts'
import { formatMs } from './limits.ts'
import { shortReason } from './redact.ts'

/** The `exec` stanza of a kubeconfig user, as parsed. */
export interface ExecSpec {
  readonly command: string
  readonly args: readonly string[]
  readonly env: readonly { readonly name: string; readonly value: string }[]
  readonly apiVersion: string
  readonly installHint?: string
  readonly provideClusterInfo?: boolean
}

/** The cluster facts a plugin may be given (`provideClusterInfo`) and that key the cache. */
export interface ExecClusterInfo {
  readonly name: string
  readonly server: string
  readonly caData?: string
  readonly skipTLSVerify?: boolean
  readonly tlsServerName?: string
  readonly proxyUrl?: string
}

/** A plugin must answer within this (an `aws eks get-token` takes ~1 s; an SSO prompt never ends). */
export const EXEC_TIMEOUT_MS = 30_000
/** Time between SIGTERM and SIGKILL of the plugin's process group. */
export const EXEC_KILL_GRACE_MS = 3_000
/** An ExecCredential is a few KB (a client certificate and key included); more is not one. */
export const MAX_EXEC_STDOUT = 1024 * 1024
/** Only stderr's first line is shown; this much is kept to find it. */
export const MAX_EXEC_STDERR = 64 * 1024
/** After the process exits, its pipes get this long to close (a grandchild may hold them). */
const PIPE_DRAIN_MS = 1_000
/** Our own variables: never handed to a plugin (the launch token is one). */
const OWN_ENV_PREFIX = 'PERISCOPE_'

export interface ExecLimits {
  readonly timeoutMs: number
  readonly killGraceMs: number
  readonly maxStdout: number
  readonly maxStderr: number
}

export const DEFAULT_EXEC_LIMITS: ExecLimits = {
  timeoutMs: EXEC_TIMEOUT_MS,
  killGraceMs: EXEC_KILL_GRACE_MS,
  maxStdout: MAX_EXEC_STDOUT,
  maxStderr: MAX_EXEC_STDERR
}

/** `aws` for `/usr/local/bin/aws`: what the user recognises in a message. */
export function pluginName(command: string): string {
  return path.basename(command)
}

/** The KUBERNETES_EXEC_INFO document client-go passes (cluster only with provideClusterInfo). */
export function execInfo(spec: ExecSpec, cluster: ExecClusterInfo): string {
  const info: Record<string, unknown> = { apiVersion: spec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } }
  if (spec.provideClusterInfo) {
    ;(info.spec as Record<string, unknown>).cluster = {
      server: cluster.server,
      ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
      ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
      ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {})
    }
  }
  return JSON.stringify(info)
}

/** The plugin's environment: ours minus PERISCOPE_*, plus its `env`, plus KUBERNETES_EXEC_INFO. */
export function pluginEnv(base: NodeJS.ProcessEnv, spec: ExecSpec, cluster: ExecClusterInfo): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(base)) if (!k.toUpperCase().startsWith(OWN_ENV_PREFIX)) env[k] = v
  for (const { name, value } of spec.env) env[name] = value
  env.KUBERNETES_EXEC_INFO = execInfo(spec, cluster)
  return env
}

/**
 * Run the plugin and resolve with its stdout (exit status 0), or reject with an UpstreamError
 * of kind 'exec' whose message names the plugin and never contains stdout.
 */
export function runExecPlugin(spec: ExecSpec, cluster: ExecClusterInfo, limits: ExecLimits = DEFAULT_EXEC_LIMITS): Promise<string> {
  const name = pluginName(spec.command)
  const fail = (detail: string): UpstreamError => new UpstreamError('exec', `exec plugin \`${name}\` failed: ${detail}`)
  const posix = process.platform !== 'win32'
  return new Promise((resolve, reject) => {
    let child
    try {
      child = spawn(spec.command, [...spec.args], {
        env: pluginEnv(process.env, spec, cluster),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: posix,
        windowsHide: true
      })
    } catch (err) {
      reject(fail((err as Error).message))
      return
    }
    const out: Buffer[] = []
    let outBytes = 0
    let err = ''
    let errBytes = 0
    let spawnError: NodeJS.ErrnoException | undefined
    let stoppedFor: 'timeout' | 'output' | undefined
    let settled = false
    const timers: NodeJS.Timeout[] = []

    const signalGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return
      try {
        if (posix) process.kill(-child.pid, sig)
        else child.kill(sig)
      } catch {
        /* already gone */
      }
    }
    /** SIGTERM now, SIGKILL of the group after the grace, and settle even if a pipe stays open. */
    const stop = (why: 'timeout' | 'output'): void => {
      if (stoppedFor) return
      stoppedFor = why
      signalGroup('SIGTERM')
      timers.push(
        setTimeout(() => {
          signalGroup('SIGKILL')
          timers.push(setTimeout(() => finish(undefined, null), PIPE_DRAIN_MS))
        }, limits.killGraceMs)
      )
    }
    const finish = (code: number | null | undefined, signal: NodeJS.Signals | null): void => {
      if (settled) return
      settled = true
      for (const t of timers) clearTimeout(t)
      child.stdout?.destroy()
      child.stderr?.destroy()
      if (stoppedFor) signalGroup('SIGKILL') // stragglers of the group
      if (spawnError) {
        const hint = spec.installHint ? ` (${shortReason(spec.installHint.trim().split('\n')[0])})` : ''
        reject(spawnError.code === 'ENOENT' ? fail(`executable not found${hint}`) : fail(shortReason(spawnError.message)))
        return
      }
      if (stoppedFor === 'timeout') {
        reject(
          new UpstreamError(
            'exec',
            `exec plugin \`${name}\` did not answer within ${formatMs(limits.timeoutMs)}; it was stopped (is it waiting for input or a login?)`
          )
        )
        return
      }
      if (stoppedFor === 'output') {
        reject(fail(`its output exceeded ${formatBytes(limits.maxStdout)}, more than any ExecCredential; it was stopped`))
        return
      }
      const firstErr = err
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '')
      const reason = firstErr ? `: ${shortReason(firstErr)}` : ''
      if (signal) {
        reject(fail(`killed by ${signal}${reason}`))
        return
      }
      if (code !== 0) {
        reject(fail(`exit status ${code ?? 'unknown'}${reason}`))
        return
      }
      resolve(Buffer.concat(out, outBytes).toString('utf8'))
    }

    timers.push(setTimeout(() => stop('timeout'), limits.timeoutMs))
    child.stdout?.on('data', (d: Buffer) => {
      if (stoppedFor) return
      outBytes += d.length
      if (outBytes > limits.maxStdout) {
        out.length = 0
        stop('output')
        return
      }
      out.push(d)
    })
    child.stderr?.on('data', (d: Buffer) => {
      if (errBytes >= limits.maxStderr) return
      const take = d.subarray(0, limits.maxStderr - errBytes)
      errBytes += take.length
      err += take.toString('utf8')
    })
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e
      if (child.pid === undefined) finish(undefined, null)
    })
    child.on('close', (code, signal) => finish(code, signal))
    // A grandchild holding our pipes delays 'close' forever: settle a moment after the exit.
    child.on('exit', (code, signal) => {
      timers.push(setTimeout(() => finish(code, signal), PIPE_DRAIN_MS))
    })
  })
}
