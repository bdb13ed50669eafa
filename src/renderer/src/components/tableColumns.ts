/**
 * The columns a kind's table shows, as data: CLUSTER (when it merges clusters), NAMESPACE (when it spans namespaces), NAME (unless
 * kubectl prints none, as for events), then the registry's columns (the `-o wide` ones only on
 * request), each with a default width, a minimum, a share of leftover space and how its text is
 * cut. Column prefs (hidden, order) apply last, so a column chooser only edits prefs.
 */
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'
import type { ColumnDef, ColumnType } from '../../../shared/kinds/registry.ts'
import type { ColumnPrefs } from '../stores/columnPrefs.ts'

export interface TableColumn {
  readonly id: string
  readonly title: string
  readonly type: ColumnType
  /** Default width in px, before leftover space is shared out. */
  readonly width: number
  /** The narrowest a drag or the keyboard may make it. */
  readonly minWidth: number
  /** Share of leftover space (0 = keeps its width). */
  readonly grow: number
  /** How overflowing text is cut: at the end, or in the middle (keeps a name's hash suffix). */
  readonly truncate: 'end' | 'middle'
  /** The registry column behind it (absent for NAME and NAMESPACE). */
  readonly def?: ColumnDef
}

/** Default widths per column type: fixed for short values, growing for names and free text. */
const WIDTH: Record<ColumnType, { width: number; grow: number }> = {
  string: { width: 140, grow: 1 },
  number: { width: 84, grow: 0 },
  age: { width: 70, grow: 0 },
  time: { width: 84, grow: 0 },
  status: { width: 168, grow: 0.5 },
  ready: { width: 66, grow: 0 },
  restarts: { width: 128, grow: 0 }
}
/** Columns whose values are long free text: they take most of the leftover space. */
const LONG: Readonly<Record<string, { width: number; grow: number }>> = {
  message: { width: 240, grow: 4 },
  object: { width: 190, grow: 1.2 },
  reason: { width: 120, grow: 0.4 },
  type: { width: 110, grow: 0 },
  source: { width: 180, grow: 0.5 },
  subobject: { width: 180, grow: 0.5 },
  images: { width: 200, grow: 1.2 },
  containers: { width: 160, grow: 0.8 },
  selector: { width: 180, grow: 0.8 },
  readinessGates: { width: 140, grow: 0 },
  nominatedNode: { width: 140, grow: 0 }
}
/** Where one kind's column needs another width than the same id elsewhere (an event's TYPE is Normal/Warning; a service's is LoadBalancer). */
const KIND_WIDTH: Readonly<Partial<Record<string, Readonly<Record<string, { width: number; grow: number }>>>>> = {
  events: { type: { width: 86, grow: 0 } }
}
/** Columns holding object names (with generated suffixes): cut in the middle, like NAME. */
const NAME_LIKE = new Set(['node', 'object', 'nominatedNode', 'eventName', 'volume', 'reference'])
/** Header text is 11 px, semi-bold, upper case with letter spacing: about this wide per character. */
const HEADER_CHAR_PX = 8.2
/** Cell padding (12 px each side) plus the sort arrow and its gap. */
const HEADER_CHROME_PX = 40
/** Nothing gets narrower than this by dragging: an ellipsis and a letter or two. */
const MIN_WIDTH = 48

/** Wide enough for the header title (never cut at the default width). */
function titleWidth(title: string): number {
  return Math.ceil(title.length * HEADER_CHAR_PX + HEADER_CHROME_PX)
}

function column(id: string, title: string, type: ColumnType, base: { width: number; grow: number }, truncate: 'end' | 'middle', def?: ColumnDef): TableColumn {
  const width = Math.max(base.width, titleWidth(title))
  return { id, title, type, width, minWidth: MIN_WIDTH, grow: base.grow, truncate, ...(def ? { def } : {}) }
}

/**
 * The columns of a kind's table.
 * @param allNamespaces show NAMESPACE (namespaced kind, no namespace filter).
 * @param wide include `-o wide` columns.
 * @param prefs the user's hidden columns and order (unknown ids are ignored).
 */
export function tableColumns(kind: AnyKindDef, allNamespaces: boolean, wide: boolean, prefs?: ColumnPrefs, multiCluster = false): readonly TableColumn[] {
  return applyPrefs(allColumns(kind, allNamespaces, wide, multiCluster), prefs)
}

/**
 * Every column a kind's table can show in this view, before the user's choices (the column
 * chooser lists them).
 * @param multiCluster the table merges several clusters: CLUSTER comes first.
 */
export function allColumns(kind: AnyKindDef, allNamespaces: boolean, wide: boolean, multiCluster = false): TableColumn[] {
  const out: TableColumn[] = []
  if (multiCluster) out.push(column('cluster', 'CLUSTER', 'string', { width: 130, grow: 0.3 }, 'end'))
  if (kind.namespaced && allNamespaces) out.push(column('namespace', 'NAMESPACE', 'string', { width: 120, grow: 0.4 }, 'end'))
  // kubectl prints events with no leading NAME: their name is a wide column of its own.
  if (!kind.columns.some((c) => c.title === 'NAME')) out.push(column('name', 'NAME', 'string', { width: 220, grow: 2.5 }, 'middle'))
  for (const c of kind.columns) {
    if (c.wide && !wide) continue
    out.push(
      column(c.id, c.title, c.type, KIND_WIDTH[kind.id]?.[c.id] ?? LONG[c.id] ?? WIDTH[c.type], NAME_LIKE.has(c.id) || c.title === 'NAME' ? 'middle' : 'end', c)
    )
  }
  return out
}

/** Drop hidden columns and put the ordered ones first, in their order; the rest keep theirs. */
export function applyPrefs(cols: TableColumn[], prefs: ColumnPrefs | undefined): readonly TableColumn[] {
  if (!prefs) return cols
  const hidden = new Set(prefs.hidden ?? [])
  const shown = cols.filter((c) => !hidden.has(c.id))
  const order = prefs.order ?? []
  if (order.length === 0) return shown
  const rank = (c: TableColumn): number => {
    const i = order.indexOf(c.id)
    return i < 0 ? order.length : i
  }
  return shown
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c)
}
