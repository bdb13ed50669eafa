/**
 * Other served versions of a stored kind: `autoscaling/v1` HorizontalPodAutoscalers, stored as
 * `autoscaling/v2` (the storage version) and converted on the way in and out.
 *
 * Why: `kubectl autoscale` from 1.27 creates an autoscaling/v1 HPA (1.33 tries v2 and falls back
 * to v1), and the real apiserver serves both versions of the same objects. The conversion is
 * the apiserver's (pkg/apis/autoscaling/v1/conversion.go): the CPU utilization target maps to
 * `targetCPUUtilizationPercentage`; what v1 cannot express (other metrics, current metrics,
 * conditions, behavior) rides in the `autoscaling.alpha.kubernetes.io/*` annotations, so an
 * object read as v1 and written back loses nothing.
 */
import type { KindDef, KindId } from '../kinds.ts'
import { kindDef } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

/** A served version of a stored kind and its conversion. */
export interface VersionView {
  /** The kind as this version serves it (apiVersion, discovery). */
  readonly def: KindDef
  /** Stored object → served object. */
  out(obj: KubeObject): KubeObject
  /** Served object (a request body) → stored object. */
  in(obj: KubeObject): KubeObject
}

const A = 'autoscaling.alpha.kubernetes.io/'
const ANNOTATIONS = { metrics: `${A}metrics`, current: `${A}current-metrics`, conditions: `${A}conditions`, behavior: `${A}behavior` } as const

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const isCpuUtil = (m: unknown): boolean =>
  obj(m).type === 'Resource' && obj(obj(m).resource).name === 'cpu' && obj(obj(obj(m).resource).target).type === 'Utilization'
const isCpuCurrent = (m: unknown): boolean => obj(m).type === 'Resource' && obj(obj(m).resource).name === 'cpu'

function parseAnnotation(a: Record<string, string>, key: string): unknown[] | Obj | undefined {
  const text = a[key]
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown[] | Obj
  } catch {
    return undefined
  }
}

/** autoscaling/v2 → autoscaling/v1. */
function hpaOut(o: KubeObject): KubeObject {
  const spec = obj(o.spec)
  const status = obj(o.status)
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : []
  const cpu = metrics.find(isCpuUtil)
  const others = metrics.filter((m) => !isCpuUtil(m))
  const current = Array.isArray(status.currentMetrics) ? status.currentMetrics : []
  const annotations: Record<string, string> = { ...o.metadata.annotations }
  if (others.length > 0) annotations[ANNOTATIONS.metrics] = JSON.stringify(others)
  const currentOthers = current.filter((m) => !isCpuCurrent(m))
  if (currentOthers.length > 0) annotations[ANNOTATIONS.current] = JSON.stringify(currentOthers)
  if (Array.isArray(status.conditions) && status.conditions.length > 0) annotations[ANNOTATIONS.conditions] = JSON.stringify(status.conditions)
  if (spec.behavior !== undefined) annotations[ANNOTATIONS.behavior] = JSON.stringify(spec.behavior)
  const v1spec: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas }
  if (cpu) v1spec.targetCPUUtilizationPercentage = obj(obj(obj(cpu).resource).target).averageUtilization
  const v1status: Obj = {
    observedGeneration: status.observedGeneration,
    lastScaleTime: status.lastScaleTime,
    currentReplicas: status.currentReplicas ?? 0,
    desiredReplicas: status.desiredReplicas ?? 0
  }
  const cpuNow = current.find(isCpuCurrent)
  const util = obj(obj(obj(cpuNow).resource).current).averageUtilization
  if (util !== undefined) v1status.currentCPUUtilizationPercentage = util
  for (const m of [v1spec, v1status]) for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k]
  const metadata = { ...o.metadata }
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations
  return { ...o, apiVersion: 'autoscaling/v1', metadata, spec: v1spec, ...(o.status === undefined ? {} : { status: v1status }) }
}

/** autoscaling/v1 → autoscaling/v2. */
function hpaIn(o: KubeObject): KubeObject {
  const spec = obj(o.spec)
  const status = obj(o.status)
  const annotations: Record<string, string> = { ...o.metadata.annotations }
  const others = parseAnnotation(annotations, ANNOTATIONS.metrics)
  const currentOthers = parseAnnotation(annotations, ANNOTATIONS.current)
  const conditions = parseAnnotation(annotations, ANNOTATIONS.conditions)
  const behavior = parseAnnotation(annotations, ANNOTATIONS.behavior)
  for (const k of Object.values(ANNOTATIONS)) delete annotations[k]
  const metrics: unknown[] = []
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } })
  }
  if (Array.isArray(others)) metrics.push(...others)
  const v2spec: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas }
  if (metrics.length > 0) v2spec.metrics = metrics
  if (behavior !== undefined) v2spec.behavior = behavior
  const current: unknown[] = []
  if (typeof status.currentCPUUtilizationPercentage === 'number') {
    current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } })
  }
  if (Array.isArray(currentOthers)) current.push(...currentOthers)
  const v2status: Obj = {
    observedGeneration: status.observedGeneration,
    lastScaleTime: status.lastScaleTime,
    currentReplicas: status.currentReplicas,
    desiredReplicas: status.desiredReplicas
  }
  if (current.length > 0) v2status.currentMetrics = current
  if (Array.isArray(conditions)) v2status.conditions = conditions
  for (const m of [v2spec, v2status]) for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k]
  const metadata = { ...o.metadata }
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations
  else delete metadata.annotations
  const out: KubeObject = { ...o, apiVersion: 'autoscaling/v2', metadata, spec: v2spec }
  if (o.status !== undefined) out.status = v2status
  return out
}

const hpa = kindDef('horizontalpodautoscalers')

/** Every other served version, by `<group>/<version>/<resource>`. */
export const VERSION_VIEWS: ReadonlyMap<string, VersionView> = new Map([
  ['autoscaling/v1/horizontalpodautoscalers', { def: { ...hpa, version: 'v1' }, out: hpaOut, in: hpaIn }]
])

/** The other served versions of a stored kind (for discovery and OpenAPI). */
export function viewsOf(kind: KindId): VersionView[] {
  return [...VERSION_VIEWS.values()].filter((v) => v.def.id === kind)
}
