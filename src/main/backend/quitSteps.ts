/**
 * The backend's shutdown as named, time-limited steps: server → engine → demo cluster.
 *
 * Why: streams must end cleanly (clients see the close, cap slots are freed) before the upstream
 * watches are aborted, and the simulated apiserver must outlive the watches that use it, hence
 * the order server → engine → sim. A stuck step (a socket that never closes) must not keep the
 * app or `serve` from quitting, so every step has a time limit, and quitting goes on after it.
 * Lifecycle: the composed backend lists its steps (`quitSteps()`); the Electron quit handler and
 * `close()` run them once with `runQuitSteps`.
 */

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
export async function runQuitSteps(steps: readonly QuitStep[], log: (line: string) => void, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  for (const step of steps) {
    let timer: NodeJS.Timeout | undefined
    const limit = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
    })
    try {
      const r = await Promise.race([
        Promise.resolve()
          .then(() => step.run())
          .then(() => 'done' as const),
        limit
      ])
      if (r === 'timeout') log(`quit: ${step.name} did not finish within ${timeoutMs} ms; going on`)
    } catch (e) {
      log(`quit: ${step.name} failed: ${(e as Error).message}`)
    } finally {
      clearTimeout(timer)
    }
  }
}
