/**
 * The graceful quit of the desktop app: hold the first quit, run the backend's quit steps, exit.
 *
 * Why: the steps (server → engine → demo cluster, each time-limited) are the composed backend's
 * (`src/main/backend/quitSteps.ts`); Electron's part is only to cancel the first `before-quit`
 * until they are done. Lifecycle: `installGracefulQuit` once; the first `before-quit` is
 * cancelled, the steps run once, then `app.quit()` is called again and passes through. Later quit
 * requests during the shutdown are cancelled (the shutdown is already under way).
 */
import type { App } from 'electron'
import { STEP_TIMEOUT_MS, runQuitSteps } from '../backend/quitSteps.ts'
import type { QuitStep } from '../backend/quitSteps.ts'
import type { ShellLog } from './security.ts'

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
