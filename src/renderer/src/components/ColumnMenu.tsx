/**
 * The column chooser of a table: every column the view can show, each with a switch (shown or
 * hidden) and moves (↑ ↓, or Alt+↑/↓ on its switch), kubectl's `-o wide` columns, and "Reset".
 * Choices are per kind and remembered (stores/columnPrefs.ts → the settings file).
 * Reached from the ⋮ at the end of the header, a right click on a header, or the palette
 * ("Columns…"). Escape or a click outside closes it; focus returns to where it was.
 */
import { useEffect, useRef } from 'react'
import type { KeyboardEvent } from 'react'
import { useStore } from 'zustand'
import type { AnyKindDef, AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { columnPrefs, resetColumns, setColumnHidden, setColumnOrder, setWide } from '../stores/columnPrefs.ts'
import { setColumnsOpen } from '../stores/uiStore.ts'
import { allColumns, applyPrefs } from './tableColumns.ts'

/** Columns that stay: a table without names cannot be read. */
const FIXED = new Set(['name'])

export interface ColumnMenuProps {
  readonly kind: AnyKindId
  readonly def: AnyKindDef
  readonly allNamespaces: boolean
  readonly multiCluster: boolean
}

/** The chooser (a popover). */
export function ColumnMenu({ kind, def, allNamespaces, multiCluster }: ColumnMenuProps) {
  const prefs = useStore(columnPrefs, (s) => s[kind])
  const wide = prefs?.wide === true
  const all = allColumns(def, allNamespaces, true, multiCluster)
  const ordered = applyPrefs(all, prefs?.order ? { order: prefs.order } : undefined)
  const hidden = new Set(prefs?.hidden ?? [])
  const boxRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    boxRef.current?.querySelector<HTMLElement>('input')?.focus()
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        setColumnsOpen(false)
      }
    }
    const onDown = (e: PointerEvent): void => {
      if (!boxRef.current?.contains(e.target as Node)) setColumnsOpen(false)
    }
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('pointerdown', onDown)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      window.removeEventListener('pointerdown', onDown)
      before?.focus?.()
    }
  }, [])

  const move = (id: string, by: number): void => {
    const ids = ordered.map((c) => c.id)
    const i = ids.indexOf(id)
    const j = i + by
    if (i < 0 || j < 0 || j >= ids.length) return
    ;[ids[i], ids[j]] = [ids[j], ids[i]]
    setColumnOrder(kind, ids)
    // Keep the keyboard on the column that moved.
    requestAnimationFrame(() => boxRef.current?.querySelector<HTMLElement>(`input[data-col="${id}"]`)?.focus())
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>, id: string): void => {
    if (!e.altKey) return
    if (e.key === 'ArrowUp') {
      e.preventDefault()
      move(id, -1)
    } else if (e.key === 'ArrowDown') {
      e.preventDefault()
      move(id, 1)
    }
  }

  return (
    <div ref={boxRef} className="popover column-menu" role="dialog" aria-label={`Columns of ${def.kind} tables`} data-testid="column-menu">
      <h3>Columns</h3>
      <ul>
        {ordered.map((c, i) => {
          const isWide = c.def?.wide === true
          return (
            <li key={c.id} className={isWide && !wide ? 'muted' : ''}>
              <label title={isWide && !wide ? 'A wide column: shown when “Wide columns” is on' : undefined}>
                <input
                  type="checkbox"
                  data-col={c.id}
                  checked={!hidden.has(c.id)}
                  disabled={FIXED.has(c.id)}
                  onChange={(e) => setColumnHidden(kind, c.id, !e.target.checked)}
                  onKeyDown={(e) => onKey(e, c.id)}
                />
                {c.title}
                {isWide ? <span className="wide-tag">wide</span> : null}
              </label>
              <span className="column-moves">
                <button
                  type="button"
                  className="icon-btn"
                  disabled={i === 0}
                  onClick={() => move(c.id, -1)}
                  aria-label={`Move ${c.title} left`}
                  title="Move left (Alt+↑)"
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  disabled={i === ordered.length - 1}
                  onClick={() => move(c.id, 1)}
                  aria-label={`Move ${c.title} right`}
                  title="Move right (Alt+↓)"
                >
                  ↓
                </button>
              </span>
            </li>
          )
        })}
      </ul>
      <div className="column-menu-foot">
        <label>
          <input type="checkbox" checked={wide} onChange={(e) => setWide(kind, e.target.checked)} data-testid="wide-columns" /> Wide columns (kubectl -o wide)
        </label>
        <button type="button" className="link-btn" onClick={() => resetColumns(kind)}>
          Reset
        </button>
      </div>
    </div>
  )
}
