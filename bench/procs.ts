/**
 * Child processes of the benchmark: spawn in their own process group, talk over IPC, kill the
 * whole group at the end (also on error).
 *
 * Why: the simulator (up to ~5 GB at 150k pods), the server under test, kubectl and Chromium must
 * not share the measuring process's heap or CPU accounting, and none of them may outlive a crashed
 * run. Lifecycle: `spawnChild` → `ready` (a stdout line or an IPC message) → `request` over IPC as
 * often as needed → `kill()` (SIGTERM to the group, SIGKILL after a grace period). `killAll()` is
 * the run's last `finally`.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess, SpawnOptions } from 'node:child_process'

/** A child that ignores SIGTERM this long gets SIGKILL (a stuck 150k-pod sim must not hang CI). */
const KILL_GRACE_MS = 5_000

/** One child process (group leader) of the run. */
export interface Child {
  readonly proc: ChildProcess
  readonly name: string
  /** Collected stderr (bounded), for error messages. */
  stderr(): string
  /** Send an IPC request and wait for the answer with the same id, at most `timeoutMs`. */
  request<T>(msg: Record<string, unknown>, timeoutMs?: number): Promise<T>
  /** Kill the process group; resolves when the leader has exited. */
  kill(): Promise<void>
}

const live = new Set<Child>()
/** Stderr kept per child: enough for the last error, never unbounded. */
const STDERR_KEEP = 16_000

/**
 * Spawn `cmd args` detached (its own process group) so `kill` reaches its children too.
 * @param ipc open an IPC channel (Node children only).
 */
export function spawnChild(name: string, cmd: string, args: readonly string[], opts: SpawnOptions & { ipc?: boolean } = {}): Child {
  const stdio: SpawnOptions['stdio'] = opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe']
  const proc = spawn(cmd, args, { ...opts, stdio, detached: true })
  let err = ''
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err = (err + d).slice(-STDERR_KEEP)
  })
  // A missing binary (kubectl, chromium) is an 'error' event, which must not crash the run.
  proc.on('error', (e) => {
    err += `\n${name}: ${e.message}`
  })
  let seq = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  proc.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
    const p = m.id === undefined ? undefined : pending.get(m.id)
    if (!p || m.id === undefined) return
    pending.delete(m.id)
    if (m.error !== undefined) p.reject(new Error(`${name}: ${m.error}`))
    else p.resolve(m.result)
  })
  proc.once('exit', (code, sig) => {
    for (const p of pending.values()) p.reject(new Error(`${name} exited (${code ?? sig}) during a request; stderr:\n${err.slice(-2000)}`))
    pending.clear()
  })
  let killed: Promise<void> | undefined
  const child: Child = {
    proc,
    name,
    stderr: () => err,
    request<T>(msg: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
      const id = ++seq
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`${name}: no answer to ${String(msg.cmd)} within ${timeoutMs} ms`))
        }, timeoutMs)
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(t)
            resolve(v as T)
          },
          reject: (e) => {
            clearTimeout(t)
            reject(e)
          }
        })
        proc.send?.({ ...msg, id })
      })
    },
    kill() {
      killed ??= new Promise<void>((resolve) => {
        live.delete(child)
        if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) {
          resolve()
          return
        }
        const pid = proc.pid
        const group = (sig: NodeJS.Signals): void => {
          try {
            process.kill(-pid, sig)
          } catch {
            /* already gone */
          }
        }
        const hard = setTimeout(() => group('SIGKILL'), KILL_GRACE_MS)
        proc.once('exit', () => {
          clearTimeout(hard)
          group('SIGKILL')
          resolve()
        })
        group('SIGTERM')
      })
      return killed
    }
  }
  live.add(child)
  return child
}

/**
 * Wait for a stdout line matching `re` (bounded by `timeoutMs`); rejects when the child exits.
 * @returns the match.
 */
export function waitForLine(child: Child, re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer): void => {
      out = (out + d.toString()).slice(-STDERR_KEEP)
      const m = out.match(re)
      if (m) {
        done()
        resolve(m)
      }
    }
    const onExit = (code: number | null): void => {
      done()
      reject(new Error(`${child.name} exited (${code}) before printing ${re}; stderr:\n${child.stderr().slice(-2000)}`))
    }
    const t = setTimeout(() => {
      done()
      reject(new Error(`${child.name}: no line matching ${re} within ${timeoutMs} ms; stderr:\n${child.stderr().slice(-2000)}`))
    }, timeoutMs)
    const done = (): void => {
      clearTimeout(t)
      child.proc.stdout?.off('data', onData)
      child.proc.off('exit', onExit)
    }
    child.proc.stdout?.on('data', onData)
    child.proc.once('exit', onExit)
  })
}

/** Kill every child still running (the run's `finally`). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((c) => c.kill()))
}
