/**
 * The shapes every projector shares: the plain-JSON object it reads and the cells it returns.
 *
 * Why a file of its own: the projectors (`<family>.ts`), their table (`projectors.ts`) and the
 * entry point (`index.ts`) all need these types; declaring them in `index.ts`, which imports the
 * table, made the folder an import cycle.
 */
import type { CellValue } from '../../dto/row.ts'

/** The subset of an object a projector reads: plain JSON, never typed client objects. */
export interface ObjectLike {
  readonly metadata?: {
    readonly name?: string
    readonly namespace?: string
    readonly uid?: string
    readonly resourceVersion?: string
    readonly creationTimestamp?: string
    readonly deletionTimestamp?: string
    readonly labels?: Readonly<Record<string, string>>
    readonly [k: string]: unknown
  }
  readonly [k: string]: unknown
}

/** Cells (and extra facts) for one kind; identity fields are filled in by `projectRow`. */
export interface Projection {
  readonly cells: Record<string, CellValue>
  readonly extra?: Record<string, CellValue>
}

export type Projector = (obj: ObjectLike, nowMs: number) => Projection
