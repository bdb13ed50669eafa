/**
 * Row projection: a Kubernetes object (plain JSON) → its list-row DTO.
 *
 * Why: one projection serves the engine's snapshot, deltas and polled list, and the simulator's
 * `as=Table` output, so what kubectl prints for the demo cluster and what the app shows agree.
 * Each kind has one projector in this folder (`<kind>.ts`) computing the cells exactly the way
 * kubectl's printers do. No secret data is ever read into a row.
 */
import type { KindId } from '../registry.ts'
import type { RowDto } from '../../dto/row.ts'
import type { ObjectLike } from './types.ts'
import { PROJECTORS } from './projectors.ts'

export type { ObjectLike } from './types.ts'

/**
 * Project an object to its row DTO.
 * @param nowMs only for columns that kubectl computes relative to now and that are not ticking
 *   timestamps (kept for Table output; DTO time columns carry timestamps instead).
 */
export function projectRow(kind: KindId, obj: ObjectLike, nowMs: number = Date.now()): RowDto {
  const m = obj.metadata ?? {}
  const p = PROJECTORS[kind](obj, nowMs)
  const row: RowDto = {
    uid: m.uid ?? '',
    kind,
    namespace: m.namespace ?? '',
    name: m.name ?? '',
    createdAt: m.creationTimestamp ?? '',
    resourceVersion: m.resourceVersion ?? '',
    labels: m.labels ?? {},
    cells: p.cells,
    ...(m.deletionTimestamp ? { deletingAt: m.deletionTimestamp } : {}),
    ...(p.extra ? { extra: p.extra } : {})
  }
  return row
}
