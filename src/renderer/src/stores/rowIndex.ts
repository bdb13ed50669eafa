/**
 * A sorted, filtered array of rows that is kept up to date incrementally.
 *
 * Why: at 150k rows a full re-sort costs ~180 ms (performance-notes §4.5), far over a frame.
 * Deltas mostly change a status cell, not the sort key, so a changed row is usually replaced in
 * place; a row whose position moves is removed and binary-inserted. Only a big batch (or a new
 * sort/filter, which the user asked for) rebuilds the whole array. A new sort re-sorts decorated
 * (values read once per row, bench/sortFilter.ts) and takes the previous index's uid map over.
 * Lifecycle: `rebuild` on snapshot, `takeOver` on sort change, `rebuildSorted` on filter change,
 * `apply` per committed batch.
 */
import type { RowDto } from '../../../shared/dto/row.ts'

export type Compare = (a: RowDto, b: RowDto) => number
export type Predicate = (row: RowDto) => boolean
/** A comparator that also sorts decorated (rowQuery's `KeyedCompare`): used for rebuilds when given. */
interface Keyed {
  readonly column: string
  readonly num: (r: RowDto) => number
  readonly txt: (r: RowDto) => string
  readonly sign: number
  readonly tSign: number
}

/** Above this share of the rows changed in one batch, a rebuild is cheaper than splices. */
const REBUILD_SHARE = 0.05
/** …but never rebuild for small lists' tiny batches below this many changes. */
const REBUILD_MIN = 256

export interface RowIndex {
  /** The visible rows in order. Mutated in place; watch `version`. */
  readonly rows: RowDto[]
  /** Bumped on every change of `rows`. */
  readonly version: number
  rebuild(all: Iterable<RowDto>): void
  /**
   * Rebuild from rows already in this index's order (another index of the same sort): only the
   * filter runs, no sort — a new filter on 150k rows costs the predicate, not a re-sort.
   */
  rebuildSorted(sorted: readonly RowDto[]): void
  /**
   * Take over every row of `from`, an up-to-date index of the same filter in another order, and
   * sort them in this one's (reversed only, when `from` is the same column the other way). `from`
   * must not be used afterwards: its uid map moves here instead of being rebuilt (at 150k rows
   * building that map is as slow as the sort itself).
   */
  takeOver(from: RowIndex): void
  /** The comparator it was made with. */
  readonly compare: Compare
  /** The uid → row map of the rows placed (for `takeOver`). */
  readonly placed: ReadonlyMap<string, RowDto>
  /**
   * Apply changed rows. `lookup` gives the current row for a uid (undefined when deleted).
   * @returns true when `rows` changed.
   */
  apply(changed: Iterable<string>, lookup: (uid: string) => RowDto | undefined, total: number): boolean
  /** The position of a row in `rows` (binary search), or -1 when it is not shown. */
  indexOf(uid: string): number
}

/** Ties broken by uid: a total order, so a row's position can be found by binary search. */
function totalOrder(cmp: Compare): Compare {
  return (a, b) => cmp(a, b) || byUid(a, b)
}

function byUid(a: RowDto, b: RowDto): number {
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0
}

/**
 * Sort `rows` in place in the total order. With a keyed comparator: decorate-sort-undecorate (the
 * sort value of each row read once into flat arrays, then an index sort that compares array
 * entries and the rows' own strings: no allocation per comparison, nor per row but the text).
 * `inTieOrder`: `rows` already run in the ties' order (namespace, name, uid ascending — the
 * default sort of a list across namespaces), so a row's position breaks ties: two numbers compared
 * instead of two or three strings (most comparisons of a column with few values are ties).
 */
function asKeyed(c: Compare): Keyed | undefined {
  const k = c as Compare & Partial<Keyed>
  return k.num && k.txt && k.column !== undefined && k.sign !== undefined && k.tSign !== undefined ? (k as Keyed) : undefined
}

