/**
 * Table cells of the kinds the simulator serves beyond the app's registry (ConfigMap, Secret,
 * ServiceAccount, Lease), as the apiserver's printers (`pkg/printers/internalversion`) print them.
 *
 * Why: the registry kinds print through the shared row projection; these have no view in the app,
 * so their few columns are computed here (NAME, then DATA / TYPE,DATA / SECRETS / HOLDER, AGE).
 */
import { ageSince } from '../../../../src/shared/kinds/rows/format.ts'
import type { ExtraKindId } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

const count = (v: unknown): number => (v && typeof v === 'object' ? Object.keys(v).length : 0)

/** The cells after NAME of an extra kind's object, in its columns' order. */
export function extraCells(kind: ExtraKindId, obj: KubeObject, nowMs: number): (string | number)[] {
  const age = ageSince(obj.metadata.creationTimestamp, nowMs)
  switch (kind) {
    case 'configmaps': return [count(obj.data) + count(obj.binaryData), age]
    case 'secrets': return [typeof obj.type === 'string' ? obj.type : 'Opaque', count(obj.data), age]
    case 'serviceaccounts': return [Array.isArray(obj.secrets) ? obj.secrets.length : 0, age]
    case 'leases': return [String((obj.spec as { holderIdentity?: unknown } | undefined)?.holderIdentity ?? ''), age]
  }
}
