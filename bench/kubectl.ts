/**
 * The peer: the real `kubectl get pods -A -w --output-watch-events` against the same simulator.
 *
 * Why: the targets mean little without a reference on the same machine and data. kubectl lists
 * (chunked, server-side Table) and prints every row, then one line per watch event; we time the
 * full list and the arrival of each later line, matched to the simulator's emits by pod name.
 * Lifecycle: `startKubectl` spawns it (own process group) → lines are timestamped as they arrive
 * → `listed(timeoutMs)` resolves when `expected` ADDED rows were printed → `stop()` kills it.
 */
import { spawnChild } from './procs.ts'
import type { Child } from './procs.ts'
import { epochMs } from './sseClient.ts'

export interface KubectlRun {
  readonly start: number
  /** Epoch ms when the first row was printed. */
  firstAt?: number
  /** Epoch ms when the `expected`-th initial row was printed. */
  listedAt?: number
  /** Watch lines after the list: `ns/name` and arrival time. */
  readonly lines: { key: string; at: number }[]
  /** Resolves with the list time (ms), or undefined after `timeoutMs` / on exit. */
  listed(timeoutMs: number): Promise<number | undefined>
  stop(): Promise<void>
  stderr(): string
}

/** Lines kept after the list (5,000 ev/s for a minute); the rest are counted, not kept. */
const MAX_LINES = 400_000

/** Start kubectl; `expected` is the pod count of the initial list. */
export function startKubectl(kubeconfig: string, expected: number): KubectlRun {
  const child: Child = spawnChild('kubectl', 'kubectl', ['get', 'pods', '-A', '-w', '--output-watch-events'], {
    env: { ...process.env, KUBECONFIG: kubeconfig }
  })
  const start = epochMs()
  let added = 0
  let tail = ''
  let waiter: (() => void) | undefined
  const run: KubectlRun = {
    start,
    lines: [],
    listed(timeoutMs) {
      if (run.listedAt !== undefined) return Promise.resolve(run.listedAt - start)
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          waiter = undefined
          resolve(undefined)
        }, timeoutMs)
        const onExit = (): void => {
          clearTimeout(t)
          resolve(undefined)
        }
        child.proc.once('exit', onExit)
        child.proc.once('error', onExit)
        waiter = () => {
          clearTimeout(t)
          child.proc.off('exit', onExit)
          child.proc.off('error', onExit)
          resolve((run.listedAt as number) - start)
        }
      })
    },
    stop: () => child.kill(),
    stderr: () => child.stderr()
  }
  child.proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
    const at = epochMs()
    const text = tail + d
    const lines = text.split('\n')
    tail = lines.pop() ?? ''
    for (const line of lines) {
      if (run.listedAt === undefined) {
        if (line.startsWith('ADDED')) {
          added++
          run.firstAt ??= at
        }
        if (added >= expected) {
          run.listedAt = at
          waiter?.()
        }
        continue
      }
      const f = line.split(/\s+/)
      if (f.length >= 3 && run.lines.length < MAX_LINES) run.lines.push({ key: `${f[1]}/${f[2]}`, at })
    }
  })
  return run
}
