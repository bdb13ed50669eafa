/**
 * The settings pane's data: load `GET /api/settings`, apply with `PUT`, then refetch
 * `/api/features` so every open view re-checks its stream at once (no restart).
 */
import { useCallback, useEffect, useState } from 'react'
import { fetchSettings, putSettings } from '../api/client.ts'
import type { SettingsResponse, SettingsUpdate } from '../../../shared/api/settings.ts'
import { formatKinds } from '../../../shared/kinds/grammar.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { refreshFeatures } from './useServerBootstrap.ts'

export type { SettingsResponse, SettingsUpdate, SettingsPin } from '../../../shared/api/settings.ts'

/** Window event after settings were applied (the namespace picker re-reads its namespaces). */
export const SETTINGS_APPLIED = 'periscope:settings-applied'

export interface SettingsHook {
  readonly settings: SettingsResponse | null
  readonly loadError: string
  readonly applying: boolean
  /** The server's message for a refused PUT (400 parser message, 409 pinned), or ''. */
  readonly applyError: string
  readonly applied: boolean
  apply(update: SettingsUpdate): Promise<void>
}

/** Settings state for the pane. */
export function useSettings(): SettingsHook {
  const [settings, setSettings] = useState<SettingsResponse | null>(null)
  const [loadError, setLoadError] = useState('')
  const [applying, setApplying] = useState(false)
  const [applyError, setApplyError] = useState('')
  const [applied, setApplied] = useState(false)

  useEffect(() => {
    let alive = true
    fetchSettings().then(
      (s) => {
        if (alive) setSettings(s)
      },
      (e: unknown) => {
        if (alive) setLoadError((e as Error).message)
      }
    )
    return () => {
      alive = false
    }
  }, [])

  const apply = useCallback(async (update: SettingsUpdate) => {
    setApplying(true)
    setApplyError('')
    setApplied(false)
    try {
      const res = await putSettings(update)
      // Some servers answer PUT with the new settings, others with {}: re-read to be exact.
      setSettings(res && typeof res.watchStreams === 'string' ? res : await fetchSettings())
      setApplied(true)
      window.dispatchEvent(new Event(SETTINGS_APPLIED))
    } catch (e) {
      setApplyError((e as Error).message)
    } finally {
      setApplying(false)
      await refreshFeatures()
    }
  }, [])

  return { settings, loadError, applying, applyError, applied, apply }
}

/**
 * Turn on live updates for one kind (a view's "Go live" when its kind is off in settings): the
 * kinds string with `kind` added, applied at once.
 * @throws the server's refusal, e.g. when the kinds string is pinned by the environment.
 */
export async function enableStream(kind: KindId): Promise<void> {
  const s = await fetchSettings()
  if (s.pinned.watchStreams)
    throw new Error(`live updates are set by ${s.pinned.watchStreams.env}=${s.pinned.watchStreams.value}: ${s.pinned.watchStreams.reason}`)
  await putSettings({ watchStreams: formatKinds(new Set<KindId>([...s.enabled, kind]), s.custom) })
  await refreshFeatures()
}
