/**
 * Configuration row projections (ConfigMap, Secret, ResourceQuota, LimitRange), ports of
 * kubectl's server-side `printConfigMap`, `printSecret`, `printResourceQuota` and
 * `printLimitRange` (kubernetes `pkg/printers/internalversion/printers.go`).
 *
 * Why a Secret reads no value: its row is TYPE and the NUMBER of keys in `data`; the values are
 * never read, copied or counted by length, so nothing derived from them reaches a row, the SSE
 * stream, the polled list or the offline cache.
 * Lifecycle: pure functions, called once per object per watch event.
 */
import type { ObjectLike, Projector } from './types.ts'

/** Keys of a JSON map (`data`, `binaryData`); 0 when absent or not an object. */
function keyCount(v: unknown): number {
  if (!v || typeof v !== 'object') return 0
  let n = 0
  for (const _k in v as Record<string, unknown>) n++
  return n
}

const age = (obj: ObjectLike): string | null => obj.metadata?.creationTimestamp ?? null

/**
 * `CreationTimestamp.UTC().Format(time.RFC3339)`: what CREATED AT prints (roles, limit ranges,
 * CRDs). The API already sends RFC 3339 UTC with whole seconds; an unset time is Go's zero time.
 */
export function createdAtText(iso: string | undefined): string {
  if (!iso) return '0001-01-01T00:00:00Z'
  const t = Date.parse(iso)
  return Number.isNaN(t) ? iso : new Date(Math.trunc(t / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** `printConfigMap`: DATA counts the keys of `data` and `binaryData` together. */
export const projectConfigMap: Projector = (obj) => ({
  cells: { data: keyCount(obj.data) + keyCount(obj.binaryData), age: age(obj) }
})

/** `printSecret`: TYPE as stored, DATA the number of keys of `data` (never a value). */
export const projectSecret: Projector = (obj) => ({
  cells: { type: typeof obj.type === 'string' ? obj.type : '', data: keyCount(obj.data), age: age(obj) }
})

interface QuotaLike {
  readonly status?: { readonly hard?: Readonly<Record<string, string>>; readonly used?: Readonly<Record<string, string>> }
}

/**
 * `printResourceQuota`: every resource of `status.hard` (not spec: a quota the controller has not
 * seen yet prints empty cells), sorted by name, as `name: used/hard`; those whose name splits on
 * `.` into `limits` and more go to LIMIT, the rest to REQUEST, joined by `, `. A resource with no
 * `used` entry prints the zero Quantity, `0`.
 */
export const projectResourceQuota: Projector = (obj) => {
  const st = (obj as QuotaLike).status
  const hard = st?.hard ?? {}
  const used = st?.used ?? {}
  const request: string[] = []
  const limit: string[] = []
  for (const r of Object.keys(hard).sort()) {
    const dot = r.indexOf('.')
    const to = dot > 0 && r.slice(0, dot) === 'limits' ? limit : request
    to.push(`${r}: ${used[r] ?? '0'}/${hard[r]}`)
  }
  return { cells: { request: request.join(', '), limit: limit.join(', '), age: age(obj) } }
}

/** `printLimitRange`: CREATED AT. */
export const projectLimitRange: Projector = (obj) => ({ cells: { createdAt: createdAtText(obj.metadata?.creationTimestamp) } })
