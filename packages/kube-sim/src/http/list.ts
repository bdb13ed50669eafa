/**
 * GET of one object and LIST of a collection, as JSON objects or as a Table.
 *
 * Why: the stored JSON bytes are written straight to the socket in ~1 MB chunks (waiting for
 * 'drain'), so a 150k-pod list (over 1 GB) never becomes one string or one parsed array; objects
 * are parsed only for Table output, one page at a time.
 */
import { isCustomKind } from '../kinds.ts'
import type { ServerResponse } from 'node:http'
import { groupVersion } from '../kinds.ts'
import type { KindDef } from '../kinds.ts'
import type { ListResult, SimStore } from '../store/store.ts'
import { StoreError } from '../store/types.ts'
import type { ListParams } from './params.ts'
import type { VersionView } from './versions.ts'
import { tooLargeRv } from './params.ts'
import { sendStatus, statusBody } from './status.ts'
import { toTable } from './table.ts'
import type { IncludeObject } from './table.ts'

/** Bytes gathered before each socket write of a list body. */
const CHUNK_BYTES = 1024 * 1024
const COMMA = Buffer.from(',')

export type TableOpts = { includeObject: IncludeObject; noHeaders: boolean } | undefined

function sendJson(res: ServerResponse, body: string | Buffer): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

/** Resolves when the socket can take more, or has closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** Serve GET of one object (or its /status). */
export function serveGet(
  store: SimStore,
  res: ServerResponse,
  kind: KindDef,
  namespace: string | undefined,
  name: string,
  table: TableOpts,
  view?: VersionView
): void {
  const rec = store.get(kind.id, namespace, name)
  if (!rec) {
    const qualified = kind.apiGroup ? `${kind.resource}.${kind.apiGroup}` : kind.resource
    const details: Record<string, unknown> = { name, kind: kind.resource }
    if (kind.apiGroup) details.group = kind.apiGroup
    return sendStatus(res, statusBody(404, 'NotFound', `${qualified} "${name}" not found`, details))
  }
  if (!table) return sendJson(res, view ? JSON.stringify(view.out(store.object(rec))) : rec.json)
  sendJson(res, JSON.stringify(toTable(kind.id, [store.object(rec)], { resourceVersion: String(rec.rv), nowMs: Date.now(), ...table })))
}

/** Serve a LIST page; the result was already computed (errors answered) by the caller. */
export async function serveList(store: SimStore, res: ServerResponse, kind: KindDef, page: ListResult, table: TableOpts, view?: VersionView): Promise<void> {
  if (table) {
    const objects = page.items.map((r) => store.object(r))
    const t = toTable(kind.id, objects, {
      resourceVersion: String(page.rv),
      continue: page.continue,
      remainingItemCount: page.remainingItemCount,
      nowMs: Date.now(),
      ...table
    })
    return sendJson(res, JSON.stringify(t))
  }
  // An unstructured list (custom resources) always carries `continue`, and its items keep their TypeMeta.
  const custom = isCustomKind(kind.id)
  const metadata: Record<string, unknown> = custom ? { continue: page.continue ?? '', resourceVersion: String(page.rv) } : { resourceVersion: String(page.rv) }
  if (page.continue) metadata.continue = page.continue
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount
  const head = `{"kind":"${kind.kind}List","apiVersion":"${groupVersion(kind)}","metadata":${JSON.stringify(metadata)},"items":[`
  const typeMeta = Buffer.from(`{"kind":"${kind.kind}","apiVersion":"${groupVersion(kind)}",`)
  res.writeHead(200, { 'Content-Type': 'application/json' })
  let parts: Buffer[] = [Buffer.from(head)]
  let size = head.length
  for (let i = 0; i < page.items.length; i++) {
    if (i > 0) parts.push(COMMA)
    const json = view ? Buffer.from(JSON.stringify({ ...view.out(store.object(page.items[i])), kind: undefined, apiVersion: undefined })) : page.items[i].json
    if (custom) parts.push(json)
    else if (view || !startsWith(json, typeMeta)) parts.push(view ? json : withoutTypeMeta(json))
    else parts.push(OPEN_BRACE, json.subarray(typeMeta.length))
    size += json.length + 1
    if (size >= CHUNK_BYTES) {
      const ok = res.write(Buffer.concat(parts))
      parts = []
      size = 0
      if (!ok) await drained(res)
      if (res.destroyed) return
    }
  }
  parts.push(Buffer.from(']}'))
  res.end(Buffer.concat(parts))
}

/**
 * List items go out without `kind` and `apiVersion`: the real apiserver's list items carry no
 * TypeMeta (only the list does; watch events and single GETs do). Stored objects start with
 * exactly `{"kind":…,"apiVersion":…,`, so the fast path is a slice; anything else is re-encoded.
 */
function startsWith(json: Buffer, prefix: Buffer): boolean {
  return json.length > prefix.length && json.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
}

function withoutTypeMeta(json: Buffer): Buffer {
  const o = JSON.parse(json.toString('utf8')) as Record<string, unknown>
  delete o.kind
  delete o.apiVersion
  return Buffer.from(JSON.stringify(o))
}

const OPEN_BRACE = Buffer.from('{')

/**
 * The page a LIST asks for, with the resourceVersion semantics of the apiserver: unset or "0" =
 * the current state; `N` (NotOlderThan, the default) = the current state when it is at least N,
 * else 504 "Too large resource version"; `Exact` = the state at N (410 once compacted); a
 * resourceVersion beside a continue token is a 400.
 * @throws StoreError 400, 410, 422 or 504.
 */
export function listPage(
  store: SimStore,
  kind: KindDef,
  p: ListParams,
  sel: { namespace?: string; labelSelector?: string; fieldSelector?: string }
): ListResult {
  const opts = { ...sel, limit: p.limit > 0 ? p.limit : undefined, continue: p.continue || undefined }
  const rv = p.resourceVersion
  if (p.continue && rv !== '' && rv !== '0') throw new StoreError(400, 'BadRequest', 'specifying resource version is not allowed when using continue')
  if (rv === '' || rv === '0') return store.list(kind.id, opts)
  if (!/^\d+$/.test(rv)) {
    const qualified = kind.apiGroup ? `${kind.resource}.${kind.apiGroup}` : kind.resource
    const body = 'Invalid value: ' + JSON.stringify(rv) + ': strconv.ParseUint: parsing ' + JSON.stringify(rv) + ': invalid syntax'
    throw new StoreError(422, 'Invalid', `${qualified} "" is invalid: resourceVersion: ${body}`, {
      kind: kind.resource,
      ...(kind.apiGroup ? { group: kind.apiGroup } : {}),
      causes: [{ reason: 'FieldValueInvalid', message: body, field: 'resourceVersion' }]
    })
  }
  const n = Number(rv)
  if (n > store.currentRv()) {
    const s = tooLargeRv(n, store.currentRv())
    throw new StoreError(s.code, s.reason, s.message, s.details)
  }
  return p.resourceVersionMatch === 'Exact' ? store.listAt(kind.id, n, opts) : store.list(kind.id, opts)
}
