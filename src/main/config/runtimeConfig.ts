/**
 * The live runtime settings: enabled kinds and the per-user cap, changeable without a restart.
 *
 * Why: the server asks this object on every request ("is this kind enabled?", "what is the cap?"),
 * and the settings pane changes it through `PUT /api/settings`; listeners (the stream registry)
 * close streams of kinds that were just disabled. Env vars pin a field: it is reported, and a
 * change to it is refused with a clear reason (409).
 * Lifecycle: created once at launch (env errors stop the launch), updated by `update()`,
 * which persists atomically before applying; there is nothing to close.
 */
import { mergeClusters } from './clusterSettings.ts'
import type { KindId } from '../../shared/kinds/registry.ts'
import { isKindId } from '../../shared/kinds/registry.ts'
import type { AnyKindId } from '../../shared/kinds/anyKind.ts'
import { customEnabled, formatKinds, parseKinds } from '../../shared/kinds/grammar.ts'
import type { SettingsResponse } from '../../shared/api/settings.ts'
import { resolveSettings, validateSaved } from './settings.ts'
import type { EffectiveSettings, Parsed, SavedSettings, SettingsPatch } from './settings.ts'
import { readSettingsFile, writeSettingsFile } from './settingsFile.ts'
import { mergeUi } from './uiSettings.ts'

/** `GET /api/settings` (and the answer to a successful PUT): the shared wire type. */
export type SettingsView = SettingsResponse

export type UpdateResult =
  { readonly ok: true; readonly settings: SettingsView } | { readonly ok: false; readonly status: 400 | 409 | 500; readonly error: string }

export type ChangeListener = (next: EffectiveSettings, prev: EffectiveSettings) => void

export interface RuntimeConfig {
  current(): SettingsView
  /** A registry kind enabled by the grammar, or a custom kind (`<plural>.<group>`) it enables. */
  isEnabled(kind: AnyKindId): boolean
  perUserLimit(): number
  /**
   * Validate, persist and apply a settings change (fields absent from `body` keep their value).
   * @returns 400 with the parser's message, 409 when a pinned field would change, 500 when
   *   the file cannot be written (nothing is applied then).
   */
  update(body: unknown): Promise<UpdateResult>
  /** The cluster's "namespaces to watch" (settings pane), [] when none. */
  namespacesToWatch(cluster: string): readonly string[]
  /** The cluster's namespace-watch budget, or undefined for the engine's default. */
  namespaceWatchBudget(cluster: string): number | undefined
  /** Be told after a change of the per-cluster settings. @returns an unsubscribe function. */
  onClusterSettings(listener: () => void): () => void
  /** Be told after every applied change. @returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void
}

export interface RuntimeConfigOptions {
  readonly env: Readonly<Record<string, string | undefined>>
  /** Where settings persist; omitted = in memory only (tests, or no data folder). */
  readonly settingsPath?: string
}

/**
 * Load the settings file and the env, and build the live config.
 * @returns an error (for exit code 2) when an env var is invalid.
 */
export async function createRuntimeConfig(opts: RuntimeConfigOptions): Promise<Parsed<RuntimeConfig>> {
  const read = opts.settingsPath ? await readSettingsFile(opts.settingsPath) : { saved: {} }
  const first = resolveSettings(opts.env, read.saved)
  if (!first.ok) return first
  return { ok: true, value: liveConfig(opts, read.saved, first.value, read.problem) }
}

