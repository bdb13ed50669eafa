/**
 * Spawn `npm run serve -- …` for tests, read its stdout line by line with a bounded wait, and
 * stop it by its own process-group id.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

export interface ServeProcess {
  readonly child: ChildProcess
  stdout(): string
  stderr(): string
  /** Wait until stdout matches `re` (at most `ms`), or the process exits. */
  waitForStdout(re: RegExp, ms: number): Promise<RegExpMatchArray>
  /**
   * Resolves with the exit code, or the signal name when killed by a signal, once every process
   * holding its stdio (npm and serve itself) has exited.
   */
  readonly exited: Promise<number | string>
  /** SIGTERM the process group; resolves once it has exited (SIGKILL after `ms`). */
  stop(ms?: number): Promise<number | string>
}

/** Env without the PERISCOPE_* vars of the caller, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PERISCOPE_')) env[k] = v
  return { ...env, ...extra }
}

/** Start `npm run --silent serve -- ...args` in its own process group. */
export function spawnServe(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ServeProcess {
  const child = spawn('npm', ['run', '--silent', 'serve', '--', ...args], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  const listeners = new Set<() => void>()
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    out += c
    for (const l of [...listeners]) l()
  })
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    err += c
  })
  const exited = new Promise<number | string>((resolve) =>
    child.once('close', (code, signal) => {
      resolve(code ?? signal ?? 'unknown')
      for (const l of [...listeners]) l()
    })
  )
  let done = false
  void exited.then(() => {
    done = true
  })
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    waitForStdout(re, ms) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = out.match(re)
          if (m) {
            finish()
            resolve(m)
          } else if (done) {
            finish()
            reject(new Error(`serve exited before printing ${re}; stderr: ${err}`))
          }
        }
        const t = setTimeout(() => {
          finish()
          reject(new Error(`serve did not print ${re} within ${ms} ms; stdout: ${out}; stderr: ${err}`))
        }, ms)
        const finish = (): void => {
          clearTimeout(t)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
    async stop(ms = 8000) {
      if (!done && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          /* already gone */
        }
        const t = setTimeout(() => {
          if (!done && child.pid !== undefined) {
            try {
              process.kill(-child.pid, 'SIGKILL')
            } catch {
              /* gone */
            }
          }
        }, ms)
        await exited
        clearTimeout(t)
      }
      return exited
    }
  }
}
