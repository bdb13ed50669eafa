/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: a container's log, as the apiserver and the
 * kubelet serve it together.
 *
 * Why: `kubectl logs` in every form (`-f`, `--previous`, `-c`, `--all-containers`, `--tail`,
 * `--since`, `--since-time`, `--timestamps`, `--limit-bytes`, `-l`, `deploy/x`) must work on the
 * demo cluster and answer what a real cluster answers, errors included: 422 for bad options
 * (`ValidatePodLogOptions`), 404 for a missing pod, 400 with the apiserver's words for a missing
 * or unknown container (`validateContainer`) and with the kubelet's for a container with no log
 * to give (`validateContainerLogStatus`), an empty 200 for a pod not yet scheduled. The order of
 * the checks is theirs.
 * Lifecycle: one request; a follow hands its response to `LogFollows` once it has sent what was
 * already written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LogBook } from '../logs/book.ts'
import type { LogFollows } from '../logs/follow.ts'
import { endOffset, linesBetween, tailLines } from '../logs/generate.ts'
import type { PodLike } from '../logs/resolve.ts'
import { pickRun, runSource } from '../logs/resolve.ts'
import { parseRfc3339Ms } from '../logs/time.ts'
import { lineWriter } from '../logs/write.ts'
import type { SimStore } from '../store/store.ts'
import { allowed } from './auth.ts'
import type { SimUser } from './auth.ts'
import { badRequest, sendStatus, statusBody } from './status.ts'
import type { StatusBody } from './status.ts'

export interface LogDeps {
  readonly store: SimStore
  readonly book: LogBook
  readonly follows: LogFollows
}

/** `/api/v1/namespaces/{ns}/pods/{name}/log` → its namespace and pod name. */
export function logPath(pathname: string): { namespace: string; name: string } | undefined {
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log\/?$/.exec(pathname)
  if (!m) return undefined
  try {
    return { namespace: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) }
  } catch {
    return undefined
  }
}

interface LogOptions {
  container: string
  follow: boolean
  previous: boolean
  timestamps: boolean
  tailLines?: number
  sinceSeconds?: number
  sinceMs?: number
  limitBytes?: number
}

