/**
 * Keeps the place (stores/uiStore.ts, and the log viewer's target in stores/logStore.ts) and the
 * address's hash in step, so reload, back, forward and a copied link restore a view exactly.
 *
 * Lifecycle (mount once at the root):
 *  1. Start: the address's place when it has one (`#/` names the start place: the first
 *     cluster's pods); else the last place cached in localStorage;
 *     then, once the settings file is read (useUiSettings), its saved place — unless the address
 *     named one or the user has already moved.
 *  2. Every change of the place writes the hash: a new history entry for a step the user would
 *     walk back to (page, clusters, kind, namespace, an object, the log viewer: place.ts
 *     `isNewStep`), a replaced one for edits of the same view (filter, sort, tab). The first
 *     cluster chosen for an empty address replaces too (no entry for "nothing yet").
 *  3. Back/forward (`popstate`) applies the address's place to the stores without a new entry;
 *     an address that names no place is ignored.
 *  4. The place is cached in localStorage at once and saved to the settings file in batches
 *     (lists and overviews only: a restart never opens on the settings page).
 *  5. Alt+← and Alt+→ walk the history in the desktop window too (a browser has them already).
 */
import { useEffect } from 'react'
import { closeLogs, logs, openLogs } from '../stores/logStore.ts'
import { formatPlace, isNewStep, parsePlace } from '../stores/place.ts'
import type { LogsRef, Place } from '../stores/place.ts'
import { savedUi } from '../stores/savedUi.ts'
import { currentPlace, navigate, ui } from '../stores/uiStore.ts'
import { savePlace } from './useUiSettings.ts'

/** localStorage key of the last place (a cache of the settings file's; not a secret). */
export const PLACE_KEY = 'periscope.place'

function sameLogs(a: LogsRef | null, b: LogsRef | null): boolean {
  if (!a || !b) return a === b
  return (
    a.cluster === b.cluster && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.container === b.container && a.previous === b.previous
  )
}

/** The log viewer's target as the place keeps it. */
function logsOf(): LogsRef | null {
  const s = logs.getState()
  return s.target ? { ...s.target, container: s.container, previous: s.previous } : null
}

function cachePlace(hash: string): void {
  try {
    globalThis.localStorage?.setItem(PLACE_KEY, hash)
  } catch {
    /* storage disabled */
  }
}

/** Mount once at the app root. */
export function useRouter(): void {
  useEffect(() => {
    let applying = false
    let userMoved = false
    let last: Place = currentPlace()

    const apply = (p: Place): void => {
      applying = true
      try {
        navigate(p)
        if (!sameLogs(logsOf(), p.logs)) {
          if (p.logs)
            openLogs({ cluster: p.logs.cluster, kind: p.logs.kind, namespace: p.logs.namespace, name: p.logs.name }, p.logs.container, p.logs.previous)
          else closeLogs()
        }
      } finally {
        applying = false
      }
      last = currentPlace()
    }

    const start = window.location.hash
    // Any hash is an address, `#/` too (the start place): only an address without one restores.
    const fromAddress = start.length > 1 ? parsePlace(start) : null
    let fromCache = false
    if (fromAddress) apply(fromAddress)
    else {
      let cached: string | null = null
      try {
        cached = globalThis.localStorage?.getItem(PLACE_KEY) ?? null
      } catch {
        /* storage disabled */
      }
      const p = cached ? parsePlace(cached) : null
      if (p) {
        apply(p)
        fromCache = true
      }
    }
    if (last.clusters.length > 0 || last.page === 'settings' || last.page === 'kubeconfig') window.history.replaceState(null, '', formatPlace(last))

    const write = (): void => {
      if (applying) return
      const next = currentPlace()
      const hash = formatPlace(next)
      if (hash === window.location.hash || (hash === '#/' && window.location.hash === '')) {
        last = next
        return
      }
      const fill = last.clusters.length === 0 && last.page !== 'settings' && last.page !== 'kubeconfig'
      if (isNewStep(last, next) && !fill) {
        window.history.pushState(null, '', hash)
        userMoved = true
      } else window.history.replaceState(null, '', hash)
      if (!fill) userMoved = true
      last = next
      if (next.page === 'list' || next.page === 'overview') {
        cachePlace(hash)
        savePlace(hash)
      }
    }
    const unsubUi = ui.subscribe(write)
    // The log viewer opens and closes itself (l, its Esc, the drawer's Logs): mirror it into the place.
    const unsubLogs = logs.subscribe(() => {
      if (applying) return
      const l = logsOf()
      if (!sameLogs(l, ui.getState().logs)) navigate({ logs: l })
    })
    const unsubSaved = savedUi.subscribe((s, prev) => {
      // The cache of this machine is at least as new as the file: the file is for a fresh window.
      if (!s.loaded || prev.loaded || fromAddress || fromCache || userMoved || !s.place) return
      const p = parsePlace(s.place)
      if (p) {
        apply(p)
        window.history.replaceState(null, '', formatPlace(last))
      }
    })
    const onPop = (): void => {
      // The user went somewhere (back, forward, an edited address): the saved place no longer applies.
      userMoved = true
      const p = parsePlace(window.location.hash)
      if (p) apply(p)
    }
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return
      if (e.key === 'ArrowLeft') {
        e.preventDefault()
        window.history.back()
      } else if (e.key === 'ArrowRight') {
        e.preventDefault()
        window.history.forward()
      }
    }
    window.addEventListener('popstate', onPop)
    window.addEventListener('keydown', onKey)
    return () => {
      unsubUi()
      unsubLogs()
      unsubSaved()
      window.removeEventListener('popstate', onPop)
      window.removeEventListener('keydown', onKey)
    }
  }, [])
}
