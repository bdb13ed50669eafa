/**
 * Keeps one row still on screen while the rows above it come and go ("still rows").
 *
 * Why: in a live list sorted by name, pods are added and deleted above the one a person is
 * looking at; without an anchor that row slides away under a still mouse. Like CSS scroll
 * anchoring, but for a virtualized grid (whose rows are positioned, so the browser cannot):
 * remember which row is the anchor and its offset from the viewport, and after the rows change,
 * scroll so it sits at the same offset again.
 * The anchor, in order: the row under the pointer; the selected row while it is on screen; the
 * top row once the list is scrolled (at the very top, new rows may push in: a newest-first list
 * shows them). Lifecycle: `capture` after every scroll, pointer move and selection change;
 * `restore` after every change of the rows.
 */

export interface Anchor {
  readonly uid: string
  /** The row's top minus the scroll offset, in px (its place on screen). */
  readonly offset: number
}

export interface AnchorInput {
  readonly scrollTop: number
  /** Viewport height below the sticky header. */
  readonly bodyHeight: number
  /** The pointer's y below the header top edge, or null when the pointer is not over rows. */
  readonly pointerY: number | null
  readonly selectedIndex: number
  readonly rowCount: number
  readonly rowHeight: number
  uidAt(index: number): string | undefined
}

/** Which row to keep still, and where it is now (null: let the rows flow). */
export function captureAnchor(i: AnchorInput): Anchor | null {
  const at = (index: number): Anchor | null => {
    const uid = index >= 0 && index < i.rowCount ? i.uidAt(index) : undefined
    return uid === undefined ? null : { uid, offset: index * i.rowHeight - i.scrollTop }
  }
  if (i.pointerY !== null && i.pointerY >= 0) {
    const hovered = at(Math.floor((i.scrollTop + i.pointerY) / i.rowHeight))
    if (hovered) return hovered
  }
  if (i.selectedIndex >= 0) {
    const top = i.selectedIndex * i.rowHeight - i.scrollTop
    if (top > -i.rowHeight && top < i.bodyHeight) return at(i.selectedIndex)
  }
  return i.scrollTop > 0 ? at(Math.floor(i.scrollTop / i.rowHeight)) : null
}

/**
 * The scroll offset that puts the anchor back at its place, or null to leave the scroll alone
 * (no anchor, its row is gone, or it is already there).
 * @param index the anchor row's index after the change (-1 when it is no longer shown).
 */
export function restoreScrollTop(anchor: Anchor | null, index: number, rowHeight: number, scrollTop: number, maxScrollTop: number): number | null {
  if (!anchor || index < 0) return null
  const want = Math.max(0, Math.min(maxScrollTop, index * rowHeight - anchor.offset))
  return Math.abs(want - scrollTop) < 1 ? null : want
}
