/**
 * The projector table: one entry per kind. PLACEHOLDER until each kind has its own file; every
 * kind currently yields only its AGE cell.
 */
import { KIND_IDS } from '../registry.ts'
import type { KindId } from '../registry.ts'
import type { Projector } from './index.ts'

const ageOnly: Projector = (obj) => ({ cells: { age: obj.metadata?.creationTimestamp ?? null } })

export const PROJECTORS: Record<KindId, Projector> = Object.fromEntries(
  KIND_IDS.map((k) => [k, ageOnly])
) as Record<KindId, Projector>
