/**
 * The columns a kind's table shows: NAME, NAMESPACE (when it spans namespaces), then the
 * registry's columns (the `-o wide` ones only on request), each with a width track.
 */
import type { ColumnDef, ColumnType, KindDef } from '../../../shared/kinds/registry.ts'

export interface TableColumn {
  readonly id: string
  readonly title: string
  readonly type: ColumnType
  /** A CSS grid track. */
  readonly track: string
  /** The registry column behind it (absent for NAME and NAMESPACE). */
  readonly def?: ColumnDef
}

/** Track per column type: fixed for short values, flexible for names and free text. */
const TRACKS: Record<ColumnType, string> = {
  string: 'minmax(110px, 1fr)', number: '96px', age: '80px', time: '96px', status: 'minmax(130px, 0.8fr)', ready: '76px', restarts: '128px'
}

/**
 * @param allNamespaces show NAMESPACE (namespaced kind, no namespace filter).
 * @param wide include `-o wide` columns.
 */
export function tableColumns(kind: KindDef, allNamespaces: boolean, wide: boolean): readonly TableColumn[] {
  const out: TableColumn[] = []
  if (kind.namespaced && allNamespaces) out.push({ id: 'namespace', title: 'NAMESPACE', type: 'string', track: 'minmax(120px, 0.8fr)' })
  out.push({ id: 'name', title: 'NAME', type: 'string', track: 'minmax(220px, 2.2fr)' })
  for (const c of kind.columns as readonly ColumnDef[]) {
    if (c.wide && !wide) continue
    out.push({ id: c.id, title: c.title, type: c.type, track: c.id === 'message' ? 'minmax(240px, 3fr)' : TRACKS[c.type], def: c })
  }
  return out
}
