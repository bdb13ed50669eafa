/**
 * Whether one set of rules covers another, for RBAC's escalation check
 * (k8s.io/component-helpers/auth/rbac/validation/policy_comparator.go `Covers`, and
 * pkg/registry/rbac/validation/policy_compact.go `CompactRules` for the message).
 *
 * Why: the apiserver refuses a Role or a binding that grants what its author does not hold
 * ("is attempting to grant RBAC permissions not currently held: {APIGroups:[""], Resources:["*"],
 * Verbs:["*"]}"), unless the author has `escalate` / `bind`. The same breakdown is what
 * `kubectl auth can-i --list` prints from, so the comparison must be Kubernetes' exactly.
 * Pure functions.
 */
import { ALL } from './types.ts'
import type { PolicyRule } from './types.ts'

/** One rule per (group, resource, verb[, name]) and per (URL, verb): `BreakdownRule`. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = []
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        const names = rule.resourceNames ?? []
        if (names.length > 0) for (const name of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] })
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] })
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] })
  }
  return out
}

const hasAll = (set: readonly string[] = [], wanted: readonly string[] = []): boolean => wanted.every((w) => set.includes(w))

function resourceCoversAll(set: readonly string[] = [], wanted: readonly string[] = []): boolean {
  if (set.includes(ALL) || hasAll(set, wanted)) return true
  for (const path of wanted) {
    if (set.includes(path)) continue
    const slash = path.indexOf('/')
    if (slash < 0) return false
    if (!set.includes(`*/${path.slice(slash + 1)}`)) return false
  }
  return true
}

function urlCovers(owner: string, sub: string): boolean {
  return owner === sub || (owner.endsWith('*') && sub.startsWith(owner.replace(/\*+$/, '')))
}

/** `ruleCovers`: does `owner` (any shape) cover `sub` (at most one of each)? */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = (owner.verbs ?? []).includes(ALL) || hasAll(owner.verbs, sub.verbs)
  const groups = (owner.apiGroups ?? []).includes(ALL) || hasAll(owner.apiGroups, sub.apiGroups)
  const resources = resourceCoversAll(owner.resources, sub.resources)
  const urls = (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => urlCovers(o, p)))
  const ownerNames = owner.resourceNames ?? []
  const subNames = sub.resourceNames ?? []
  const names = subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames)
  return verbs && groups && resources && names && urls
}

/** `Covers`: whether `owner` covers every piece of `servant`, and the pieces it does not. */
export function covers(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing = servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)))
  return { covered: missing.length === 0, missing }
}

/**
 * `CompactRules`: rules of one group, one resource and at most one resource name (nothing else)
 * merged by their verbs (`isSimpleResourceRule`).
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = []
  const simple = new Map<string, PolicyRule & { verbs: string[] }>()
  for (const r of rules) {
    const isSimple = (r.resourceNames?.length ?? 0) <= 1 && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1
    if (!isSimple) {
      out.push(r)
      continue
    }
    const key = JSON.stringify([r.apiGroups?.[0], r.resources?.[0], r.resourceNames?.[0] ?? ''])
    const prev = simple.get(key)
    if (prev) prev.verbs.push(...(r.verbs ?? []))
    else simple.set(key, { ...r, apiGroups: [...(r.apiGroups ?? [])], resources: [...(r.resources ?? [])], verbs: [...(r.verbs ?? [])] })
  }
  return [...out, ...simple.values()]
}

/** Go's `%q` of a []string: `["a" "b"]`. */
const goQuoted = (list: readonly string[]): string => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`

/** `CompactString`: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = []
  if (r.apiGroups?.length) parts.push(`APIGroups:${goQuoted(r.apiGroups)}`)
  if (r.resources?.length) parts.push(`Resources:${goQuoted(r.resources)}`)
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoted(r.nonResourceURLs)}`)
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goQuoted(r.resourceNames)}`)
  if (r.verbs?.length) parts.push(`Verbs:${goQuoted(r.verbs)}`)
  return `{${parts.join(', ')}}`
}
