/**
 * HorizontalPodAutoscaler and PodDisruptionBudget row projections, ports of kubectl's
 * `printHorizontalPodAutoscaler` / `formatHPAMetrics` (autoscaling/v2, v1.33 text: resource
 * metrics carry their name, `cpu: 50%/80%`) and `printPodDisruptionBudget`.
 *
 * Lifecycle: pure functions, called once per object per watch event.
 */
import type { Projector } from './types.ts'
import { listWithMore } from './helpers.ts'

/** Quantities arrive as the apiserver's canonical text (`500m`, `10Gi`); numbers are accepted too. */
type Quantity = string | number
interface Target {
  readonly averageValue?: Quantity
  readonly value?: Quantity
  readonly averageUtilization?: number
}
interface Current {
  readonly averageValue?: Quantity
  readonly value?: Quantity
  readonly averageUtilization?: number
}
interface MetricSpecLike {
  readonly type?: string
  readonly resource?: { readonly name?: string; readonly target?: Target }
  readonly containerResource?: { readonly name?: string; readonly target?: Target }
  readonly pods?: { readonly target?: Target }
  readonly object?: { readonly target?: Target }
  readonly external?: { readonly target?: Target }
}
interface MetricStatusLike {
  readonly resource?: { readonly current?: Current }
  readonly containerResource?: { readonly current?: Current }
  readonly pods?: { readonly current?: Current }
  readonly object?: { readonly current?: Current }
  readonly external?: { readonly current?: Current }
}
interface HpaLike {
  readonly spec?: {
    readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string }
    readonly minReplicas?: number
    readonly maxReplicas?: number
    readonly metrics?: readonly MetricSpecLike[]
  }
  readonly status?: { readonly currentReplicas?: number; readonly currentMetrics?: readonly MetricStatusLike[] }
}

/** kubectl shows at most this many metrics, then ` + N more...`. */
const MAX_METRICS = 2

/** Go's `Quantity.String()` of a zero value is `0`. */
const q = (v: Quantity | undefined): string => (v === undefined || v === null || v === '' ? '0' : String(v))

/** A value-or-average metric (Object and External sources). */
function valueOrAverage(target: Target | undefined, current: Current | undefined, hasStatus: boolean): string {
  if (target?.averageValue !== undefined && target.averageValue !== null) {
    const cur = hasStatus && current?.averageValue !== undefined && current.averageValue !== null ? q(current.averageValue) : '<unknown>'
    return `${cur}/${q(target.averageValue)} (avg)`
  }
  return `${hasStatus ? q(current?.value) : '<unknown>'}/${q(target?.value)}`
}

/** A (container) resource metric: `cpu: 250m/500m` or `cpu: 50%/80%` (`<auto>` target when unset). */
function resourceMetric(name: string, target: Target | undefined, current: Current | undefined, hasStatus: boolean): string {
  if (target?.averageValue !== undefined && target.averageValue !== null) {
    return `${name}: ${hasStatus ? q(current?.averageValue) : '<unknown>'}/${q(target.averageValue)}`
  }
  const cur = hasStatus && typeof current?.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>'
  const tgt = typeof target?.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>'
  return `${name}: ${cur}/${tgt}`
}

/** `formatHPAMetrics`: one entry per metric spec, paired with the status at the same index. */
export function formatHpaMetrics(specs: readonly MetricSpecLike[] | undefined, statuses: readonly MetricStatusLike[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>'
  const list: string[] = []
  for (let i = 0; i < specs.length && list.length < MAX_METRICS; i++) {
    const spec = specs[i]
    const st = statuses && statuses.length > i ? statuses[i] : undefined
    switch (spec.type) {
      case 'External':
        list.push(valueOrAverage(spec.external?.target, st?.external?.current, !!st?.external))
        break
      case 'Pods':
        list.push(`${st?.pods ? q(st.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`)
        break
      case 'Object':
        list.push(valueOrAverage(spec.object?.target, st?.object?.current, !!st?.object))
        break
      case 'Resource':
        list.push(resourceMetric(spec.resource?.name ?? '', spec.resource?.target, st?.resource?.current, !!st?.resource))
        break
      case 'ContainerResource':
        list.push(resourceMetric(spec.containerResource?.name ?? '', spec.containerResource?.target, st?.containerResource?.current, !!st?.containerResource))
        break
      default:
        list.push('<unknown type>')
    }
  }
  return listWithMore(list, specs.length, MAX_METRICS, ', ', '')
}

/** `printHorizontalPodAutoscaler`: REFERENCE `Kind/name`; MINPODS null prints `<unset>`. */
export const projectHpa: Projector = (obj) => {
  const h = obj as HpaLike
  const ref = h.spec?.scaleTargetRef
  return {
    cells: {
      reference: `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      targets: formatHpaMetrics(h.spec?.metrics, h.status?.currentMetrics),
      minPods: h.spec?.minReplicas ?? null,
      maxPods: h.spec?.maxReplicas ?? 0,
      replicas: h.status?.currentReplicas ?? 0,
      age: obj.metadata?.creationTimestamp ?? null
    }
  }
}

interface PdbLike {
  readonly spec?: { readonly minAvailable?: string | number; readonly maxUnavailable?: string | number }
  readonly status?: { readonly disruptionsAllowed?: number }
}

/** `printPodDisruptionBudget`: an IntOrString prints as itself (`1`, `50%`), `N/A` when unset. */
export const projectPdb: Projector = (obj) => {
  const p = obj as PdbLike
  const ios = (v: string | number | undefined): string => (v === undefined || v === null ? 'N/A' : String(v))
  return {
    cells: {
      minAvailable: ios(p.spec?.minAvailable),
      maxUnavailable: ios(p.spec?.maxUnavailable),
      allowedDisruptions: p.status?.disruptionsAllowed ?? 0,
      age: obj.metadata?.creationTimestamp ?? null
    }
  }
}
