/**
 * GET of one object and LIST of a collection, as JSON objects or as a Table.
 *
 * Why: the stored JSON bytes are written straight to the socket in ~1 MB chunks (waiting for
 * 'drain'), so a 150k-pod list (over 1 GB) never becomes one string or one parsed array; objects
 * are parsed only for Table output, one page at a time.
 */
import type { ServerResponse } from 'node:http'
import { groupVersion } from '../../../../src/shared/kinds/registry.ts'
import type { KindDef } from '../../../../src/shared/kinds/registry.ts'
import type { ListResult, SimStore } from '../store/store.ts'
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
export function serveGet(store: SimStore, res: ServerResponse, kind: KindDef, namespace: string | undefined, name: string, table: TableOpts): void {
  const rec = store.get(kind.id, namespace, name)
  if (!rec) {
    const qualified = kind.apiGroup ? `${kind.resource}.${kind.apiGroup}` : kind.resource
    const details: Record<string, unknown> = { name, kind: kind.resource }
    if (kind.apiGroup) details.group = kind.apiGroup
    return sendStatus(res, statusBody(404, 'NotFound', `${qualified} "${name}" not found`, details))
  }
  if (!table) return sendJson(res, rec.json)
  sendJson(res, JSON.stringify(toTable(kind.id, [store.object(rec)], { resourceVersion: String(rec.rv), nowMs: Date.now(), ...table })))
}

/** Serve a LIST page; the result was already computed (errors answered) by the caller. */
export async function serveList(store: SimStore, res: ServerResponse, kind: KindDef, page: ListResult, table: TableOpts): Promise<void> {
  if (table) {
    const objects = page.items.map((r) => store.object(r))
    const t = toTable(kind.id, objects, {
      resourceVersion: String(page.rv), continue: page.continue, remainingItemCount: page.remainingItemCount, nowMs: Date.now(), ...table
    })
    return sendJson(res, JSON.stringify(t))
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(page.rv) }
  if (page.continue) metadata.continue = page.continue
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount
  const head = `{"kind":"${kind.kind}List","apiVersion":"${groupVersion(kind)}","metadata":${JSON.stringify(metadata)},"items":[`
  const typeMeta = Buffer.from(`{"kind":"${kind.kind}","apiVersion":"${groupVersion(kind)}",`)
  res.writeHead(200, { 'Content-Type': 'application/json' })
  let parts: Buffer[] = [Buffer.from(head)]
  let size = head.length
  for (let i = 0; i < page.items.length; i++) {
    if (i > 0) parts.push(COMMA)
    const json = page.items[i].json
    if (startsWith(json, typeMeta)) parts.push(OPEN_BRACE, json.subarray(typeMeta.length))
    else parts.push(withoutTypeMeta(json))
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

/** List options from the query (limit, continue, selectors) for `store.list`. */
export function listOptions(query: URLSearchParams): { limit?: number; continue?: string } {
  const limit = Number(query.get('limit') ?? '')
  return { limit: Number.isInteger(limit) && limit > 0 ? limit : undefined, continue: query.get('continue') || undefined }
}
