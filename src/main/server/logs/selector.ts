/**
 * A workload's `spec.selector` (metav1.LabelSelector) as a matcher of pod labels, and its text
 * as kubectl prints it (`app=web,tier in (a,b)`).
 *
 * Why: a workload's logs are the logs of the pods it selects, which is its selector, not its
 * name prefix; an empty or missing selector selects nothing here (never every pod).
 */

interface Requirement {
  readonly key?: string
  readonly operator?: string
  readonly values?: readonly string[]
}
interface SelectorLike {
  readonly matchLabels?: Readonly<Record<string, string>>
  readonly matchExpressions?: readonly Requirement[]
}

export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>> | undefined): boolean
  /** kubectl's rendering (metav1.FormatLabelSelector). */
  readonly text: string
}

/** The matcher of a workload object's `spec.selector`, or undefined when it has none. */
export function workloadSelector(obj: unknown): LabelMatcher | undefined {
  const sel = (obj as { spec?: { selector?: SelectorLike } } | undefined)?.spec?.selector
  const labels = Object.entries(sel?.matchLabels ?? {})
  const exprs = sel?.matchExpressions ?? []
  if (labels.length === 0 && exprs.length === 0) return undefined
  const parts = [
    ...labels.map(([k, v]) => `${k}=${v}`),
    ...exprs.map((e) => {
      const vs = [...(e.values ?? [])].sort().join(',')
      switch (e.operator) {
        case 'In':
          return `${e.key} in (${vs})`
        case 'NotIn':
          return `${e.key} notin (${vs})`
        case 'Exists':
          return `${e.key}`
        case 'DoesNotExist':
          return `!${e.key}`
        default:
          return `${e.key} ${e.operator} (${vs})`
      }
    })
  ]
  return {
    text: parts.join(','),
    matches(l) {
      const have = l ?? {}
      if (!labels.every(([k, v]) => have[k] === v)) return false
      return exprs.every((e) => {
        const key = e.key ?? ''
        const v = have[key]
        switch (e.operator) {
          case 'In':
            return v !== undefined && (e.values ?? []).includes(v)
          case 'NotIn':
            return v === undefined || !(e.values ?? []).includes(v)
          case 'Exists':
            return v !== undefined
          case 'DoesNotExist':
            return v === undefined
          default:
            return false
        }
      })
    }
  }
}
