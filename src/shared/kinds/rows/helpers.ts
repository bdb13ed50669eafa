/**
 * Small formatting helpers shared by the projectors, each a port of the apimachinery / printers
 * helper named in its comment. They read plain JSON (as the apiserver sends it), never clone it,
 * and use simple loops (no regex) because they run per watch event.
 */

/** A label selector as the API serialises it (`metav1.LabelSelector`). */
export interface LabelSelectorLike {
  readonly matchLabels?: Readonly<Record<string, string>>
  readonly matchExpressions?: readonly { readonly key?: string; readonly operator?: string; readonly values?: readonly string[] }[]
}

/** A container of a pod template: only the two fields the wide columns show. */
export interface ContainerLike {
  readonly name?: string
  readonly image?: string
}

/** Sorted keys of a small record (labels, selectors): insertion sort beats a comparator call here. */
function sortedKeys(m: Readonly<Record<string, string>>): string[] {
  return Object.keys(m).sort()
}

/**
 * `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when empty.
 * @returns the text kubectl prints for a label map (service selector, DS node selector).
 */
export function formatLabels(m: Readonly<Record<string, string>> | undefined): string {
  if (!m) return '<none>'
  const keys = sortedKeys(m)
  if (keys.length === 0) return '<none>'
  let out = ''
  for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + keys[i] + '=' + m[keys[i]]
  return out
}

/**
 * `metav1.LabelSelectorAsSelector(sel).String()`: requirements sorted by key; `In`/`NotIn`
 * values sorted. Returns '' for a nil or empty selector, and null when the selector is invalid
 * (an unknown operator), which callers print as kubectl does (`<error>` / `<invalid>`).
 */
export function selectorString(sel: LabelSelectorLike | undefined | null): string | null {
  if (!sel) return ''
  const reqs: { key: string; text: string }[] = []
  const ml = sel.matchLabels
  if (ml) for (const k in ml) reqs.push({ key: k, text: k + '=' + ml[k] })
  const me = sel.matchExpressions
  if (me) {
    for (const e of me) {
      const key = e.key ?? ''
      const vals = e.values ? [...e.values].sort() : []
      switch (e.operator) {
        case 'In':
          reqs.push({ key, text: `${key} in (${vals.join(',')})` })
          break
        case 'NotIn':
          reqs.push({ key, text: `${key} notin (${vals.join(',')})` })
          break
        case 'Exists':
          reqs.push({ key, text: key })
          break
        case 'DoesNotExist':
          reqs.push({ key, text: '!' + key })
          break
        default:
          return null
      }
    }
  }
  if (reqs.length === 0) return ''
  // Stable sort by key, as labels.internalSelector sorts requirements ByKey.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  let out = ''
  for (let i = 0; i < reqs.length; i++) out += (i ? ',' : '') + reqs[i].text
  return out
}

/** `metav1.FormatLabelSelector`: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelectorLike | undefined | null): string {
  const s = selectorString(sel)
  if (s === null) return '<error>'
  return s === '' ? '<none>' : s
}

/** `layoutContainerCells`: container names and images, each joined with `,`. */
export function layoutContainers(containers: readonly ContainerLike[] | undefined): { names: string; images: string } {
  let names = ''
  let images = ''
  if (containers) {
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i]
      if (i) {
        names += ','
        images += ','
      }
      names += c.name ?? ''
      images += c.image ?? ''
    }
  }
  return { names, images }
}

/** The access-mode order kubectl prints (`storageutil.GetAccessModesAsString`). */
const ACCESS_MODES: readonly (readonly [string, string])[] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP']
]

/** `GetAccessModesAsString`: `RWO,ROX,RWX,RWOP` in that fixed order, duplicates removed. */
export function accessModesString(modes: readonly string[] | undefined): string {
  if (!modes || modes.length === 0) return ''
  let out = ''
  for (const [mode, short] of ACCESS_MODES) {
    if (modes.includes(mode)) out += (out ? ',' : '') + short
  }
  return out
}

/**
 * `listWithMoreString` (endpoint slices) and the HPA/ingress variants: the first `max` items
 * joined, then ` + N more...`; `empty` when there is nothing.
 */
export function listWithMore(list: readonly string[], total: number, max: number, sep: string, empty: string): string {
  const ret = list.join(sep)
  if (total > max) return `${ret} + ${total - max} more...`
  return ret === '' ? empty : ret
}

/** Distinct non-empty values in sorted order (`sets.List` of the Go printers). */
export function sortedUnique(values: readonly string[]): string[] {
  if (values.length < 2) return values.slice()
  return [...new Set(values)].sort()
}

/** Parse an RFC 3339 timestamp to epoch ms; NaN when absent or malformed. */
export function parseTime(iso: string | undefined | null): number {
  return iso ? Date.parse(iso) : NaN
}
