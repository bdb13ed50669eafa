/**
 * One shared 1 s clock for every ticking cell (ages, "5m ago").
 *
 * Why: a timer per cell would be thousands of timers at scale; one interval, started by the
 * first subscriber and stopped with the last, re-renders only the mounted (visible) rows.
 */
import { useSyncExternalStore } from 'react'

/** Ages show whole seconds, so a second is the finest useful tick. */
const TICK_MS = 1_000

let now = Date.now()
let timer: number | null = null
const listeners = new Set<() => void>()

function subscribe(fn: () => void): () => void {
  listeners.add(fn)
  if (timer === null) {
    timer = window.setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, TICK_MS)
  }
  return () => {
    listeners.delete(fn)
    if (listeners.size === 0 && timer !== null) {
      window.clearInterval(timer)
      timer = null
    }
  }
}

/** The current time in ms, updated once a second for every subscriber at once. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now)
}
