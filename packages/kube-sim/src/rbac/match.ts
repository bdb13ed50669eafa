/**
 * Rule matching, as the RBAC authorizer does it (plugin/pkg/auth/authorizer/rbac/rbac.go
 * `RuleAllows`, and pkg/apis/rbac/v1/evaluation_helpers.go).
 *
 * Why: every request and every access review comes down to "does this one rule allow these
 * attributes"; the rules are Kubernetes', including the corners people trip on: `*` matches any
 * verb, group or resource, a resource rule `pods` does not cover `pods/log`, a `*` + `/scale` rule
 * covers every resource's scale subresource, `resourceNames` restricts to names (a list, having no name,
 * never matches a rule with names), and a non-resource URL ending in `*` is a prefix.
 * Pure functions, no state.
 */
import { ALL } from './types.ts'
import type { Attributes, PolicyRule } from './types.ts'

/** The rule lists one of `verbs` is `*` or the verb itself. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === ALL || v === verb)
}

/** The rule lists `*` or the group ('' = core). */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group)
}

/**
 * The rule lists `*`, the combined resource (`pods` or `pods/log`), or `*` + `/` + the
 * requested subresource.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true
  }
  return false
}

/** No resourceNames (any name), or the name is listed. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? []
  return names.length === 0 || names.includes(name)
}

/** The rule lists `*`, the path itself, or a prefix of it ending in `*`. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true
  }
  return false
}

/** Whether one rule allows the request (`RuleAllows`). */
export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    )
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path)
}
