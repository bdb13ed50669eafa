/**
 * `/openapi/v3`: the paths index and one OpenAPI 3 document per group-version.
 *
 * Why: kubectl 1.27–1.33 ask `/openapi/v3` whether the server validates fields: they look for
 * the PATCH operation tagged with the kind's `x-kubernetes-group-version-kind` and, when it
 * lists the `fieldValidation` query parameter, send `fieldValidation=Strict` and skip
 * client-side validation (without it `kubectl create -f` fails with "failed to download
 * openapi"). PATCH operations carry no `requestBody` on purpose: kubectl apply then computes its
 * strategic merge patch from its compiled-in types, which know every merge key.
 * Lifecycle: pure; built once on first use, served as cached bytes.
 */
import { createHash } from 'node:crypto'
import { KINDS, groupVersion } from '../kinds.ts'
import type { KindDef } from '../kinds.ts'
import { SIM_VERSION } from '../http/discovery.ts'
import { VERSION_VIEWS } from '../http/versions.ts'
import { kindComponent, schemaName } from './components.ts'
import { discoveryDocs } from './discoveryDocs.ts'

const param = (name: string, description: string): Record<string, unknown> => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', uniqueItems: true }
})

const WRITE_PARAMS = [
  param('dryRun', 'When present, indicates that modifications should not be persisted. Valid value: All'),
  param('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  param(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn (default), Strict.'
  )
]

const pathParam = (name: string): Record<string, unknown> => ({
  name,
  in: 'path',
  required: true,
  description: `${name} of the object`,
  schema: { type: 'string', uniqueItems: true }
})

function op(
  k: KindDef,
  action: string,
  verb: string,
  params: Record<string, unknown>[],
  gvk = { group: k.apiGroup, version: k.version, kind: k.kind }
): Record<string, unknown> {
  const gv = groupVersion(k).replace(/[./]/g, '_')
  return {
    tags: [gv],
    description: `${verb} ${k.kind}`,
    operationId: `${action}${gv}${k.kind}`,
    parameters: params,
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName(k)}` } } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk
  }
}

function pathsOf(k: KindDef): Record<string, unknown> {
  const root = k.apiGroup === '' ? `/api/${k.version}` : `/apis/${k.apiGroup}/${k.version}`
  const coll = k.namespaced ? `${root}/namespaces/{namespace}/${k.resource}` : `${root}/${k.resource}`
  const scope = k.namespaced ? [pathParam('namespace')] : []
  const item = `${coll}/{name}`
  const itemParams = [pathParam('name'), ...scope]
  const out: Record<string, unknown> = {
    [coll]: { get: op(k, 'list', 'list', []), post: op(k, 'post', 'create', WRITE_PARAMS), parameters: scope },
    [item]: {
      get: op(k, 'get', 'read', []),
      put: op(k, 'put', 'replace', WRITE_PARAMS),
      patch: op(k, 'patch', 'partially update', WRITE_PARAMS),
      delete: op(k, 'delete', 'delete', [
        param('dryRun', 'All'),
        param('gracePeriodSeconds', 'seconds'),
        param('propagationPolicy', 'Orphan, Foreground or Background')
      ]),
      parameters: itemParams
    }
  }
  if (k.status) {
    out[`${item}/status`] = {
      get: op(k, 'get', 'read status of', []),
      put: op(k, 'put', 'replace status of', WRITE_PARAMS),
      patch: op(k, 'patch', 'partially update status of', WRITE_PARAMS),
      parameters: itemParams
    }
  }
  if (k.scale) {
    const scale = { group: 'autoscaling', version: 'v1', kind: 'Scale' }
    out[`${item}/scale`] = {
      get: op(k, 'get', 'read scale of', [], scale),
      put: op(k, 'put', 'replace scale of', WRITE_PARAMS, scale),
      patch: op(k, 'patch', 'partially update scale of', WRITE_PARAMS, scale),
      parameters: itemParams
    }
  }
  return out
}

interface Built {
  readonly index: string
  /** `/openapi/v3/apis/apps/v1` → document bytes. */
  readonly docs: ReadonlyMap<string, string>
}

let cache: Built | undefined

function build(): Built {
  const byGv = new Map<string, KindDef[]>()
  // Every served version, other versions of a stored kind (autoscaling/v1 HPAs) included.
  for (const k of [...KINDS, ...[...VERSION_VIEWS.values()].map((v) => v.def)]) byGv.set(groupVersion(k), [...(byGv.get(groupVersion(k)) ?? []), k])
  const docs = new Map<string, string>()
  const paths: Record<string, { serverRelativeURL: string }> = {}
  for (const [gv, kinds] of byGv) {
    const key = kinds[0].apiGroup === '' ? `api/${gv}` : `apis/${gv}`
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: SIM_VERSION.gitVersion },
      paths: Object.assign({}, ...kinds.map(pathsOf)) as Record<string, unknown>,
      components: { schemas: Object.fromEntries(kinds.map((k) => [schemaName(k), kindComponent(k)])) }
    }
    const json = JSON.stringify(doc)
    docs.set(`/openapi/v3/${key}`, json)
    const hash = createHash('sha512').update(json).digest('hex').toUpperCase()
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` }
  }
  const groups = [...new Set(KINDS.map((k) => k.apiGroup).filter((g) => g !== ''))]
  for (const [key, json] of discoveryDocs(groups, `${SIM_VERSION.major}.${SIM_VERSION.minor}`)) {
    docs.set(`/openapi/v3/${key}`, json)
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${createHash('sha512').update(json).digest('hex').toUpperCase()}` }
  }
  // The real index lists its documents sorted by key.
  const sorted = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((k) => [k, paths[k]])
  )
  return { index: JSON.stringify({ paths: sorted }), docs }
}

/** The JSON served at `path` (`/openapi/v3` or `/openapi/v3/<gv path>`), or undefined. */
export function openApiDocument(path: string): string | undefined {
  cache ??= build()
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  if (p === '/openapi/v3') return cache.index
  return cache.docs.get(p)
}

/** Every group-version path listed in the index (for tests). */
export function openApiPaths(): string[] {
  cache ??= build()
  return [...cache.docs.keys()]
}

/** Media type of the protobuf OpenAPI v2 answer, as the apiserver labels it (Go's mime parser rejects the `@v1.0` form kubectl asks with). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'

/**
 * `/openapi/v2`: an empty Swagger document. kubectl 1.27 fetches it for `apply` and `create -f`
 * and fails ("the server could not find the requested resource") on 404; an empty document
 * (zero bytes is a valid empty protobuf message) lets it fall back to its compiled-in types,
 * while `/openapi/v3` tells it the server validates fields.
 * @returns body and Content-Type for the request's Accept header.
 */
export function openApiV2(accept: string | undefined): { body: string; contentType: string } {
  if ((accept ?? '').includes('protobuf')) return { body: '', contentType: OPENAPI_V2_PROTOBUF }
  return {
    body: JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: SIM_VERSION.gitVersion }, paths: {}, definitions: {} }),
    contentType: 'application/json'
  }
}
