/**
 * A kind of either kind: a built-in registry kind or a cluster's custom kind.
 *
 * Why: views, stores and the api client carry "the kind of this list" whether the registry knows
 * it or a cluster discovered it; one name for the union keeps those signatures honest.
 * Lifecycle: types only.
 */
import type { CustomKindDef, CustomKindId } from './custom.ts'
import type { KindDef, KindId } from './registry.ts'

/** A built-in or a custom kind's token. */
export type AnyKindId = KindId | CustomKindId
/** A built-in or a custom kind's def. */
export type AnyKindDef = KindDef | CustomKindDef
