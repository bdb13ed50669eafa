/**
 * The graceful quit: close the server, then the engine, then the demo cluster, then exit.
 *
 * Why: streams must end cleanly (clients see the close, cap slots are freed) before the upstream
 * watches are aborted, and the simulated apiserver must outlive the watches that use it, hence
 * the order server → engine → sim. A stuck step (a socket that never closes) must not keep the app
 * from quitting, so every step has a time limit, and quitting goes on after it.
 * Lifecycle: `installGracefulQuit` once; the first `before-quit` is cancelled, the steps run once,
 * then `app.quit()` is called again and passes through. Later quit requests during the
 * shutdown are cancelled (the shutdown is already under way).
 */
import type { App } from 'electron'
import type { ShellLog } from './security.ts'

/** One step of the shutdown; its time limit is `STEP_TIMEOUT_MS` unless overridden. */
export interface QuitStep {
  readonly name: string
  run(): Promise<void> | void
}

/** Each step gets this long; the server's own socket grace is 1 s, the engine aborts at once. */
export const STEP_TIMEOUT_MS = 3_000

/**
 * Run `steps` in order, each bounded by `timeoutMs`; a step that fails or times out is logged and
 * the next one runs anyway. Never rejects.
 */
export async function runQuitSteps(steps: readonly QuitStep[], log: ShellLog, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  for (const step of steps) {
    let timer: NodeJS.Timeout | undefined
    const limit = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs) })
    try {
      const r = await Promise.race([Promise.resolve().then(() => step.run()).then(() => 'done' as const), limit])
      if (r === 'timeout') log(`quit: ${step.name} did not finish within ${timeoutMs} ms; going on`)
    } catch (e) {
      log(`quit: ${step.name} failed: ${(e as Error).message}`)
    } finally {
      clearTimeout(timer)
    }
  }
}

/**
 * Cancel the first quit, run the steps, then quit for real.
 * @param steps read at quit time (so steps added after launch are included).
 */
export function installGracefulQuit(app: Pick<App, 'on' | 'quit'>, steps: () => readonly QuitStep[], log: ShellLog, timeoutMs = STEP_TIMEOUT_MS): void {
  let state: 'running' | 'stopping' | 'done' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'done') return
    event.preventDefault()
    if (state === 'stopping') return
    state = 'stopping'
    void runQuitSteps(steps(), log, timeoutMs).then(() => {
      state = 'done'
      app.quit()
    })
  })
}