/** Go's strconv.ParseBool, as the apiserver's query decoding uses it. */
function bool(q: URLSearchParams, name: string): boolean | string {
  const v = q.get(name)
  if (v === null || v === '') return false
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`
}

function int(q: URLSearchParams, name: string): number | undefined | string {
  const v = q.get(name)
  if (v === null || v === '') return undefined
  return /^-?\d{1,18}$/.test(v) ? Number(v) : `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`
}

/** Decode and validate the options. @returns the options or the Status to answer. */
function options(q: URLSearchParams, pod: string): LogOptions | StatusBody {
  const follow = bool(q, 'follow')
  const previous = bool(q, 'previous')
  const timestamps = bool(q, 'timestamps')
  const tail = int(q, 'tailLines')
  const since = int(q, 'sinceSeconds')
  const limit = int(q, 'limitBytes')
  for (const v of [follow, previous, timestamps, tail, since, limit]) if (typeof v === 'string') return badRequest(v)
  const sinceTime = q.get('sinceTime')
  const sinceMs = sinceTime ? parseRfc3339Ms(sinceTime) : undefined
  if (sinceTime && sinceMs === undefined)
    return badRequest(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)} as "2006"`)
  const causes: { reason: string; message: string; field: string }[] = []
  if (typeof tail === 'number' && tail < 0)
    causes.push({ reason: 'FieldValueInvalid', field: 'tailLines', message: `Invalid value: ${tail}: must be greater than or equal to 0` })
  if (typeof limit === 'number' && limit < 1)
    causes.push({ reason: 'FieldValueInvalid', field: 'limitBytes', message: `Invalid value: ${limit}: must be greater than 0` })
  if (since !== undefined && sinceTime)
    causes.push({ reason: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' })
  else if (typeof since === 'number' && since < 1)
    causes.push({ reason: 'FieldValueInvalid', field: 'sinceSeconds', message: `Invalid value: ${since}: must be greater than 0` })
  if (causes.length > 0) {
    const parts = causes.map((c) => `${c.field}: ${c.message}`)
    return statusBody(422, 'Invalid', `PodLogOptions "${pod}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`, {
      name: pod,
      kind: 'PodLogOptions',
      causes
    })
  }
  return {
    container: q.get('container') ?? '',
    follow: follow as boolean,
    previous: previous as boolean,
    timestamps: timestamps as boolean,
    ...(typeof tail === 'number' ? { tailLines: tail } : {}),
    ...(typeof since === 'number' ? { sinceSeconds: since } : {}),
    // The apiserver hands sinceTime to the kubelet with whole seconds (time.RFC3339).
    ...(sinceMs !== undefined ? { sinceMs: Math.floor(sinceMs / 1000) * 1000 } : {}),
    ...(typeof limit === 'number' ? { limitBytes: limit } : {})
  }
}

/** The apiserver's `validateContainer`: the container named, or the only one, or a 400. */
function containerOf(pod: PodLike, asked: string): string | StatusBody {
  const name = pod.metadata.name ?? ''
  const spec = pod.spec ?? {}
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name)
  if (asked === '') {
    const main = spec.containers ?? []
    if (main.length === 1) return main[0].name
    if (main.length === 0) return badRequest(`a container name must be specified for pod ${name}`)
    return badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`)
  }
  return all.includes(asked) ? asked : badRequest(`container ${asked} is not valid for pod ${name}`)
}

/**
 * Serve one log request of an authenticated `user`: RBAC's 403 for a user who may not read pods
 * (`pods "x" is forbidden: User "u" cannot get resource "pods/log" …`), else the log.
 */
export function serveLog(deps: LogDeps, user: SimUser, _req: IncomingMessage, res: ServerResponse, namespace: string, name: string, q: URLSearchParams): void {
  if (!allowed(user, 'pods')) {
    return sendStatus(
      res,
      statusBody(
        403,
        'Forbidden',
        `pods "${name}" is forbidden: User "${user.name}" cannot get resource "pods/log" in API group "" in the namespace "${namespace}"`,
        { name, kind: 'pods' }
      )
    )
  }
  const opts = options(q, name)
  if ('kind' in opts) return sendStatus(res, opts)
  const rec = deps.store.get('pods', namespace, name)
  if (!rec) return sendStatus(res, statusBody(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' }))
  const pod = deps.store.object(rec) as unknown as PodLike
  const container = containerOf(pod, opts.container)
  if (typeof container !== 'string') return sendStatus(res, container)
  const headers = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' }
  if (!pod.spec?.nodeName) {
    res.writeHead(200, headers)
    return void res.end()
  }
  const picked = pickRun(pod, container, opts.previous)
  if ('error' in picked) return sendStatus(res, badRequest(picked.error))
  const current = (): PodLike | undefined => {
    const r = deps.store.get('pods', namespace, name)
    return r && r.uid === rec.uid ? (deps.store.object(r) as unknown as PodLike) : undefined
  }
  const source = runSource(deps.book, rec.uid, container, picked.id, current)
  const run = source?.()
  if (!source || !run) return sendStatus(res, badRequest(`container "${container}" in pod "${name}" is not available`))
  res.writeHead(200, headers)
  res.flushHeaders()
  const now = Date.now()
  const end = endOffset(run)
  const to = end !== undefined ? end + 1 : Math.max(0, (now - run.startMs) * 1e6 + 1)
  const sinceMs = opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : opts.sinceMs
  const from = sinceMs === undefined ? 0 : Math.max(0, (sinceMs - run.startMs) * 1e6)
  const lines = opts.tailLines !== undefined ? tailLines(run, opts.tailLines, to).filter((l) => l.off >= from) : linesBetween(run, from, to)
  const out = lineWriter(res, opts.timestamps, opts.limitBytes)
  const more = out.write(run, lines)
  if (!more || !opts.follow || end !== undefined) return void res.end()
  deps.follows.add(res, source, out, to)
}
