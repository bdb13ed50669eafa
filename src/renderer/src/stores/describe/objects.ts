/**
 * Reading a full Kubernetes object (plain JSON from `GET …/objects/{name}`) for a describe view:
 * conditions, container statuses with their spec, owner references, selectors. Defensive: any
 * field may be missing or of another shape (other versions, other controllers), and a missing
 * one is simply not shown.
 */

/** A full object as JSON. */
export type Obj = Readonly<Record<string, unknown>> & { readonly metadata?: unknown; readonly spec?: unknown; readonly status?: unknown }

export interface ConditionLike {
  readonly type?: string
  readonly status?: string
  readonly reason?: string
  readonly message?: string
  readonly lastTransitionTime?: string
}

export interface TerminatedLike {
  readonly exitCode?: number
  readonly signal?: number
  readonly reason?: string
  readonly message?: string
  readonly startedAt?: string
  readonly finishedAt?: string
}

export interface StateLike {
  readonly waiting?: { readonly reason?: string; readonly message?: string }
  readonly running?: { readonly startedAt?: string }
  readonly terminated?: TerminatedLike
}

/** A container status, with whether it is an init container and its image from the spec. */
export interface ContainerStatusLike {
  readonly name?: string
  readonly init: boolean
  readonly image?: string
  readonly ready?: boolean
  readonly started?: boolean
  readonly restartCount?: number
  readonly state?: StateLike
  readonly lastState?: StateLike
}

export interface OwnerRefLike {
  readonly kind?: string
  readonly name?: string
  readonly uid?: string
  readonly controller?: boolean
}

/** Text of a JSON value ('' for anything but a string or number). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''
}

function arr<T>(v: unknown): readonly T[] {
  return Array.isArray(v) ? (v as T[]) : []
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

export function metaOf(obj: Obj): Record<string, unknown> {
  return rec(obj.metadata)
}

/** `status.conditions`, as listed. */
export function conditionsOf(obj: Obj): readonly ConditionLike[] {
  return arr<ConditionLike>(rec(obj.status).conditions)
}

/** Init containers first, then the app containers, each with its image from the spec. */
export function containerStatuses(obj: Obj): readonly ContainerStatusLike[] {
  const spec = rec(obj.spec)
  const status = rec(obj.status)
  const images = new Map<string, string>()
  for (const c of [...arr<{ name?: string; image?: string }>(spec.initContainers), ...arr<{ name?: string; image?: string }>(spec.containers)]) {
    if (c.name && c.image) images.set(c.name, c.image)
  }
  const out: ContainerStatusLike[] = []
  for (const [list, init] of [
    [status.initContainerStatuses, true],
    [status.containerStatuses, false]
  ] as const) {
    for (const s of arr<Omit<ContainerStatusLike, 'init'>>(list)) out.push({ ...s, init, image: s.name ? images.get(s.name) : undefined })
  }
  // Containers without a status yet (just scheduled): name and image only.
  for (const c of arr<{ name?: string; image?: string }>(spec.containers)) {
    if (c.name && !out.some((s) => s.name === c.name && !s.init)) out.push({ name: c.name, init: false, image: c.image })
  }
  return out
}

/** `metadata.ownerReferences`, the controller first. */
export function ownerRefs(obj: Obj): readonly OwnerRefLike[] {
  return [...arr<OwnerRefLike>(metaOf(obj).ownerReferences)].sort((a, b) => Number(b.controller === true) - Number(a.controller === true))
}

export function labelsOf(obj: Obj): Readonly<Record<string, string>> {
  return rec(metaOf(obj).labels) as Record<string, string>
}

export function annotationsOf(obj: Obj): Readonly<Record<string, string>> {
  return rec(metaOf(obj).annotations) as Record<string, string>
}

/**
 * A label selector (`spec.selector` as `{matchLabels, matchExpressions}`, or a service's plain
 * map) as a predicate on labels; null when the object selects nothing (no selector, or an empty
 * one, which for a service means "no pods managed by it").
 */
export function selectorOf(sel: unknown): ((labels: Readonly<Record<string, string>>) => boolean) | null {
  const s = rec(sel)
  const plain = !('matchLabels' in s) && !('matchExpressions' in s)
  const match = (plain ? s : rec(s.matchLabels)) as Record<string, string>
  const exprs = plain ? [] : arr<{ key?: string; operator?: string; values?: string[] }>(s.matchExpressions)
  if (Object.keys(match).length === 0 && exprs.length === 0) return null
  return (labels) => {
    for (const [k, v] of Object.entries(match)) if (labels[k] !== v) return false
    for (const e of exprs) {
      const has = e.key !== undefined && e.key in labels
      const val = e.key !== undefined ? labels[e.key] : undefined
      const values = e.values ?? []
      if (e.operator === 'In' && !(has && values.includes(val ?? ''))) return false
      if (e.operator === 'NotIn' && has && values.includes(val ?? '')) return false
      if (e.operator === 'Exists' && !has) return false
      if (e.operator === 'DoesNotExist' && has) return false
    }
    return true
  }
}
