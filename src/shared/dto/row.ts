/**
 * The list-row DTO: the one wire shape shared by the snapshot, the deltas and the polled list.
 *
 * Why: the main process never keeps full objects (spec §10: ≤ 1 KB per watched object). Each
 * object is projected once, on arrival, to this small row: identity, the columns that
 * `kubectl get -o wide` shows (computed the way kubectl computes them), and nothing secret.
 */
import type { ColumnDef, KindId } from '../kinds/registry.ts'
import type { CustomKindId } from '../kinds/custom.ts'

/** A cell value. `age`/`time` columns carry an ISO-8601 timestamp (or null); others text/number. */
export type CellValue = string | number | boolean | null

export interface RowDto {
  /** metadata.uid: the row's identity in every store. */
  readonly uid: string
  /** A registry token, or a cluster's custom kind (`<plural>.<group>`). */
  readonly kind: KindId | CustomKindId
  /** '' for cluster-scoped kinds. */
  readonly namespace: string
  readonly name: string
  /** metadata.creationTimestamp (ISO-8601). */
  readonly createdAt: string
  /** metadata.resourceVersion of the object this row was projected from. */
  readonly resourceVersion: string
  readonly labels: Readonly<Record<string, string>>
  /** metadata.deletionTimestamp when the object is being deleted. */
  readonly deletingAt?: string
  /** Column id (see the registry) → value. */
  readonly cells: Readonly<Record<string, CellValue>>
  /**
   * Extra facts a view needs that are not columns, e.g. for pods `lastRestartAt` (RESTARTS
   * shows "3 (5m ago)") and `phase`; kept small and never secret.
   */
  readonly extra?: Readonly<Record<string, CellValue>>
}

/** The polled list: `GET /api/clusters/{cluster}/{kind}`. */
export interface RowList {
  readonly items: readonly RowDto[]
  readonly resourceVersion: string
  /** True when served from a cache that is not currently being kept up to date (offline). */
  readonly stale: boolean
  /** When `stale`, the time the rows were last known good (ISO-8601). */
  readonly lastSeen?: string
  /**
   * Set only when `items` is a bounded copy of a bigger list (the offline cache keeps at most
   * 20,000 rows per list): how many rows the list had. The view then says "20,000 of 20,080".
   */
  readonly total?: number
  /**
   * Custom kinds only: the columns of the apiserver's Table these rows were cut from (after
   * NAME), which a view shows instead of registry columns. Absent for built-in kinds.
   */
  readonly columns?: readonly ColumnDef[]
}
