/**
 * The def of a (cluster, kind) for a view, built-in or custom, kept current.
 *
 * Why a hook: a custom kind's def changes while a view is open (discovery answers, its first list
 * brings the Table's columns); views must re-render with it. Built-in kinds never change.
 * Lifecycle: subscribes to the kind catalog for as long as the component is mounted.
 */
import { useStore } from 'zustand'
import type { AnyKindDef, AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { kindCatalog, kindOrPlaceholder } from '../stores/kindCatalog.ts'

/** The def of `kind` in `cluster` (a placeholder def for a custom kind not known yet). */
export function useKindDef(cluster: string, kind: AnyKindId): AnyKindDef {
  return useStore(kindCatalog, (s) => kindOrPlaceholder(cluster, kind, s))
}
