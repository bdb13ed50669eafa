/**
 * Update validation: what may change on an existing object, with the apiserver's messages
 * (pkg/apis/{core,apps,batch}/validation `Validate*Update`, v1.34).
 *
 * Why: a real cluster refuses a change to a pod's ports, a Service's cluster IP, a Job's template
 * or a Deployment's selector with 422 Invalid; storing it instead leaves the demo cluster in a
 * state no real cluster can reach (a pod whose spec no kubelet ever ran). Compared after
 * defaulting, as the apiserver compares.
 */
import type { KindDef } from '../kinds.ts'
import { isObject } from '../patch/json.ts'
import type { JsonObject } from '../patch/json.ts'
import type { KubeObject } from '../types.ts'
import { forbiddenField, GoLiteral, invalidValue } from './fieldErrors.ts'
import type { FieldError } from './fieldErrors.ts'

const obj = (v: unknown): JsonObject => (isObject(v) ? v : {})

/** Deep equality of JSON values, absent and undefined keys alike. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) if (!same(a[k], b[k])) return false
    return true
  }
  return false
}

const POD_UPDATABLE =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

/** `%#v` of a Go map[string]string (keys sorted, as fmt prints maps). */
function goStringMap(m: unknown): string {
  const entries = Object.entries(obj(m)).sort(([a], [b]) => (a < b ? -1 : 1))
  return entries.length === 0 && !isObject(m)
    ? 'map[string]string(nil)'
    : `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`
}

/** `%#v` of a metav1.LabelSelector, as field.Invalid renders a selector. */
export function goLabelSelector(sel: unknown): string {
  const s = obj(sel)
  const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions : undefined
  const req = (r: unknown): string => {
    const e = obj(r)
    const values = Array.isArray(e.values) ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'
    return `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key ?? '')}, Operator:${JSON.stringify(e.operator ?? '')}, Values:${values}}`
  }
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs ? `[]v1.LabelSelectorRequirement{${exprs.map(req).join(', ')}}` : '[]v1.LabelSelectorRequirement(nil)'}}`
}

/** A struct's `%#v` for `Invalid value:`, abridged (the apiserver prints the whole internal struct). */
const goStruct = (type: string): GoLiteral => new GoLiteral(`${type}{...}`)

/** The spec with the fields a pod update may change taken from the old spec (ValidatePodUpdate's munging). */
function mungedPodSpec(next: JsonObject, prev: JsonObject): JsonObject {
  const m: JsonObject = { ...next }
  for (const list of ['containers', 'initContainers']) {
    const n = next[list]
    const p = prev[list]
    if (Array.isArray(n) && Array.isArray(p) && n.length === p.length) {
      m[list] = n.map((c, i) => (isObject(c) && isObject(p[i]) ? { ...c, image: p[i].image } : c))
    }
  }
  const nad = next.activeDeadlineSeconds
  const pad = prev.activeDeadlineSeconds
  if (pad === undefined || (typeof nad === 'number' && typeof pad === 'number' && nad > 0 && nad <= pad)) m.activeDeadlineSeconds = pad
  const nt = Array.isArray(next.tolerations) ? next.tolerations : []
  const pt = Array.isArray(prev.tolerations) ? prev.tolerations : []
  if (pt.every((t) => nt.some((x) => same(x, t)))) m.tolerations = prev.tolerations
  if (typeof prev.terminationGracePeriodSeconds === 'number' && prev.terminationGracePeriodSeconds < 0 && next.terminationGracePeriodSeconds === 1) {
    m.terminationGracePeriodSeconds = prev.terminationGracePeriodSeconds
  }
  // Scheduling gates may only be removed; ephemeral containers change through their subresource.
  const ng = Array.isArray(next.schedulingGates) ? next.schedulingGates : []
  const pg = Array.isArray(prev.schedulingGates) ? prev.schedulingGates : []
  if (ng.every((g) => pg.some((x) => same(x, g)))) m.schedulingGates = prev.schedulingGates
  m.ephemeralContainers = prev.ephemeralContainers
  return m
}

