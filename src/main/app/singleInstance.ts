/**
 * One app instance per user: a second launch focuses the first window and exits.
 *
 * Why: two instances would run two local servers, two sets of upstream watches on every cluster
 * and two writers of one settings file. Electron's single-instance lock makes the second launch
 * fail fast, and the first one hears about it through `second-instance`.
 * Lifecycle: `claimSingleInstance` before `app.whenReady()`; the lock lives until the process ends.
 */
import type { App } from 'electron'

/**
 * Take the single-instance lock.
 * @param onSecondLaunch called in the first instance when another launch is attempted
 *   (focus the window, or create it if none is open).
 * @returns false when another instance holds the lock: this one has asked to quit and must do
 *   nothing else.
 */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => onSecondLaunch())
  return true
}
