/**
 * The row store of one shared watch: uid → row DTO, never full objects.
 *
 * Why: the main process keeps ≤ 1 KB per watched object (spec §10), so each object is projected
 * on arrival and only its row is kept. The store also turns raw watch events into effective
 * deltas: a MODIFIED whose resourceVersion equals the stored one is a no-op (replays after a
 * rewatch, kubernetes-client/javascript#2424), an ADDED for a known uid is a modification, and a
 * relist is diffed key by key (client-node cache.ts `deleteItems` / `isSameVersion`), keeping
 * unchanged rows' identity so views do not flicker. Lifecycle: `replace()` after every LIST,
 * `apply()` per watch event.
 */
import type { RowDto } from '../../shared/dto/row.ts'

export type DeltaType = 'added' | 'modified' | 'deleted'

export interface Delta {
  readonly type: DeltaType
  readonly row: RowDto
}

/** uid-keyed rows of one (cluster, kind, namespace). */
export class RowStore {
  private rows = new Map<string, RowDto>()

  get size(): number {
    return this.rows.size
  }

  /** Current rows, in insertion order. */
  values(): RowDto[] {
    return [...this.rows.values()]
  }

  /**
   * Swap in a fresh LIST result and return the deltas that turn the old set into the new one:
   * `deleted` for vanished uids, `modified` for a changed resourceVersion, `added` for new uids.
   * Unchanged rows keep the old object. `cellsMayChange`: a row of the same resourceVersion may
   * still have other cells (a custom kind relisted after its printer columns changed), so the
   * old object is kept only when its cells are the same too.
   */
  replace(next: Map<string, RowDto>, cellsMayChange = false): Delta[] {
    const deltas: Delta[] = []
    for (const [uid, row] of next) {
      const old = this.rows.get(uid)
      if (!old) deltas.push({ type: 'added', row })
      else if (old.resourceVersion !== row.resourceVersion || (cellsMayChange && !sameCells(old, row))) deltas.push({ type: 'modified', row })
      else next.set(uid, old)
    }
    for (const [uid, old] of this.rows) if (!next.has(uid)) deltas.push({ type: 'deleted', row: old })
    this.rows = next
    return deltas
  }

  /** Apply one watch event; returns the effective delta, or undefined for a no-op. */
  apply(type: DeltaType, row: RowDto): Delta | undefined {
    const old = this.rows.get(row.uid)
    if (type === 'deleted') {
      if (!old) return undefined
      this.rows.delete(row.uid)
      return { type, row }
    }
    if (old && old.resourceVersion === row.resourceVersion) return undefined
    this.rows.set(row.uid, row)
    return { type: old ? 'modified' : 'added', row }
  }
}

/** Whether two rows have the same cells (same ids, same values). */
function sameCells(a: RowDto, b: RowDto): boolean {
  const ka = Object.keys(a.cells)
  if (ka.length !== Object.keys(b.cells).length) return false
  return ka.every((k) => a.cells[k] === b.cells[k])
}
