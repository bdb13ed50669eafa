/**
 * The user's column choices per kind: shown or hidden, the order, widths dragged by hand, and
 * whether kubectl's `-o wide` columns are shown.
 *
 * Why a store of its own: every table of a kind shares them, and they outlive the view (switching
 * kinds and back keeps them). The settings file (`ui.columns`) is where they live across
 * restarts; localStorage is a cache for the first paint (hooks/useUiSettings.ts hydrates this
 * store from the settings and saves each change back).
 * Lifecycle: read from the cache at startup, replaced by the settings once loaded; every change
 * writes the cache through and is saved to the settings by the hook.
 */
import { createStore } from 'zustand/vanilla'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'

export interface ColumnPrefs {
  /** Column id → width in px chosen by the user. */
  readonly widths?: Readonly<Record<string, number>>
  readonly hidden?: readonly string[]
  readonly order?: readonly string[]
  /** Show kubectl's `-o wide` columns. */
  readonly wide?: boolean
}

export type ColumnPrefsState = Readonly<Partial<Record<AnyKindId, ColumnPrefs>>>

/** localStorage key (not a secret). */
export const COLUMNS_KEY = 'periscope.columns'
/** A stored width outside this range is ignored: a corrupt or hand-edited value never hides a column. */
const MIN_STORED = 24
const MAX_STORED = 4000

/** Parse stored prefs, dropping anything malformed (never throws). */
export function parseColumnPrefs(text: string | null): ColumnPrefsState {
  if (!text) return {}
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const out: Partial<Record<AnyKindId, ColumnPrefs>> = {}
  for (const [kind, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null) continue
    const p = v as Record<string, unknown>
    const widths: Record<string, number> = {}
    if (typeof p.widths === 'object' && p.widths !== null) {
      for (const [id, w] of Object.entries(p.widths as Record<string, unknown>)) {
        if (typeof w === 'number' && Number.isFinite(w) && w >= MIN_STORED && w <= MAX_STORED) widths[id] = Math.round(w)
      }
    }
    const strings = (x: unknown): string[] | undefined => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined)
    const hidden = strings(p.hidden)
    const order = strings(p.order)
    out[kind as AnyKindId] = { widths, ...(hidden ? { hidden } : {}), ...(order ? { order } : {}), ...(p.wide === true ? { wide: true } : {}) }
  }
  return out
}

function load(): ColumnPrefsState {
  try {
    return parseColumnPrefs(globalThis.localStorage?.getItem(COLUMNS_KEY) ?? null)
  } catch {
    return {}
  }
}

function save(s: ColumnPrefsState): void {
  try {
    globalThis.localStorage?.setItem(COLUMNS_KEY, JSON.stringify(s))
  } catch {
    /* storage disabled: this session only */
  }
}

/** The app's column prefs. */
export const columnPrefs = createStore<ColumnPrefsState>(() => load())

/** localStorage key of the kinds changed here and not yet confirmed saved to the settings file. */
export const UNSAVED_KEY = 'periscope.columns.unsaved'

function loadUnsaved(): Set<AnyKindId> {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(UNSAVED_KEY) ?? '[]') as unknown
    return new Set(Array.isArray(raw) ? raw.filter((k): k is AnyKindId => typeof k === 'string') : [])
  } catch {
    return new Set()
  }
}

/** The kinds changed by the last writes, not yet handed to the settings (the hook takes them). */
const dirty = new Set<AnyKindId>()
/**
 * Kinds changed in this window (or a previous one: a reload right after a change) whose save is
 * not confirmed: the settings file's copy may be older, so it must not undo them; they are
 * saved again after the settings are read.
 */
const unsaved = loadUnsaved()

function saveUnsaved(): void {
  try {
    globalThis.localStorage?.setItem(UNSAVED_KEY, JSON.stringify([...unsaved]))
  } catch {
    /* storage disabled */
  }
}

/** The settings file confirmed it holds these kinds' choices. */
export function markSaved(kinds: Iterable<AnyKindId>): void {
  for (const k of kinds) unsaved.delete(k)
  saveUnsaved()
}

function update(kind: AnyKindId, fn: (prev: ColumnPrefs) => ColumnPrefs): void {
  const s = columnPrefs.getState()
  const next = { ...s, [kind]: fn(s[kind] ?? {}) }
  dirty.add(kind)
  unsaved.add(kind)
  saveUnsaved()
  columnPrefs.setState(next, true)
  save(next)
}

/** Kinds changed since the last call (and forget them). */
export function takeDirtyKinds(): AnyKindId[] {
  const out = [...dirty]
  dirty.clear()
  return out
}

/** Replace every kind's choices with the saved ones (the settings file wins over the cache). */
export function hydrateColumnPrefs(saved: ColumnPrefsState): void {
  const next: Partial<Record<AnyKindId, ColumnPrefs>> = { ...parseColumnPrefs(JSON.stringify(saved)) }
  // Kinds changed here whose save is not confirmed keep the local choice, and are saved again.
  const s = columnPrefs.getState()
  for (const k of unsaved) {
    if (s[k]) next[k] = s[k]
    dirty.add(k)
  }
  columnPrefs.setState(next, true)
  save(next)
}

/** Set (a number) or forget (null: back to the automatic width) one column's width. */
export function setColumnWidth(kind: AnyKindId, column: string, width: number | null): void {
  update(kind, (prev) => {
    const widths = { ...(prev.widths ?? {}) }
    if (width === null) delete widths[column]
    else widths[column] = Math.max(MIN_STORED, Math.min(MAX_STORED, Math.round(width)))
    return { ...prev, widths }
  })
}

/** Show or hide one column. */
export function setColumnHidden(kind: AnyKindId, column: string, hidden: boolean): void {
  update(kind, (prev) => {
    const set = new Set(prev.hidden ?? [])
    if (hidden) set.add(column)
    else set.delete(column)
    return { ...prev, hidden: [...set] }
  })
}

/**
 * Put the columns in this order (ids as the table shows them; the ones not named follow in the
 * registry's order).
 */
export function setColumnOrder(kind: AnyKindId, order: readonly string[]): void {
  update(kind, (prev) => ({ ...prev, order: [...new Set(order)] }))
}

/** Show kubectl's `-o wide` columns for a kind, or not. */
export function setWide(kind: AnyKindId, wide: boolean): void {
  update(kind, (prev) => ({ ...prev, wide }))
}

/** Back to the registry's columns, order and automatic widths. */
export function resetColumns(kind: AnyKindId): void {
  update(kind, () => ({}))
}
