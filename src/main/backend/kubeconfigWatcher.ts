/**
 * Watches the kubeconfig files so contexts appear and disappear while the app runs.
 *
 * Why: `kubectl config`, cloud CLIs and editors rewrite kubeconfig files, usually by writing a
 * temp file and renaming it over the old one, which ends a watch on the file itself. So the
 * folder of each file is watched and events are filtered by file name. One edit fires several
 * events (write, chmod, rename), so they are debounced into one reload.
 * Lifecycle: `watchKubeconfigFiles` starts one `fs.watch` per folder; `close()` stops them and
 * the pending reload. A folder that does not exist yet is skipped (and reported).
 */
import { watch as fsWatch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

/** Quiet time after the last event before reloading: one save's burst of events is < 100 ms. */
export const KUBECONFIG_DEBOUNCE_MS = 300

/** The part of `fs.watch` used here (injectable for tests). */
export type WatchFn = (dir: string, listener: (event: string, filename: string | Buffer | null) => void) => Pick<FSWatcher, 'close' | 'on'>

export interface KubeconfigWatchOptions {
  /** The kubeconfig files ($KUBECONFIG entries, or ~/.kube/config). */
  readonly paths: readonly string[]
  /** Called once per burst of changes, after `debounceMs` of quiet. */
  onChange(): void
  readonly debounceMs?: number
  readonly log: (line: string) => void
  readonly watch?: WatchFn
}

export interface KubeconfigWatcher {
  /** Folders actually watched. */
  readonly folders: readonly string[]
  close(): void
}

/** Start watching the folders of `paths`. */
export function watchKubeconfigFiles(opts: KubeconfigWatchOptions): KubeconfigWatcher {
  const watchFn: WatchFn = opts.watch ?? ((dir, listener) => fsWatch(dir, { persistent: false }, listener))
  const debounceMs = opts.debounceMs ?? KUBECONFIG_DEBOUNCE_MS
  const byFolder = new Map<string, Set<string>>()
  for (const p of opts.paths) {
    const abs = resolve(p)
    const names = byFolder.get(dirname(abs)) ?? new Set<string>()
    names.add(basename(abs))
    byFolder.set(dirname(abs), names)
  }
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const fire = (): void => {
    timer = undefined
    if (!closed) opts.onChange()
  }
  const watchers: Array<Pick<FSWatcher, 'close'>> = []
  const folders: string[] = []
  for (const [folder, names] of byFolder) {
    try {
      const w = watchFn(folder, (_event, filename) => {
        // No file name (some platforms) = assume it was ours.
        const name = filename === null ? null : filename.toString()
        if (closed || (name !== null && !names.has(name))) return
        clearTimeout(timer)
        timer = setTimeout(fire, debounceMs)
      })
      w.on('error', (e: Error) => opts.log(`stopped watching ${folder} for kubeconfig changes: ${e.message}`))
      watchers.push(w)
      folders.push(folder)
    } catch (e) {
      opts.log(`not watching ${folder} for kubeconfig changes: ${(e as Error).message}`)
    }
  }
  return {
    folders,
    close(): void {
      closed = true
      clearTimeout(timer)
      for (const w of watchers) w.close()
    }
  }
}
