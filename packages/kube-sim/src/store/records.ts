/**
 * Turning a written object into a stored record: assign the server-owned metadata and serialize.
 *
 * Why: this is the one place that decides uid, resourceVersion, creationTimestamp, generation and
 * owner uids, so generated objects and (later) API writes come out identical. The caller's object
 * is never mutated.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { groupVersion } from '../kinds.ts'
import type { KindDef, KindId } from '../kinds.ts'
import { isCustomKind } from '../kinds.ts'
import type { KubeObject, OwnerRef } from '../types.ts'
import { indexFields } from './fields.ts'
import type { Rec } from './types.ts'

/** Metadata the server owns on a write; `prev` carries the immutable parts across a replace. */
export interface Stamp {
  readonly ns: string
  readonly name: string
  readonly rv: number
  readonly prev?: Rec
  /** Looks up an owner's uid by kind name, namespace and name (empty uids are filled from it). */
  readonly ownerUid: (ownerKind: string, ns: string, name: string) => string | undefined
}

/** Letters the apiserver uses for generateName suffixes (no vowels, no look-alikes). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** `generateName` plus five random characters, as the apiserver's name generator does. */
export function generatedName(prefix: string): string {
  const bytes = randomBytes(5)
  let s = ''
  for (const b of bytes) s += NAME_ALPHABET[b % NAME_ALPHABET.length]
  return prefix + s
}

/** The canonical `kind/ns/name`-free key of an object in its kind's table. */
export function recordKey(ns: string, name: string): string {
  return ns === '' ? name : `${ns}/${name}`
}

/**
 * Exact-size bytes of a JSON string. `Buffer.from` would put small strings in shared 8 KB pool
 * slabs, which stay alive while any one object in them does (measured: 220 MB of external memory
 * for 103 MB of JSON at 10k pods); an exact, unpooled allocation costs only what it holds.
 */
export function jsonBytes(json: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(Buffer.byteLength(json))
  buf.write(json)
  return buf
}

const isoNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * Serialize in the apiserver's field order (kind, apiVersion, metadata, spec, then the rest as
 * given), stringifying `spec` once: its byte range is kept so a later replace can tell whether
 * the spec changed without hashing or parsing.
 */
function serialize(def: KindDef, obj: KubeObject, metadata: Record<string, unknown>): { json: Buffer; spec?: string; specStart: number; specEnd: number } {
  const head = `{"kind":${JSON.stringify(def.kind)},"apiVersion":${JSON.stringify(groupVersion(def))},"metadata":${JSON.stringify(metadata)}`
  let rest = ''
  let spec: string | undefined
  for (const key of Object.keys(obj)) {
    if (key === 'kind' || key === 'apiVersion' || key === 'metadata') continue
    const v = JSON.stringify(obj[key])
    if (v === undefined) continue
    if (key === 'spec') spec = v
    else rest += `,${JSON.stringify(key)}:${v}`
  }
  if (spec === undefined) return { json: jsonBytes(`${head}${rest}}`), specStart: 0, specEnd: 0 }
  const specStart = Buffer.byteLength(head) + 8 // ,"spec":
  return { json: jsonBytes(`${head},"spec":${spec}${rest}}`), spec, specStart, specEnd: specStart + Buffer.byteLength(spec) }
}

function sameSpec(prev: Rec, spec: string | undefined): boolean {
  if (spec === undefined) return prev.specEnd === 0
  if (prev.specEnd - prev.specStart === Buffer.byteLength(spec) && prev.json.toString('utf8', prev.specStart, prev.specEnd) === spec) return true
  // Same content in another key order (a write normalized differently) is no spec change.
  return prev.specEnd !== 0 && stable(JSON.parse(prev.json.toString('utf8', prev.specStart, prev.specEnd))) === stable(JSON.parse(spec))
}

/**
 * EndpointSlices have no spec: their strategy moves the generation when what they publish
 * changes — endpoints, ports, address type — or their labels (as a real 1.34 server does).
 */
function sameSlice(prev: Rec, obj: KubeObject): boolean {
  const before = JSON.parse(prev.json.toString('utf8')) as KubeObject
  const pick = (o: KubeObject): string =>
    stable({ endpoints: o.endpoints ?? null, ports: o.ports ?? null, addressType: o.addressType ?? '', labels: o.metadata.labels ?? {} })
  return pick(before) === pick(obj)
}

/** apps/v1 DaemonSets show their template generation as this annotation (set by the apiserver). */
const DS_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation'

/**
 * A DaemonSet's template generation, as the daemonset strategy keeps it: 1 on create, +1 when
 * `spec.template` changes (the annotation is the apiserver's, so a client's value is ignored).
 */
function daemonSetTemplateGeneration(obj: KubeObject, prev: Rec | undefined): string {
  if (!prev) return '1'
  const before = JSON.parse(prev.json.toString('utf8')) as KubeObject
  const was = Number(before.metadata.annotations?.[DS_TEMPLATE_GENERATION] ?? '1') || 1
  const template = (o: KubeObject): string => stable((o.spec as { template?: unknown } | undefined)?.template ?? null)
  return String(template(before) === template(obj) ? was : was + 1)
}

/** JSON with object keys sorted, so two encodings of the same value compare equal. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
    .join(',')}}`
}

/**
 * A pod whose spec changed only in `nodeName`: the scheduler's binding (pods/binding), which does
 * not move the pod's generation on a real server (only spec updates through the pod itself do).
 */
