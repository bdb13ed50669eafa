/**
 * The hostile suites' handle on the app process (appProcess.ts): start it, read its RSS and peak
 * RSS from /proc, ask it to GC, check it still serves the demo cluster, stop it.
 *
 * Why: each case must prove the app survived (a real request for the demo cluster's rows
 * succeeds), how much memory it took while attacked (peak RSS: VmHWM, reset before the case via
 * /proc/<pid>/clear_refs) and that it gave the memory back (RSS after the case, after a GC).
 * Lifecycle: `startApp()` → cases (`measure()` around each) → `stop()`; a crash rejects the
 * next call with the app's stderr.
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import type { AppConfig } from './appProcess.ts'

const MiB = 1024 * 1024
/** Starting the app (settings, kubeconfig, engine, server) takes ~1 s; 10,000 contexts ~3 s. */
const START_TIMEOUT_MS = 30_000

export interface App {
  readonly origin: string
  readonly port: number
  readonly pid: number
  readonly child: ChildProcess
  stderr(): string
  /** True while the process runs. */
  alive(): boolean
  /** RSS now, in bytes (from /proc). */
  rss(): number
  /** Peak RSS since the last `resetPeak()`, in bytes. */
  peak(): number
  resetPeak(): void
  ask<T>(cmd: string, extra?: Record<string, unknown>): Promise<T>
  /** GET a path with the token; status, headers and body text. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>
  stop(): Promise<void>
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : 0
}

/** Start the app with `cfg` (written to `dir`), and `env` on top of the caller's (minus PERISCOPE_*). */
export async function startApp(dir: string, cfg: AppConfig, env: Record<string, string> = {}): Promise<App> {
  const cfgFile = join(dir, `app-${Date.now()}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(cfgFile, JSON.stringify(cfg))
  const clean: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PERISCOPE_')) clean[k] = v
  const child = fork(join(import.meta.dirname, 'appProcess.ts'), [cfgFile], {
    execArgv: ['--expose-gc', '--disable-warning=ExperimentalWarning'],
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  let out = ''
  let err = ''
  let exited = false
  child.on('exit', () => {
    exited = true
  })
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    err += c
    if (err.length > 1_000_000) err = err.slice(-500_000)
  })
  const ready = await new Promise<{ origin: string; port: number; pid: number }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the app did not start within ${START_TIMEOUT_MS} ms; stderr:\n${err}`)), START_TIMEOUT_MS)
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const m = /^READY (.+)$/m.exec(out)
      if (m) {
        clearTimeout(t)
        resolve(JSON.parse(m[1]) as { origin: string; port: number; pid: number })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(t)
      reject(new Error(`the app exited (${code}) while starting; stderr:\n${err}`))
    })
  })
  let nextId = 1
  const pending = new Map<number, (v: unknown) => void>()
  child.on('message', (m: { reply?: number; value?: unknown }) => {
    if (m.reply !== undefined) {
      pending.get(m.reply)?.(m.value)
      pending.delete(m.reply)
    }
  })
  const tls = ready.origin.startsWith('https:')
  const alive = (): boolean => !exited
  const fail = (what: string): Error => new Error(`${what}: the app is gone (exit) ; stderr:\n${err.slice(-4000)}`)
  return {
    ...ready,
    child,
    stderr: () => err,
    alive,
    rss: () => {
      if (!alive()) throw fail('rss')
      return status(ready.pid, 'VmRSS')
    },
    peak: () => {
      if (!alive()) throw fail('peak')
      return status(ready.pid, 'VmHWM')
    },
    resetPeak: () => {
      if (alive()) writeFileSync(`/proc/${ready.pid}/clear_refs`, '5')
    },
    ask<T>(cmd: string, extra: Record<string, unknown> = {}): Promise<T> {
      if (!alive()) return Promise.reject(fail(cmd))
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`no answer to ${cmd}`))
        }, 15_000)
        pending.set(id, (v) => {
          clearTimeout(t)
          resolve(v as T)
        })
        child.send({ id, cmd, ...extra })
      })
    },
    get(path, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = (tls ? httpsRequest : httpRequest)(
          `${ready.origin}${path}`,
          {
            agent: false,
            rejectUnauthorized: false,
            headers: { Authorization: `Bearer ${cfg.token}`, ...headers }
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (c: string) => {
              if (text.length < 64 * MiB) text += c
            })
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
            res.on('error', reject)
          }
        )
        req.setTimeout(20_000, () => req.destroy(new Error(`GET ${path}: no answer within 20 s`)))
        req.on('error', reject)
        req.end()
      })
    },
    async stop() {
      if (exited) return
      const gone = new Promise<void>((r) => child.once('exit', () => r()))
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 8_000)
      await gone
      clearTimeout(t)
    }
  }
}

