/**
 * One control plane process: spawned from the multi-call binary with its output in a log file,
 * stopped with SIGTERM and, after a grace period, SIGKILL.
 *
 * Why: the launcher must never leave a process behind. Children run in their own process group
 * (detached), so a terminal's Ctrl-C reaches only the launcher, which then stops them in order
 * (clients first, etcd last) instead of all dying at once. If the launcher dies without a chance
 * to clean up (SIGKILL), PERISCOPE_PARENT_PID makes each child arm PR_SET_PDEATHSIG (see
 * parentdeath_linux.go) and the kernel kills it.
 * Lifecycle: startProcess -> (running) -> stop(); `exited` settles once, whoever ended it.
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'

export interface ProcSpec {
  readonly name: string
  readonly binary: string
  /** argv after the component name. */
  readonly args: readonly string[]
  readonly logFile: string
  readonly env?: Readonly<Record<string, string>>
}

export interface Proc {
  readonly name: string
  readonly pid: number
  readonly logFile: string
  /** Exit code (or the killing signal's name); settles once. */
  readonly exited: Promise<number | string>
  /** True once the process has exited. */
  isRunning(): boolean
  /** SIGTERM, then SIGKILL after graceMs (0: SIGKILL at once); resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>
  /** SIGKILL now, synchronously (for process 'exit' hooks). */
  killNow(): void
}

/** A component that ignores SIGTERM this long is killed: every component here stops in < 2 s. */
const DEFAULT_GRACE_MS = 10_000

export function startProcess(spec: ProcSpec): Proc {
  const fd = openSync(spec.logFile, 'a', 0o600)
  let child
  try {
    child = spawn(spec.binary, [spec.name, ...spec.args], {
      stdio: ['ignore', fd, fd],
      detached: true,
      env: {
        ...process.env,
        ...spec.env,
        PERISCOPE_PARENT_PID: String(process.pid)
      }
    })
  } finally {
    closeSync(fd)
  }
  let running = true
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false
      resolve(code ?? signal ?? 'unknown')
    })
    child.once('error', (err) => {
      running = false
      resolve(`spawn failed: ${err.message}`)
    })
  })
  const pid = child.pid ?? -1
  const signal = (sig: NodeJS.Signals): void => {
    if (!running) return
    try {
      child.kill(sig)
    } catch {
      // already gone
    }
  }
  return {
    name: spec.name,
    pid,
    logFile: spec.logFile,
    exited,
    isRunning: () => running,
    killNow: () => signal('SIGKILL'),
    async stop(graceMs = DEFAULT_GRACE_MS) {
      if (!running) return
      signal(graceMs <= 0 ? 'SIGKILL' : 'SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs)
      })
      if ((await Promise.race([exited, timedOut])) === 'timeout') signal('SIGKILL')
      clearTimeout(timer)
      await exited
    }
  }
}

/** The last `lines` lines of a log file, for error messages ('' when unreadable). */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}
