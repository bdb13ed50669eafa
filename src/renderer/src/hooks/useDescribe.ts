/**
 * The live lists a describe view reads besides its object: the object's events (from the shared
 * events watch of its namespace — all namespaces for a cluster-scoped object, whose events kubectl
 * also searches everywhere) and the kinds it owns or selects (stores/describe/related.ts).
 *
 * Lifecycle: the lists are opened while the drawer shows the object (shared with any table of
 * the same key, so a pods view and a deployment's drawer use one stream), and re-read on each of
 * their versions; closed with the drawer.
 */
import { useMemo } from 'react'
import type { RowDto } from '../../../shared/dto/row.ts'
import { isKindId } from '../../../shared/kinds/registry.ts'
import { useKindDef } from './useKindDef.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { eventsFor, relatedKinds } from '../stores/describe/related.ts'
import { lists } from '../stores/listStore.ts'
import { useListFeed } from './useResourceStream.ts'

export interface DescribeLists {
  /** The object's events, newest first. */
  readonly events: readonly RowDto[]
  /** The events list has arrived (an empty `events` then means none). */
  readonly eventsLoaded: boolean
  /** Rows of a related kind (in the object's namespace; all for a cluster-scoped one). */
  rowsOf(kind: AnyKindId): readonly RowDto[]
}

const NONE: readonly RowDto[] = []

/** @param uid the object's uid in its cluster. */
export function useDescribe(cluster: string, kind: AnyKindId, namespace: string, name: string, uid: string): DescribeLists {
  const def = useKindDef(cluster, kind)
  const ns = def.namespaced ? namespace : ''
  const related = isKindId(kind) ? relatedKinds(kind) : []
  const ev = useListFeed(cluster, 'events', ns)
  const a = useListFeed(cluster, related[0] ?? null, ns)
  const b = useListFeed(cluster, related[1] ?? null, ns)
  const events = useMemo(() => {
    void ev.version
    const data = lists.data(ev.key)
    return data ? eventsFor(data.rows.values(), def.kind, uid, ns, name) : NONE
  }, [ev.key, ev.version, def.kind, uid, ns, name])
  const rowsA = useMemo(() => {
    void a.version
    return [...(lists.data(a.key)?.rows.values() ?? [])]
  }, [a.key, a.version])
  const rowsB = useMemo(() => {
    void b.version
    return [...(lists.data(b.key)?.rows.values() ?? [])]
  }, [b.key, b.version])
  const eventsLoaded = lists.store.getState().meta[ev.key]?.loaded ?? false
  return {
    events,
    eventsLoaded,
    rowsOf: (k) => (k === related[0] ? rowsA : k === related[1] ? rowsB : NONE)
  }
}