function sortRows(rows: RowDto[], compare: Compare, cmp: Compare, inTieOrder = false): void {
  const keyed = asKeyed(compare)
  if (!keyed) {
    rows.sort(cmp)
    return
  }
  const n = rows.length
  const src = rows.slice()
  const num = new Float64Array(n)
  const txt: string[] = new Array<string>(n)
  const order: number[] = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const r = src[i]
    num[i] = keyed.num(r)
    txt[i] = keyed.txt(r)
    order[i] = i
  }
  const { sign, tSign } = keyed
  order.sort((i, j) => {
    const x = num[i]
    const y = num[j]
    if (x !== y) return x < y ? -sign : sign
    const ti = txt[i]
    const tj = txt[j]
    if (ti !== tj) return ti < tj ? -sign * tSign : sign * tSign
    if (inTieOrder) return i < j ? -sign : sign
    const a = src[i]
    const b = src[j]
    if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -sign : sign
    if (a.name !== b.name) return a.name < b.name ? -sign : sign
    return a.uid === b.uid ? 0 : a.uid < b.uid ? -sign : sign
  })
  for (let k = 0; k < n; k++) rows[k] = src[order[k]]
}

function lowerBound(rows: readonly RowDto[], row: RowDto, cmp: Compare): number {
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cmp(rows[mid], row) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Create an index for one sort order and one filter.
 * @param compare the user's sort (ties are broken by uid internally).
 * @param predicate the text filter (use `() => true` for none).
 */
export function createRowIndex(compare: Compare, predicate: Predicate): RowIndex {
  const cmp = totalOrder(compare)
  /** The row object currently placed in `rows`, per uid: needed to find its old position. */
  let placed = new Map<string, RowDto>()
  const idx = {
    rows: [] as RowDto[],
    version: 0,
    get placed(): ReadonlyMap<string, RowDto> {
      return placed
    },
    takeOver(from: RowIndex): void {
      const a = asKeyed(compare)
      const b = asKeyed(from.compare)
      const out = from.rows.slice()
      if (a && b && a.column === b.column && a.sign === -b.sign) out.reverse()
      else sortRows(out, compare, cmp, b?.column === 'namespace' && b.sign === 1)
      placed = from.placed as Map<string, RowDto>
      idx.rows = out
      idx.version++
    },
    compare,
    rebuild(all: Iterable<RowDto>): void {
      placed = new Map()
      const out: RowDto[] = []
      for (const r of all)
        if (predicate(r)) {
          out.push(r)
          placed.set(r.uid, r)
        }
      sortRows(out, compare, cmp)
      idx.rows = out
      idx.version++
    },
    rebuildSorted(sorted: readonly RowDto[]): void {
      placed = new Map()
      const out: RowDto[] = []
      for (const r of sorted)
        if (predicate(r)) {
          out.push(r)
          placed.set(r.uid, r)
        }
      idx.rows = out
      idx.version++
    },
    apply(changed: Iterable<string>, lookup: (uid: string) => RowDto | undefined, total: number): boolean {
      const uids = [...changed]
      if (uids.length > REBUILD_MIN && uids.length > total * REBUILD_SHARE) {
        const all: RowDto[] = []
        for (const r of placed.values()) {
          const cur = lookup(r.uid)
          if (cur) all.push(cur)
        }
        for (const u of uids) {
          const cur = lookup(u)
          if (cur && !placed.has(u)) all.push(cur)
        }
        idx.rebuild(all)
        return true
      }
      let dirty = false
      for (const uid of uids) dirty = applyOne(uid, lookup(uid)) || dirty
      if (dirty) idx.version++
      return dirty
    },
    indexOf(uid: string): number {
      const row = placed.get(uid)
      if (!row) return -1
      const at = lowerBound(idx.rows, row, cmp)
      return idx.rows[at] === row ? at : -1
    }
  }
  function applyOne(uid: string, next: RowDto | undefined): boolean {
    const prev = placed.get(uid)
    const keep = next !== undefined && predicate(next)
    if (prev === next && keep) return false
    const rows = idx.rows
    if (prev) {
      const at = lowerBound(rows, prev, cmp)
      if (keep && next) {
        const fitsLeft = at === 0 || cmp(rows[at - 1], next) < 0
        const fitsRight = at === rows.length - 1 || cmp(next, rows[at + 1]) < 0
        if (fitsLeft && fitsRight) {
          rows[at] = next
          placed.set(uid, next)
          return true
        }
      }
      rows.splice(at, 1)
      placed.delete(uid)
    }
    if (keep && next) {
      rows.splice(lowerBound(rows, next, cmp), 0, next)
      placed.set(uid, next)
    }
    return prev !== undefined || keep
  }
  return idx
}
