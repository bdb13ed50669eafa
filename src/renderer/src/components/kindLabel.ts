/** Display names of kinds: `Pods`, `NetworkPolicies`, `IngressClasses` (from the registry's kind). */
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'

/** The plural display name of a kind. */
export function kindPlural(k: Pick<AnyKindDef, 'kind'>): string {
  if (k.kind.endsWith('s')) return `${k.kind}es`
  if (k.kind.endsWith('y')) return `${k.kind.slice(0, -1)}ies`
  return `${k.kind}s`
}

/** Lower-case words for sentences: "pods", "network policies". */
export function kindWords(k: Pick<AnyKindDef, 'kind'>): string {
  return kindPlural(k)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
}
