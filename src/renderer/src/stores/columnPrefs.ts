/**
 * The user's column choices per kind: widths dragged by hand (and room for hidden columns and an
 * order, which a column chooser will edit).
 *
 * Why a store of its own: every table of a kind shares them, and they outlive the view (switching
 * kinds and back keeps a dragged width). Kept in localStorage for now (not a secret); a settings
 * file can replace `load`/`save` without touching the views.
 * Lifecycle: read once at startup; every change writes through.
 */
import { createStore } from 'zustand/vanilla'
import type { KindId } from '../../../shared/kinds/registry.ts'

export interface ColumnPrefs {
  /** Column id → width in px chosen by the user. */
  readonly widths?: Readonly<Record<string, number>>
  readonly hidden?: readonly string[]
  readonly order?: readonly string[]
}

export type ColumnPrefsState = Readonly<Partial<Record<KindId, ColumnPrefs>>>

/** localStorage key (not a secret). */
export const COLUMNS_KEY = 'periscope.columns'
/** A stored width outside this range is ignored: a corrupt or hand-edited value never hides a column. */
const MIN_STORED = 24
const MAX_STORED = 4000

/** Parse stored prefs, dropping anything malformed (never throws). */
export function parseColumnPrefs(text: string | null): ColumnPrefsState {
  if (!text) return {}
  let raw: unknown
  try { raw = JSON.parse(text) } catch { return {} }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const out: Partial<Record<KindId, ColumnPrefs>> = {}
  for (const [kind, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null) continue
    const p = v as Record<string, unknown>
    const widths: Record<string, number> = {}
    if (typeof p.widths === 'object' && p.widths !== null) {
      for (const [id, w] of Object.entries(p.widths as Record<string, unknown>)) {
        if (typeof w === 'number' && Number.isFinite(w) && w >= MIN_STORED && w <= MAX_STORED) widths[id] = Math.round(w)
      }
    }
    const strings = (x: unknown): string[] | undefined => Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined
    const hidden = strings(p.hidden)
    const order = strings(p.order)
    out[kind as KindId] = { widths, ...(hidden ? { hidden } : {}), ...(order ? { order } : {}) }
  }
  return out
}

function load(): ColumnPrefsState {
  try { return parseColumnPrefs(globalThis.localStorage?.getItem(COLUMNS_KEY) ?? null) } catch { return {} }
}

function save(s: ColumnPrefsState): void {
  try { globalThis.localStorage?.setItem(COLUMNS_KEY, JSON.stringify(s)) } catch { /* storage disabled: this session only */ }
}

/** The app's column prefs. */
export const columnPrefs = createStore<ColumnPrefsState>(() => load())

/** Set (a number) or forget (null: back to the automatic width) one column's width. */
export function setColumnWidth(kind: KindId, column: string, width: number | null): void {
  const s = columnPrefs.getState()
  const prev = s[kind] ?? {}
  const widths = { ...(prev.widths ?? {}) }
  if (width === null) delete widths[column]
  else widths[column] = Math.round(width)
  const next = { ...s, [kind]: { ...prev, widths } }
  columnPrefs.setState(next, true)
  save(next)
}
