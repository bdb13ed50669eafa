/**
 * Validation of the per-cluster access settings: "namespaces to watch" and the namespace-watch
 * budget (src/shared/api/settings.ts `ClusterSettings`).
 *
 * Why: a namespace-restricted user who may not list namespaces names the namespaces they work in;
 * a name the apiserver could never accept must be refused here with the reason, not turn into a
 * watch that 404s. Namespace names are DNS-1123 labels (k8s.io/apimachinery
 * `IsDNS1123Label`, the rule `ValidateNamespaceName` applies). Pure functions.
 */
import type { ClusterSettings } from '../../shared/api/settings.ts'
import { namespaceNameProblem } from '../../shared/namespaceName.ts'

export { namespaceNameProblem }

/** A validation result (the same shape as settings.ts `Parsed`, kept here: settings.ts imports this file). */
type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

/** Namespaces per cluster: far more than anyone types by hand; bounds the settings file. */
export const MAX_NAMESPACES_TO_WATCH = 500
/** The registry's per-cluster ceiling of upstream watches (registry.ts): a budget above it cannot be met. */
export const MAX_NAMESPACE_WATCH_BUDGET = 320
/** A kubeconfig context name is a free string; this bounds the settings file. */
const MAX_CONTEXT_NAME = 253

/** Validate one cluster's settings. */
export function validateClusterSettings(v: unknown, where: string): Parsed<ClusterSettings> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, error: `${where}: expected an object like {"namespacesToWatch": ["team-a"]}` }
  const o = v as Record<string, unknown>
  for (const k of Object.keys(o)) {
    if (k !== 'namespacesToWatch' && k !== 'namespaceWatchBudget')
      return { ok: false, error: `${where}: unknown field "${k}" (known: namespacesToWatch, namespaceWatchBudget)` }
  }
  const out: { namespacesToWatch?: string[]; namespaceWatchBudget?: number } = {}
  if (o.namespacesToWatch !== undefined) {
    if (!Array.isArray(o.namespacesToWatch)) return { ok: false, error: `${where}.namespacesToWatch: expected a list of namespace names` }
    if (o.namespacesToWatch.length > MAX_NAMESPACES_TO_WATCH)
      return { ok: false, error: `${where}.namespacesToWatch: at most ${MAX_NAMESPACES_TO_WATCH} namespaces` }
    const seen = new Set<string>()
    for (const n of o.namespacesToWatch) {
      if (typeof n !== 'string') return { ok: false, error: `${where}.namespacesToWatch: ${JSON.stringify(n)} is not a string` }
      const problem = namespaceNameProblem(n)
      if (problem) return { ok: false, error: `${where}.namespacesToWatch: invalid namespace name ${JSON.stringify(n)}: ${problem}` }
      seen.add(n)
    }
    out.namespacesToWatch = [...seen]
  }
  if (o.namespaceWatchBudget !== undefined) {
    const b = o.namespaceWatchBudget
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > MAX_NAMESPACE_WATCH_BUDGET) {
      return { ok: false, error: `${where}.namespaceWatchBudget: must be a whole number from 1 to ${MAX_NAMESPACE_WATCH_BUDGET}, got ${JSON.stringify(b)}` }
    }
    out.namespaceWatchBudget = b
  }
  return { ok: true, value: out }
}

/** Validate the `clusters` map of a settings body (`null` values forget a cluster's settings). */
export function validateClusters(v: unknown, source: string): Parsed<Record<string, ClusterSettings | null>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: `${source} clusters: expected an object keyed by context name` }
  const out: Record<string, ClusterSettings | null> = {}
  for (const [ctx, s] of Object.entries(v as Record<string, unknown>)) {
    if (ctx === '' || ctx.length > MAX_CONTEXT_NAME)
      return { ok: false, error: `${source} clusters: a context name must be 1 to ${MAX_CONTEXT_NAME} characters` }
    if (s === null) {
      out[ctx] = null
      continue
    }
    const r = validateClusterSettings(s, `${source} clusters[${JSON.stringify(ctx)}]`)
    if (!r.ok) return r
    out[ctx] = r.value
  }
  return { ok: true, value: out }
}

/** Apply a `clusters` patch to the saved map: named clusters replaced, null ones forgotten, empty ones dropped. */
export function mergeClusters(
  saved: Readonly<Record<string, ClusterSettings>>,
  patch: Readonly<Record<string, ClusterSettings | null>>
): Record<string, ClusterSettings> {
  const out: Record<string, ClusterSettings> = { ...saved }
  for (const [ctx, s] of Object.entries(patch)) {
    if (s === null || Object.keys(s).length === 0) delete out[ctx]
    else out[ctx] = s
  }
  return out
}
