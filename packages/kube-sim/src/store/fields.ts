/**
 * Field-selector fields per kind, as the real apiserver registers them.
 *
 * Why: field selectors are evaluated on the index record alone (no JSON parse), so the store
 * extracts these few values once per write. Every kind supports metadata.name and
 * metadata.namespace; anything not listed is refused (unsupportedFieldMessage, worded per kind).
 */
import type { KindId } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

type Getter = (o: KubeObject) => unknown
type Obj = Record<string, unknown> | undefined

const at = (o: unknown, ...path: string[]): unknown => {
  let cur: unknown = o
  for (const p of path) cur = (cur as Obj)?.[p]
  return cur
}

/** Kind-specific fields (beyond metadata.name / metadata.namespace), from the apiserver's field label conversions. */
const FIELDS: Partial<Record<KindId, Record<string, Getter>>> = {
  pods: {
    'spec.nodeName': (o) => at(o, 'spec', 'nodeName'),
    'spec.restartPolicy': (o) => at(o, 'spec', 'restartPolicy'),
    'spec.schedulerName': (o) => at(o, 'spec', 'schedulerName'),
    'spec.serviceAccountName': (o) => at(o, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String(at(o, 'spec', 'hostNetwork') === true),
    'status.phase': (o) => at(o, 'status', 'phase'),
    'status.podIP': (o) => at(o, 'status', 'podIP'),
    'status.nominatedNodeName': (o) => at(o, 'status', 'nominatedNodeName')
  },
  events: {
    'involvedObject.kind': (o) => at(o, 'involvedObject', 'kind'),
    'involvedObject.namespace': (o) => at(o, 'involvedObject', 'namespace'),
    'involvedObject.name': (o) => at(o, 'involvedObject', 'name'),
    'involvedObject.uid': (o) => at(o, 'involvedObject', 'uid'),
    'involvedObject.apiVersion': (o) => at(o, 'involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': (o) => at(o, 'involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': (o) => at(o, 'involvedObject', 'fieldPath'),
    reason: (o) => at(o, 'reason'),
    reportingComponent: (o) => at(o, 'reportingComponent'),
    source: (o) => at(o, 'source', 'component'),
    type: (o) => at(o, 'type')
  },
  nodes: { 'spec.unschedulable': (o) => String(at(o, 'spec', 'unschedulable') === true) },
  namespaces: { 'status.phase': (o) => at(o, 'status', 'phase') },
  services: { 'spec.clusterIP': (o) => at(o, 'spec', 'clusterIP'), 'spec.type': (o) => at(o, 'spec', 'type') },
  jobs: { 'status.successful': (o) => String(at(o, 'status', 'succeeded') ?? 0) }
}

/**
 * The 400 message for a field the kind does not support, worded per kind as the real apiserver
 * words it: core kinds with their own field label conversion say "field label not supported",
 * Jobs name their kind, every other kind lists the two generic fields.
 */
export function unsupportedFieldMessage(kind: KindId, field: string): string {
  if (kind === 'pods' || kind === 'events' || kind === 'nodes' || kind === 'namespaces' || kind === 'services') return `field label not supported: ${field}`
  if (kind === 'jobs') return `field label "${field}" not supported for Job`
  return `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
}

const NAMES = new Map<KindId, readonly string[]>()

/** The kind-specific field names, in the order their values sit in `Rec.fields`. */
export function fieldNames(kind: KindId): readonly string[] {
  let names = NAMES.get(kind)
  if (!names) {
    names = Object.keys(FIELDS[kind] ?? {})
    NAMES.set(kind, names)
  }
  return names
}

const EMPTY: readonly string[] = Object.freeze([])

/** Extract the kind's field values from an object being written (missing values are ''). */
export function indexFields(kind: KindId, obj: KubeObject): readonly string[] {
  const getters = FIELDS[kind]
  if (!getters) return EMPTY
  return fieldNames(kind).map((n) => {
    const v = getters[n](obj)
    return v === undefined || v === null ? '' : String(v)
  })
}