function onlyBinding(prev: Rec, spec: string | undefined): boolean {
  if (spec === undefined || prev.specEnd === 0) return false
  const before = JSON.parse(prev.json.toString('utf8', prev.specStart, prev.specEnd)) as Record<string, unknown>
  const after = JSON.parse(spec) as Record<string, unknown>
  if (before.nodeName === after.nodeName) return false
  delete before.nodeName
  delete after.nodeName
  return JSON.stringify(before) === JSON.stringify(after)
}

function fillOwners(refs: OwnerRef[] | undefined, ns: string, stamp: Stamp): OwnerRef[] | undefined {
  if (!refs || !refs.some((r) => !r.uid)) return refs
  return refs.map((r) => (r.uid ? r : { ...r, uid: stamp.ownerUid(r.kind, ns, r.name) ?? '' }))
}

/**
 * Kinds whose registry strategy sets `metadata.generation` (1 on create, +1 on a spec change), as
 * a real 1.34 server shows it; the others (namespaces, nodes, services, PVs, PVCs, storage and
 * runtime classes, HPAs, events) carry none.
 */
const GENERATION_KINDS: ReadonlySet<KindId> = new Set<KindId>([
  'pods',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'jobs',
  'cronjobs',
  'poddisruptionbudgets',
  'ingresses',
  'networkpolicies',
  'endpointslices',
  'ingressclasses',
  'priorityclasses',
  'customresourcedefinitions',
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations'
])

/**
 * Webhook configurations have no spec: their strategy moves the generation when `webhooks`
 * changes (admissionregistration's PrepareForUpdate).
 */
function sameWebhooks(prev: Rec, obj: KubeObject): boolean {
  const before = JSON.parse(prev.json.toString('utf8')) as KubeObject & { webhooks?: unknown }
  return stable(before.webhooks ?? null) === stable((obj as { webhooks?: unknown }).webhooks ?? null)
}

/**
 * A custom resource's strategy (apiextensions `customResourceStrategy.PrepareForUpdate`) moves
 * the generation when anything but metadata changed — and, with a status subresource, anything
 * but metadata and status.
 */
function sameCustomBody(prev: Rec, obj: KubeObject, statusIsSubresource: boolean): boolean {
  const body = (o: Record<string, unknown>): string => {
    const { metadata: _m, status, ...rest } = o
    return stable(statusIsSubresource ? rest : { ...rest, status })
  }
  return body(JSON.parse(prev.json.toString('utf8')) as Record<string, unknown>) === body(obj as unknown as Record<string, unknown>)
}

/** Build the stored record for `obj` written as version `stamp.rv`. */
export function buildRecord(kind: KindId, def: KindDef, obj: KubeObject, stamp: Stamp): Rec {
  const meta = obj.metadata ?? {}
  const prev = stamp.prev
  const created = prev ? prev.created : meta.creationTimestamp || isoNow()
  const uid = prev ? prev.uid : meta.uid || randomUUID()
  // A create starts at generation 1; the generator may give an object history (API creates drop it).
  const first = typeof meta.generation === 'number' && meta.generation > 0 ? meta.generation : 1
  const metadata: Record<string, unknown> = {
    ...meta,
    name: stamp.name,
    namespace: stamp.ns,
    uid,
    resourceVersion: String(stamp.rv),
    generation: prev ? prev.generation : first,
    creationTimestamp: created
  }
  if (!def.namespaced) delete metadata.namespace
  if (kind === 'daemonsets') metadata.annotations = { ...(meta.annotations ?? {}), [DS_TEMPLATE_GENERATION]: daemonSetTemplateGeneration(obj, prev) }
  const custom = isCustomKind(kind)
  const tracked = GENERATION_KINDS.has(kind) || custom
  if (!tracked) delete metadata.generation
  const owners = fillOwners(meta.ownerReferences, stamp.ns, stamp)
  if (owners) metadata.ownerReferences = owners
  let out = serialize(def, obj, metadata)
  let generation = metadata.generation as number
  const changed = custom
    ? !!prev && !sameCustomBody(prev, obj, def.status)
    : kind === 'endpointslices'
      ? !!prev && !sameSlice(prev, obj)
      : kind === 'mutatingwebhookconfigurations' || kind === 'validatingwebhookconfigurations'
        ? !!prev && !sameWebhooks(prev, obj)
        : !!prev && !sameSpec(prev, out.spec) && !(kind === 'pods' && onlyBinding(prev, out.spec))
  if (tracked && changed) {
    // A replace that changed the spec: serialize again with the bumped generation (rare).
    generation++
    out = serialize(def, obj, { ...metadata, generation })
  }
  return {
    key: recordKey(stamp.ns, stamp.name),
    ns: stamp.ns,
    name: stamp.name,
    uid,
    rv: stamp.rv,
    labels: { ...meta.labels },
    fields: indexFields(kind, obj),
    generation,
    created,
    specStart: out.specStart,
    specEnd: out.specEnd,
    json: out.json
  }
}

/** The same record re-stamped with a new resourceVersion (the DELETED event carries the delete's version). */
export function restamp(rec: Rec, rv: number): Rec {
  const obj = JSON.parse(rec.json.toString('utf8')) as KubeObject
  obj.metadata.resourceVersion = String(rv)
  return { ...rec, rv, json: jsonBytes(JSON.stringify(obj)) }
}
