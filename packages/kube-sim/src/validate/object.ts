/**
 * Per-kind validation of a written object: its name, labels and the required fields the
 * apiserver checks for the kinds people write by hand (pods, workloads, jobs, services).
 *
 * Why: a real apiserver answers 422 Invalid with one cause per bad field; kubectl prints those
 * causes verbatim. The rules are a subset of k8s.io/kubernetes/pkg/apis/{core,apps,batch}/validation (v1.33):
 * the ones a demo user or a test can hit by mistake, not the full validation.
 */
import type { KindDef } from '../kinds.ts'
import type { KubeObject } from '../types.ts'
import { GoLiteral, invalidError, invalidValue, notSupported, required } from './fieldErrors.ts'
import type { FieldError } from './fieldErrors.ts'
import { dns1123Label, nameRule } from './names.ts'
import { isObject } from '../patch/json.ts'
import type { JsonObject } from '../patch/json.ts'

/** Longest label value (k8s.io/apimachinery validation.LabelValueMaxLength). */
const LABEL_VALUE_MAX = 63
const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`)
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never']
const JOB_RESTART_POLICIES = ['OnFailure', 'Never']
const WORKLOADS = new Set(['deployments', 'replicasets', 'statefulsets', 'daemonsets'])

const obj = (v: unknown): JsonObject => (isObject(v) ? v : {})

/** The template labels as the selector-mismatch message shows them: 1.34 prints the map as JSON, unquoted. */
function goMap(m: JsonObject): GoLiteral {
  return new GoLiteral(
    `{${Object.entries(m)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(',')}}`
  )
}

function validateLabels(labels: unknown, field: string, out: FieldError[]): void {
  for (const [k, v] of Object.entries(obj(labels))) {
    if (typeof v !== 'string') {
      out.push(invalidValue(`${field}`, v, `label ${JSON.stringify(k)} must have a string value`))
      continue
    }
    if (v.length > LABEL_VALUE_MAX) out.push(invalidValue(field, v, `must be no more than ${LABEL_VALUE_MAX} characters`))
    if (!LABEL_VALUE_RE.test(v)) {
      out.push(
        invalidValue(
          field,
          v,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" +
            LABEL_VALUE_FMT +
            "')"
        )
      )
    }
  }
}

function validatePodSpec(spec: JsonObject, at: string, out: FieldError[], restartPolicies = RESTART_POLICIES): void {
  const lists: [string, boolean][] = [
    ['containers', true],
    ['initContainers', false]
  ]
  const seen = new Set<string>()
  for (const [list, needed] of lists) {
    const cs = spec[list]
    if (!Array.isArray(cs) || cs.length === 0) {
      if (needed) out.push(required(`${at}.${list}`))
      continue
    }
    cs.forEach((c, i) => {
      const f = `${at}.${list}[${i}]`
      const ct = obj(c)
      if (typeof ct.name !== 'string' || ct.name === '') out.push(required(`${f}.name`))
      else {
        for (const m of dns1123Label(ct.name)) out.push(invalidValue(`${f}.name`, ct.name, m))
        if (seen.has(ct.name)) out.push({ type: 'FieldValueDuplicate', field: `${f}.name`, body: `Duplicate value: ${JSON.stringify(ct.name)}` })
        seen.add(ct.name)
      }
      if (typeof ct.image !== 'string' || ct.image.trim() === '') out.push(required(`${f}.image`))
    })
  }
  const rp = spec.restartPolicy
  if (rp !== undefined && !restartPolicies.includes(String(rp))) out.push(notSupported(`${at}.restartPolicy`, rp, restartPolicies))
}

function validateReplicas(spec: JsonObject, out: FieldError[]): void {
  const r = spec.replicas
  if (r !== undefined && (typeof r !== 'number' || !Number.isInteger(r) || r < 0)) {
    out.push(invalidValue('spec.replicas', r, 'must be greater than or equal to 0'))
  }
}

function validateWorkload(spec: JsonObject, out: FieldError[]): void {
  validateReplicas(spec, out)
  const selector = spec.selector
  const template = obj(spec.template)
  const labels = obj(obj(template.metadata).labels)
  if (!isObject(selector) || (Object.keys(obj(selector.matchLabels)).length === 0 && !Array.isArray(selector.matchExpressions))) {
    out.push(required('spec.selector'))
  } else {
    const want = obj(selector.matchLabels)
    if (Object.entries(want).some(([k, v]) => labels[k] !== v)) {
      out.push(invalidValue('spec.template.metadata.labels', goMap(labels), '`selector` does not match template `labels`'))
    }
  }
  validateLabels(labels, 'spec.template.metadata.labels', out)
  validatePodSpec(obj(template.spec), 'spec.template.spec', out)
}

function validateServiceSpec(spec: JsonObject, out: FieldError[]): void {
  const ports = spec.ports
  const headless = spec.clusterIP === 'None'
  if ((!Array.isArray(ports) || ports.length === 0) && !headless && spec.type !== 'ExternalName') out.push(required('spec.ports'))
  if (Array.isArray(ports)) {
    ports.forEach((p, i) => {
      const port = obj(p).port
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        out.push(invalidValue(`spec.ports[${i}].port`, port ?? 0, 'must be between 1 and 65535, inclusive'))
      }
      if (ports.length > 1 && !obj(p).name) out.push(required(`spec.ports[${i}].name`))
    })
  }
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']
  if (spec.type !== undefined && !types.includes(String(spec.type))) out.push(notSupported('spec.type', spec.type, types))
}

/** The field errors of `o` written as an object of `kind`; empty when valid. */
export function fieldErrors(kind: KindDef, o: KubeObject): FieldError[] {
  const out: FieldError[] = []
  const name = o.metadata?.name ?? ''
  if (!name) out.push(required('metadata.name', 'name or generateName is required'))
  else for (const m of nameRule(kind.id)(name)) out.push(invalidValue('metadata.name', name, m))
  validateLabels(o.metadata?.labels, 'metadata.labels', out)
  const spec = obj(o.spec)
  if (kind.id === 'pods') validatePodSpec(spec, 'spec', out)
  else if (WORKLOADS.has(kind.id)) validateWorkload(spec, out)
  else if (kind.id === 'jobs') validatePodSpec(obj(obj(spec.template).spec), 'spec.template.spec', out, JOB_RESTART_POLICIES)
  else if (kind.id === 'cronjobs') {
    if (typeof spec.schedule !== 'string' || spec.schedule.trim() === '') out.push(required('spec.schedule'))
    const jobSpec = obj(obj(spec.jobTemplate).spec)
    validatePodSpec(obj(obj(jobSpec.template).spec), 'spec.jobTemplate.spec.template.spec', out, JOB_RESTART_POLICIES)
  } else if (kind.id === 'services') validateServiceSpec(spec, out)
  return out
}

/** @throws StoreError 422 Invalid (with causes) when `o` is not a valid object of `kind`. */
export function validateObject(kind: KindDef, o: KubeObject): void {
  const errs = fieldErrors(kind, o)
  if (errs.length > 0) throw invalidError(kind, o.metadata?.name ?? '', errs)
}