/** One line of the closing note's table. */
export interface CaseFigures {
  readonly suite: string
  readonly name: string
  /** The bound that held, in words. */
  readonly bound: string
  /** NaN when there was no before (the case is the startup). */
  readonly before: number
  readonly during: number
  readonly after: number
  /** The RSS bound the case asserts after it. */
  readonly afterBound: number
  readonly seconds: number
}

const rows: CaseFigures[] = []

/** Record one case: printed now (one line) and in the suite's table at the end. */
export function record(f: CaseFigures): void {
  rows.push(f)
  const mb = (n: number): string => (Number.isNaN(n) ? '—' : `${(n / MiB).toFixed(0)} MB`)
  console.log(
    `HOSTILE\t${f.suite}\t${f.name}\tbound: ${f.bound}\tRSS before ${mb(f.before)}, during (peak) ${mb(f.during)}, after ${mb(f.after)} (≤ ${mb(f.afterBound)})\t${f.seconds.toFixed(1)} s`
  )
}

/** The suite's table (Markdown), for the report. */
export function table(suite: string): string {
  const mb = (n: number): string => (Number.isNaN(n) ? '—' : `${(n / MiB).toFixed(0)} MB`)
  const lines = ['| case | bound | RSS before | during (peak) | after | after ≤ | s |', '|---|---|---|---|---|---|---|']
  for (const f of rows.filter((r) => r.suite === suite))
    lines.push(`| ${f.name} | ${f.bound} | ${mb(f.before)} | ${mb(f.during)} | ${mb(f.after)} | ${mb(f.afterBound)} | ${f.seconds.toFixed(1)} |`)
  return lines.join('\n')
}

/** How long a case's memory may take to be given back after it (sockets closing, buffers dropped). */
const GIVE_BACK_MS = 5_000
const GIVE_BACK_STEP_MS = 800

/**
 * Run one case on `app`: RSS before (after a GC), peak during, after (after a GC); then `check`
 * (the survival checks) and the RSS bound. Records the figures.
 */
export async function measure(
  app: App,
  suite: string,
  name: string,
  bound: string,
  afterBound: () => number,
  run: () => Promise<void>,
  check: () => Promise<void>
): Promise<CaseFigures> {
  await app.ask('gc')
  const before = app.rss()
  app.resetPeak()
  const t0 = Date.now()
  await run()
  const during = app.peak()
  const seconds = (Date.now() - t0) / 1000
  if (!app.alive()) throw new Error(`the app died during "${name}"; stderr:\n${app.stderr().slice(-4000)}`)
  await check()
  // Closed sockets and their buffers are let go asynchronously (a TLS close, the stream's budget
  // accounting), so the memory is given back over a moment: read it after a GC, again each
  // GIVE_BACK_STEP_MS while it is above the bound, for at most GIVE_BACK_MS.
  const limit = afterBound()
  let after = Infinity
  for (const t0 = Date.now(); ;) {
    await app.ask('gc')
    await new Promise((r) => setTimeout(r, 200))
    after = Math.min(after, app.rss())
    if (after <= limit || Date.now() - t0 >= GIVE_BACK_MS) break
    await new Promise((r) => setTimeout(r, GIVE_BACK_STEP_MS))
  }
  const f: CaseFigures = { suite, name, bound, before, during, after, afterBound: limit, seconds }
  record(f)
  return f
}