/** A compact rendering of what differs between two specs (the apiserver prints a cmp.Diff here). */
function specDiff(prev: JsonObject, next: JsonObject, type: string): string {
  const lines = [`  ${type}{`]
  for (const k of new Set([...Object.keys(prev), ...Object.keys(next)])) {
    if (same(prev[k], next[k])) continue
    const name = k.charAt(0).toUpperCase() + k.slice(1)
    if (prev[k] !== undefined) lines.push(`- \t${name}: ${JSON.stringify(prev[k])},`)
    if (next[k] !== undefined) lines.push(`+ \t${name}: ${JSON.stringify(next[k])},`)
  }
  lines.push('  }')
  return lines.join('\n')
}

function podUpdate(next: KubeObject, prev: KubeObject): FieldError[] {
  const n = obj(next.spec)
  const p = obj(prev.spec)
  const munged = mungedPodSpec(n, p)
  if (same(munged, p)) return []
  return [forbiddenField('spec', `pod updates may not change fields other than ${POD_UPDATABLE}\n${specDiff(p, munged, 'core.PodSpec')}`)]
}

function serviceUpdate(next: KubeObject, prev: KubeObject): FieldError[] {
  const n = obj(next.spec)
  const p = obj(prev.spec)
  if (n.type === 'ExternalName' || p.type === 'ExternalName') return []
  if (p.clusterIP === 'None' && n.clusterIP === 'None') return []
  const oldIps = Array.isArray(p.clusterIPs) ? p.clusterIPs : []
  const newIps = Array.isArray(n.clusterIPs) ? n.clusterIPs : []
  const errs: FieldError[] = []
  const goIps = `[]string{${newIps.map((ip) => JSON.stringify(ip)).join(', ')}}`
  oldIps.forEach((ip, i) => {
    if (i < newIps.length && newIps[i] !== ip) errs.push(invalidValue(`spec.clusterIPs[${i}]`, new GoLiteral(goIps), 'may not change once set'))
  })
  return errs
}

function selectorImmutable(next: KubeObject, prev: KubeObject): FieldError[] {
  const n = obj(next.spec).selector
  const p = obj(prev.spec).selector
  return same(n, p) ? [] : [invalidValue('spec.selector', new GoLiteral(goLabelSelector(n)), 'field is immutable')]
}

function jobUpdate(next: KubeObject, prev: KubeObject): FieldError[] {
  const n = obj(next.spec)
  const p = obj(prev.spec)
  const errs = selectorImmutable(next, prev)
  if (!same(n.template, p.template)) errs.push(invalidValue('spec.template', goStruct('core.PodTemplateSpec'), 'field is immutable'))
  if (!same(n.completionMode, p.completionMode)) errs.push(invalidValue('spec.completionMode', n.completionMode ?? '', 'field is immutable'))
  if (p.completionMode !== 'Indexed' && !same(n.completions, p.completions))
    errs.push(invalidValue('spec.completions', n.completions ?? null, 'field is immutable'))
  return errs
}

const STS_UPDATABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'])

function statefulSetUpdate(next: KubeObject, prev: KubeObject): FieldError[] {
  const n = obj(next.spec)
  const p = obj(prev.spec)
  const changed = [...new Set([...Object.keys(n), ...Object.keys(p)])].some((k) => !STS_UPDATABLE.has(k) && !same(n[k], p[k]))
  return changed
    ? [
        forbiddenField(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
        )
      ]
    : []
}

function immutableData(next: KubeObject, prev: KubeObject): FieldError[] {
  if (prev.immutable !== true) return []
  const errs: FieldError[] = []
  if (next.immutable !== true) errs.push(forbiddenField('immutable', 'field is immutable when `immutable` is set'))
  for (const f of ['data', 'binaryData']) if (!same(next[f], prev[f])) errs.push(forbiddenField(f, 'field is immutable when `immutable` is set'))
  return errs
}

/** The errors of updating `prev` to `next` (both defaulted) as an object of `kind`; empty when allowed. */
export function updateErrors(kind: KindDef, next: KubeObject, prev: KubeObject): FieldError[] {
  switch (kind.id) {
    case 'pods':
      return podUpdate(next, prev)
    case 'services':
      return serviceUpdate(next, prev)
    case 'deployments':
    case 'replicasets':
    case 'daemonsets':
      return selectorImmutable(next, prev)
    case 'statefulsets':
      return statefulSetUpdate(next, prev)
    case 'jobs':
      return jobUpdate(next, prev)
    case 'configmaps':
    case 'secrets':
      return immutableData(next, prev)
    default:
      return []
  }
}
