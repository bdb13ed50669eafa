/**
 * Query parameters decoded as the apiserver's parameter codec decodes them, and list options
 * validated as `ValidateListOptions` validates them.
 *
 * Why: clients spell booleans their own way (the official Python client sends `watch=True`);
 * apimachinery's `runtime.Convert_Slice_string_To_bool` makes only `false` and `0` (any case)
 * false and everything else — `True`, `yes`, an empty value — true. Integers go through
 * `strconv.ParseInt`, whose error becomes a 400 with its own words; option combinations the
 * apiserver forbids answer 422 `ListOptions.meta.k8s.io "" is invalid: …` instead of a silent
 * current list. One place, so every handler reads a parameter the same way.
 */
import { StoreError } from '../store/types.ts'
import { forbiddenField, notSupported } from '../validate/fieldErrors.ts'
import type { FieldError } from '../validate/fieldErrors.ts'
import { statusBody } from './status.ts'
import type { StatusBody } from './status.ts'

/** A boolean parameter: undefined when absent; only `false`/`0` (case-insensitive) are false. */
export function queryBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name)
  if (v === null) return undefined
  return !(v === '0' || v.toLowerCase() === 'false')
}

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

/**
 * An int64 parameter as `strconv.ParseInt(s, 10, 64)` reads it: undefined when absent.
 * @throws StoreError 400 with strconv's message (`strconv.ParseInt: parsing "abc": invalid syntax`).
 */
export function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name)
  if (v === null) return undefined
  if (!/^[+-]?\d+$/.test(v)) throw new StoreError(400, 'BadRequest', `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`)
  const n = BigInt(v)
  if (n > INT64_MAX || n < INT64_MIN) throw new StoreError(400, 'BadRequest', `strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`)
  return Number(n)
}

/** `metav1.ListOptions` as the list and watch handlers see it. */
export interface ListParams {
  readonly watch: boolean
  readonly allowWatchBookmarks: boolean
  /** Absent (undefined), true or false: its presence matters to validation. */
  readonly sendInitialEvents?: boolean
  readonly resourceVersion: string
  readonly resourceVersionMatch: string
  /** 0 or negative = no limit, as the storage treats it. */
  readonly limit: number
  readonly continue: string
  readonly timeoutSeconds?: number
  readonly labelSelector?: string
  readonly fieldSelector?: string
}

/** Decode the list options of a request. @throws StoreError 400 for an unparsable integer. */
export function listParams(q: URLSearchParams): ListParams {
  return {
    watch: queryBool(q, 'watch') ?? false,
    allowWatchBookmarks: queryBool(q, 'allowWatchBookmarks') ?? false,
    sendInitialEvents: queryBool(q, 'sendInitialEvents'),
    resourceVersion: q.get('resourceVersion') ?? '',
    resourceVersionMatch: q.get('resourceVersionMatch') ?? '',
    limit: queryInt(q, 'limit') ?? 0,
    continue: q.get('continue') ?? '',
    timeoutSeconds: queryInt(q, 'timeoutSeconds'),
    labelSelector: q.get('labelSelector') || undefined,
    fieldSelector: q.get('fieldSelector') || undefined
  }
}

const EXACT = 'Exact'
const NOT_OLDER = 'NotOlderThan'

function listErrors(p: ListParams): FieldError[] {
  const errs: FieldError[] = []
  const match = p.resourceVersionMatch
  if (match) {
    if (!p.resourceVersion) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'))
    if (p.continue) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'))
    if (match !== EXACT && match !== NOT_OLDER) errs.push(notSupported('resourceVersionMatch', match, [EXACT, NOT_OLDER, '']))
    if (match === EXACT && p.resourceVersion === '0')
      errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'))
  }
  if (p.sendInitialEvents !== undefined) errs.push(forbiddenField('sendInitialEvents', 'sendInitialEvents is forbidden for list'))
  return errs
}

function watchErrors(p: ListParams, watchList: boolean): FieldError[] {
  const errs: FieldError[] = []
  const match = p.resourceVersionMatch
  if (p.sendInitialEvents !== undefined) {
    if (match !== NOT_OLDER) {
      errs.push(forbiddenField('resourceVersionMatch', `sendInitialEvents requires setting resourceVersionMatch to ${NOT_OLDER}`))
    }
    if (!watchList) errs.push(forbiddenField('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'))
  }
  if (match) {
    if (p.sendInitialEvents === undefined)
      errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'))
    if (match !== NOT_OLDER) errs.push(notSupported('resourceVersionMatch', match, [NOT_OLDER]))
    if (p.continue) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'))
  }
  // The watch cache's own rule for streaming lists: the end of the initial events is a bookmark.
  if (watchList && p.sendInitialEvents === true && !p.allowWatchBookmarks) {
    errs.push(forbiddenField('allowWatchBookmarks', 'allowWatchBookmarks must be set to true when sendInitialEvents is set to true'))
  }
  return errs
}

/**
 * `ValidateListOptions` (k8s.io/apimachinery internalversion/validation, v1.34), with the
 * apiserver's `WatchList` feature gate (`watchList`; off by default in 1.33, on from 1.34).
 * @returns the 422 Invalid Status, or undefined when the options are valid.
 */
export function validateListParams(p: ListParams, watchList: boolean): StatusBody | undefined {
  const errs = p.watch ? watchErrors(p, watchList) : listErrors(p)
  if (errs.length === 0) return undefined
  const parts = errs.map((e) => `${e.field}: ${e.body}`)
  return statusBody(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes: errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }))
  })
}

/** The 504 of a version the store has not reached (the watch cache's "Too large resource version"). */
export function tooLargeRv(rv: number, current: number): StatusBody {
  return statusBody(504, 'Timeout', `Timeout: Too large resource version: ${rv}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1
  })
}
