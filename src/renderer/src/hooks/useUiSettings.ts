/**
 * The window's choices kept in the settings file (`ui`): read once at startup into the stores
 * (column choices, last place, dismissed notes), and each change saved back, batched.
 *
 * Why the settings file and not only localStorage: choices survive a restart and are the same in
 * the desktop window and a browser tab of `npm run serve`; localStorage stays a cache for the
 * first paint (columnPrefs.ts, useRouter.ts).
 * Lifecycle: mount once at the root; GET /api/settings, hydrate; then every SAVE_MS at most one
 * PUT with what changed (a place, the kinds whose columns changed, a dismissal), and what is
 * still waiting when the page goes away (`pagehide`, keepalive). A refused save is logged; it
 * never blocks the window.
 */
import { useEffect } from 'react'
import type { UiColumnPrefs, UiSettingsUpdate } from '../../../shared/api/settings.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { isKindId } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { fetchSettings, putSettings } from '../api/client.ts'
import { hasSignIn } from './useServerBootstrap.ts'
import { columnPrefs, hydrateColumnPrefs, markSaved, takeDirtyKinds } from '../stores/columnPrefs.ts'
import type { ColumnPrefsState } from '../stores/columnPrefs.ts'
import { savedUi, savedUiUnavailable, setSavedUi } from '../stores/savedUi.ts'

/** Changes are saved at most this often: a drag or a burst of navigation is one write. */
const SAVE_MS = 500

let pending: { place?: string; kinds: Set<AnyKindId>; dismissed?: boolean } = { kinds: new Set() }
let timer: number | undefined

function schedule(): void {
  if (timer !== undefined) return
  timer = window.setTimeout(() => {
    timer = undefined
    void flush()
  }, SAVE_MS)
}

async function flush(keepalive = false): Promise<void> {
  if (timer !== undefined) {
    window.clearTimeout(timer)
    timer = undefined
  }
  const p = pending
  pending = { kinds: new Set() }
  const prefs = columnPrefs.getState()
  const columns: Partial<Record<KindId, UiColumnPrefs | null>> = {}
  // The settings file keys column choices by built-in kind; a custom kind's stay in this window.
  for (const k of p.kinds) if (isKindId(k)) columns[k] = compact(prefs[k])
  const ui: UiSettingsUpdate = {
    ...(p.place !== undefined ? { place: p.place } : {}),
    ...(p.kinds.size > 0 ? { columns } : {}),
    ...(p.dismissed ? { demoBannerDismissed: true } : {})
  }
  if (Object.keys(ui).length === 0) return
  try {
    await putSettings({ ui }, keepalive)
    markSaved(p.kinds)
  } catch (e) {
    console.warn(`periscope: the window's choices were not saved: ${(e as Error).message}`)
  }
}

/** A kind's choices as the settings keep them (empty parts dropped; null when nothing is left). */
function compact(p: ColumnPrefsState[AnyKindId]): UiColumnPrefs | null {
  if (!p) return null
  const out: { hidden?: readonly string[]; order?: readonly string[]; widths?: Record<string, number>; wide?: boolean } = {}
  if (p.hidden && p.hidden.length > 0) out.hidden = p.hidden
  if (p.order && p.order.length > 0) out.order = p.order
  if (p.widths && Object.keys(p.widths).length > 0) out.widths = { ...p.widths }
  if (p.wide) out.wide = true
  return Object.keys(out).length > 0 ? out : null
}

/** Save the place (an address hash) with the next batch. */
export function savePlace(hash: string): void {
  pending.place = hash
  schedule()
}

/** Mount once at the app root. */
export function useUiSettings(): void {
  useEffect(() => {
    if (!hasSignIn()) return
    let alive = true
    fetchSettings().then(
      (s) => {
        if (!alive) return
        hydrateColumnPrefs((s.ui?.columns ?? {}) as ColumnPrefsState)
        setSavedUi({ place: s.ui?.place ?? '', demoBannerDismissed: s.ui?.demoBannerDismissed === true })
      },
      () => {
        if (alive) savedUiUnavailable()
      }
    )
    const unsubCols = columnPrefs.subscribe(() => {
      for (const k of takeDirtyKinds()) pending.kinds.add(k)
      if (pending.kinds.size > 0) schedule()
    })
    const unsubSaved = savedUi.subscribe((s, prev) => {
      if (s.demoBannerDismissed && !prev.demoBannerDismissed && prev.loaded) {
        pending.dismissed = true
        schedule()
      }
    })
    // A reload or close within SAVE_MS of a change still saves it (keepalive outlives the page).
    const onHide = (): void => {
      void flush(true)
    }
    window.addEventListener('pagehide', onHide)
    return () => {
      alive = false
      unsubCols()
      unsubSaved()
      window.removeEventListener('pagehide', onHide)
    }
  }, [])
}
