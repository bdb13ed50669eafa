/**
 * Table cells of the kinds the simulator serves beyond the app's registry (Lease), as the apiserver's printers (`pkg/printers/internalversion`) print them.
 *
 * Why: the registry kinds print through the shared row projection; these have no view in the app,
 * so their few columns are computed here (NAME, HOLDER, AGE).
 */
import { ageSince } from '../../../../src/shared/kinds/rows/format.ts'
import type { ExtraKindId } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

/** The cells after NAME of an extra kind's object, in its columns' order. */
export function extraCells(kind: ExtraKindId, obj: KubeObject, nowMs: number): (string | number)[] {
  const age = ageSince(obj.metadata.creationTimestamp, nowMs)
  switch (kind) {
    case 'leases':
      return [String((obj.spec as { holderIdentity?: unknown } | undefined)?.holderIdentity ?? ''), age]
  }
}
