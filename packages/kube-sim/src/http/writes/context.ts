/**
 * What every write handler shares: the request's route and options (dryRun, fieldValidation),
 * the deps it writes through, and how answers (objects with Warning headers, Status) go out.
 *
 * Why: the write handlers are small files with one verb each; this keeps their common parsing
 * and response shapes in one place so they answer exactly alike.
 */
import type { ServerResponse } from 'node:http'
import type { KindDef } from '../../kinds.ts'
import type { Lifecycle } from '../../lifecycle/lifecycle.ts'
import type { SimStore } from '../../store/store.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import { fieldValidationOf } from '../../validate/strict.ts'
import type { VersionView } from '../versions.ts'
import type { FieldValidation } from '../../validate/strict.ts'

export interface WriteDeps {
  readonly store: SimStore
  readonly lifecycle: Lifecycle
  /**
   * Admission of the object about to be created or updated (RBAC's escalation check for the
   * requesting user); throws a StoreError to refuse. Runs on dry runs too, as the apiserver's does.
   */
  readonly admit?: (kind: KindDef, namespace: string, obj: KubeObject) => void
  /** The WatchList feature gate (ServerDeps.watchList), for the list options of a collection delete. */
  readonly watchList?: boolean
}

export interface WriteCtx {
  readonly deps: WriteDeps
  readonly kind: KindDef
  /** The namespace in the path ('' for cluster-scoped kinds). */
  readonly namespace: string
  readonly name?: string
  readonly subresource?: string
  readonly query: URLSearchParams
  readonly dryRun: boolean
  readonly fieldValidation: FieldValidation
  /** Warnings collected while handling, sent as `Warning: 299 - "…"` headers. */
  readonly warnings: string[]
  /** Set for another served version of the kind: answers are converted to it. */
  readonly view?: VersionView
}

/** Build the context. @throws StoreError 400 for an unknown dryRun or fieldValidation value. */
export function writeCtx(
  deps: WriteDeps,
  kind: KindDef,
  route: { namespace?: string; name?: string; subresource?: string; view?: VersionView },
  query: URLSearchParams
): WriteCtx {
  const dry = query.getAll('dryRun')
  for (const d of dry)
    if (d !== 'All') throw new StoreError(400, 'BadRequest', `Invalid dry run value: ${JSON.stringify(d)}; the only supported value is "All"`)
  return {
    deps,
    kind,
    namespace: kind.namespaced ? (route.namespace ?? '') : '',
    name: route.name,
    subresource: route.subresource,
    query,
    dryRun: dry.length > 0,
    fieldValidation: fieldValidationOf(query),
    warnings: [],
    ...(route.view ? { view: route.view } : {})
  }
}

/** Send an object (raw stored bytes or a value) with the collected warnings. */
export function sendObject(res: ServerResponse, ctx: WriteCtx, code: number, body: Buffer | KubeObject | object): void {
  let bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body))
  if (ctx.view) {
    const o = JSON.parse(bytes.toString('utf8')) as KubeObject
    if (o.kind === ctx.kind.kind) bytes = Buffer.from(JSON.stringify(ctx.view.out(o)))
  }
  const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) }
  if (ctx.warnings.length > 0) headers.Warning = ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`)
  res.writeHead(code, headers)
  res.end(bytes)
}

/** The qualified resource of messages: `pods`, `deployments.apps`. */
export function qualified(kind: KindDef): string {
  return kind.apiGroup ? `${kind.resource}.${kind.apiGroup}` : kind.resource
}

/** The 404 of a missing object, as the store words it. */
export function notFound(kind: KindDef, name: string): StoreError {
  return new StoreError(404, 'NotFound', `${qualified(kind)} "${name}" not found`, {
    name,
    ...(kind.apiGroup ? { group: kind.apiGroup } : {}),
    kind: kind.resource
  })
}

/** The 409 of a stale resourceVersion, worded as the apiserver's. */
export function conflict(kind: KindDef, name: string): StoreError {
  return new StoreError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(kind)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...(kind.apiGroup ? { group: kind.apiGroup } : {}), kind: kind.resource }
  )
}