function liveConfig(opts: RuntimeConfigOptions, initialSaved: SavedSettings, initial: EffectiveSettings, problem: string | undefined): RuntimeConfig {
  let saved = initialSaved
  let eff = initial
  let enabled = new Set<KindId>(eff.enabled)
  const listeners = new Set<ChangeListener>()
  const clusterListeners = new Set<() => void>()
  let queue: Promise<unknown> = Promise.resolve()
  const view = (): SettingsView => ({
    ...eff,
    ui: saved.ui ?? {},
    clusters: saved.clusters ?? {},
    ...(opts.settingsPath ? { file: opts.settingsPath } : {}),
    ...(problem ? { problem } : {})
  })

  async function apply(body: unknown): Promise<UpdateResult> {
    const v = validateSaved(body, 'settings')
    if (!v.ok) return { ok: false, status: 400, error: v.error }
    const pinErr = pinnedConflict(eff, v.value)
    if (pinErr) return { ok: false, status: 409, error: pinErr }
    let ui = saved.ui
    if (v.value.ui !== undefined) {
      const merged = mergeUi(saved.ui ?? {}, v.value.ui)
      if (!merged.ok) return { ok: false, status: 400, error: merged.error }
      ui = merged.value
    }
    const clusters = v.value.clusters !== undefined ? mergeClusters(saved.clusters ?? {}, v.value.clusters) : saved.clusters
    const { ui: _prevUi, clusters: _prevClusters, ...kept } = saved
    const next: SavedSettings = {
      ...kept,
      ...(v.value.watchStreams !== undefined && !eff.pinned.watchStreams ? { watchStreams: v.value.watchStreams } : {}),
      ...(v.value.perUserLimit !== undefined && !eff.pinned.perUserLimit ? { perUserLimit: v.value.perUserLimit } : {}),
      ...(ui && Object.keys(ui).length > 0 ? { ui } : {}),
      ...(clusters && Object.keys(clusters).length > 0 ? { clusters } : {})
    }
    const r = resolveSettings(opts.env, next)
    if (!r.ok) return { ok: false, status: 400, error: r.error }
    if (opts.settingsPath) {
      try {
        await writeSettingsFile(opts.settingsPath, next)
      } catch (e) {
        return { ok: false, status: 500, error: (e as Error).message }
      }
    }
    const prev = eff
    saved = next
    eff = r.value
    enabled = new Set(eff.enabled)
    problem = undefined
    // A change of the window's choices alone (ui) changes nothing the streams depend on.
    if (v.value.watchStreams !== undefined || v.value.perUserLimit !== undefined) for (const l of listeners) l(eff, prev)
    if (v.value.clusters !== undefined) for (const l of clusterListeners) l()
    return { ok: true, settings: view() }
  }

  return {
    current: view,
    isEnabled: (kind) => (isKindId(kind) ? enabled.has(kind) : customEnabled(eff.custom, kind)),
    perUserLimit: () => eff.perUserLimit,
    namespacesToWatch: (cluster) => saved.clusters?.[cluster]?.namespacesToWatch ?? [],
    namespaceWatchBudget: (cluster) => saved.clusters?.[cluster]?.namespaceWatchBudget,
    update(body) {
      // Serialise updates so two quick saves cannot interleave their file writes.
      const p = queue.then(() => apply(body))
      queue = p.catch(() => undefined)
      return p
    },
    onClusterSettings(listener) {
      clusterListeners.add(listener)
      return () => {
        clusterListeners.delete(listener)
      }
    },
    onChange(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }
}

/** A message when `patch` would change a field pinned by the env, else ''. */
function pinnedConflict(eff: EffectiveSettings, patch: SettingsPatch): string {
  const pw = eff.pinned.watchStreams
  if (pw && patch.watchStreams !== undefined) {
    const p = parseKinds(patch.watchStreams)
    if (!p.ok || formatKinds(p.kinds, p.custom) !== eff.watchStreams) {
      return `watchStreams is pinned by ${pw.env}=${JSON.stringify(pw.value)} and cannot be changed from the settings pane; unset ${pw.env} and restart to edit it`
    }
  }
  const pl = eff.pinned.perUserLimit
  if (pl && patch.perUserLimit !== undefined && patch.perUserLimit !== eff.perUserLimit) {
    return `perUserLimit is pinned by ${pl.env}=${JSON.stringify(pl.value)} and cannot be changed from the settings pane; unset ${pl.env} and restart to edit it`
  }
  return ''
}
