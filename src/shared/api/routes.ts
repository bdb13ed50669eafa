/**
 * The route table of the local API: every route's name, methods, path pattern and query
 * parameters, the path builder the renderer uses and the matcher the server uses.
 *
 * Why: one route used to live in four places (router, dispatch switch, handler, a URL template in
 * the renderer). Now a route is one entry here plus one server handler: the server dispatches by
 * `name` (its handler table is typed `{ [N in RouteName]: … }`, so a missing handler does not
 * compile), and the renderer builds every URL with `apiPath`, so builder and parser cannot drift
 * (a round-trip test holds them to it, odd cluster names included).
 * Lifecycle: pure data and pure functions. Platform-free: queries are read through `QueryLike`
 * (a URLSearchParams fits) and built with `encodeURIComponent`.
 */
import { findKind } from '../kinds/registry.ts'
import type { KindDef, KindId } from '../kinds/registry.ts'
import { LOG_WORKLOAD_KINDS } from './logs.ts'
import { clusterIdError, containerNameError, flagError, intParamError, namespaceError, objectNameError } from './params.ts'
import { MAX_TAIL_LINES } from './logs.ts'

/** One route: methods, path pattern (`:name` = a parameter segment), query parameters. */
export interface RouteSpec {
  readonly methods: readonly ('GET' | 'PUT' | 'POST')[]
  readonly segments: readonly string[]
  /** Query parameters the route reads, in the order builders write them. */
  readonly query: readonly string[]
  /** The answer is an SSE stream (EventSource: the token may come as `?token=`). */
  readonly stream?: true
}

/** Every route of the local API (static files are everything outside `/api` and `/debug`). */
export const ROUTES = {
  features: { methods: ['GET'], segments: ['api', 'features'], query: [] },
  clusters: { methods: ['GET'], segments: ['api', 'clusters'], query: [] },
  kubeconfig: { methods: ['GET'], segments: ['api', 'kubeconfig'], query: [] },
  /** Re-read the kubeconfig files now and rebuild changed clusters (the Kubeconfig page's Reload). */
  kubeconfigReload: { methods: ['POST'], segments: ['api', 'kubeconfig', 'reload'], query: [] },
  settings: { methods: ['GET', 'PUT'], segments: ['api', 'settings'], query: [] },
  /** Try a cluster again now: probe it and wake its watches from their backoff ("Retry now"). Before `list`, which has the same shape. */
  clusterRetry: { methods: ['POST'], segments: ['api', 'clusters', ':cluster', 'retry'], query: [] },
  /** A cluster's custom kinds (CRDs and aggregated APIs, from discovery). Before `list`: `kinds` is no kind token (custom tokens have a dot). */
  clusterKinds: { methods: ['GET'], segments: ['api', 'clusters', ':cluster', 'kinds'], query: [] },
  list: { methods: ['GET'], segments: ['api', 'clusters', ':cluster', ':kind'], query: ['namespace'] },
  watch: { methods: ['GET'], segments: ['api', 'clusters', ':cluster', ':kind', 'watch'], query: ['namespace', 'lastEventId', 'token'], stream: true },
  object: { methods: ['GET'], segments: ['api', 'clusters', ':cluster', ':kind', 'objects', ':name'], query: ['namespace'] },
  // An object's name only ever stands right after `objects/`, so no name (`objects`, `watch`,
  // `logs`) can be read as a route word: no two patterns match one path (routes.test.ts).
  logs: {
    methods: ['GET'],
    segments: ['api', 'clusters', ':cluster', ':kind', 'objects', ':name', 'logs'],
    query: ['namespace', 'container', 'previous', 'tailLines', 'sinceSeconds', 'lastEventId', 'token'],
    stream: true
  },
  debugStreams: { methods: ['GET'], segments: ['debug', 'streams'], query: [] },
  debugWatches: { methods: ['GET'], segments: ['debug', 'watches'], query: [] }
} as const satisfies Record<string, RouteSpec>

export type RouteName = keyof typeof ROUTES
/** The methods route `N` answers. */
export type RouteMethod<N extends RouteName> = (typeof ROUTES)[N]['methods'][number]
/** Every route name, in table order. */
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[]

/** Builder parameters of a collection route (`namespace` '' or absent = all namespaces). */
export interface CollectionParams {
  readonly cluster: string
  readonly kind: KindId
  readonly namespace?: string
}

/** A log stream: a pod (one container) or a workload (every container of its pods). */
export interface LogParams {
  readonly cluster: string
  /** `pods`, or a workload kind (LOG_WORKLOAD_KINDS). */
  readonly kind: KindId
  readonly namespace: string
  readonly name: string
  /** Pods: the container (default: the pod's default container). */
  readonly container?: string
  /** Pods: the previous run's log (`'true'`). */
  readonly previous?: string
  /** Lines before following (per container for workloads), as a decimal string. */
  readonly tailLines?: string
  readonly sinceSeconds?: string
}

/** What `apiPath` needs per route. */
export interface RouteParams {
  readonly features: undefined
  readonly clusters: undefined
  readonly kubeconfig: undefined
  readonly kubeconfigReload: undefined
  readonly clusterRetry: { readonly cluster: string }
  readonly clusterKinds: { readonly cluster: string }
  readonly settings: undefined
  readonly list: CollectionParams
  /** `token` only for EventSource, which cannot send headers; never log the result. */
  readonly watch: CollectionParams & { readonly lastEventId?: string; readonly token?: string }
  readonly object: CollectionParams & { readonly name: string }
  /** `token` only for EventSource; never log the result. */
  readonly logs: LogParams & { readonly lastEventId?: string; readonly token?: string }
  readonly debugStreams: undefined
  readonly debugWatches: undefined
}

type ParamArgs<N extends RouteName> = RouteParams[N] extends undefined ? [] : [params: RouteParams[N]]

/**
 * The path (and query) of a route, e.g. `apiPath('list', { cluster: 'prod/eu', kind: 'pods' })`
 * → `/api/clusters/prod%2Feu/pods`. Each parameter segment is URL-encoded on its own, so `/`,
 * spaces and Unicode in a context name stay inside their segment; empty query values are left out.
 */
export function apiPath<N extends RouteName>(name: N, ...args: ParamArgs<N>): string {
  const spec: RouteSpec = ROUTES[name]
  const params = (args[0] ?? {}) as Record<string, string | undefined>
  const path = spec.segments.map((s) => {
    if (!s.startsWith(':')) return s
    const v = params[s.slice(1)]
    if (v === undefined) throw new Error(`apiPath(${name}): missing ${s.slice(1)}`)
    return encodeURIComponent(v)
  })
  const query = spec.query.flatMap((q) => {
    const v = params[q]
    return v === undefined || v === '' ? [] : [`${q}=${encodeURIComponent(v)}`]
  })
  return `/${path.join('/')}${query.length > 0 ? `?${query.join('&')}` : ''}`
}

/** The part of URLSearchParams the matcher reads. */
export interface QueryLike {
  getAll(name: string): string[]
}

/** A matched collection route: cluster id, kind (undefined = not a registry token), namespace. */
export interface CollectionRoute {
  readonly cluster: string
  /** The kind segment as sent. */
  readonly kindToken: string
  /** The registry's kind, or undefined (the handler answers 404, as for a missing route). */
  readonly kind: KindDef | undefined
  /** '' for all namespaces; always '' for a cluster-scoped kind. */
  readonly namespace: string
}

/** A matched log route, every parameter validated. */
export interface LogRoute {
  readonly cluster: string
  readonly kind: KindDef
  readonly namespace: string
  readonly objectName: string
  /** '' = the pod's default container (pods only). */
  readonly container: string
  readonly previous: boolean
  readonly tailLines?: number
  readonly sinceSeconds?: number
}

/** What the matcher found. */
export type Route =
  | { readonly name: 'features' | 'clusters' | 'settings' | 'kubeconfig' | 'kubeconfigReload' | 'debugStreams' | 'debugWatches' }
  | { readonly name: 'clusterRetry'; readonly cluster: string }
  | { readonly name: 'clusterKinds'; readonly cluster: string }
  | ({ readonly name: 'list' } & CollectionRoute)
  | ({ readonly name: 'watch' } & CollectionRoute)
  | ({ readonly name: 'object'; readonly objectName: string } & CollectionRoute)
  | ({ readonly name: 'logs' } & LogRoute)
  | { readonly name: 'static'; readonly segments: readonly string[] }
  | { readonly name: 'notFound' }

/** The matched route of name `N`. */
export type RouteOf<N extends Route['name']> = Extract<Route, { readonly name: N }>

export type RouteResult = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly status: 400; readonly error: string }

/**
 * Map decoded path segments (+ query) to a route. Paths outside `/api` and `/debug` are
 * `static`; unknown `/api` and `/debug` paths are `notFound`; a known shape with a bad parameter
 * is a 400 with the rule's message.
 */
export function matchRoute(segments: readonly string[], query: QueryLike): RouteResult {
  if (segments[0] !== 'api' && segments[0] !== 'debug') return { ok: true, route: { name: 'static', segments } }
  for (const name of ROUTE_NAMES) {
    const pattern: readonly string[] = ROUTES[name].segments
    if (pattern.length === segments.length && pattern.every((p, i) => p.startsWith(':') || p === segments[i])) {
      return bind(name, pattern, segments, query)
    }
  }
  return { ok: true, route: { name: 'notFound' } }
}

function bind(name: RouteName, pattern: readonly string[], segments: readonly string[], query: QueryLike): RouteResult {
  const ok = (route: Route): RouteResult => ({ ok: true, route })
  const bad = (error: string): RouteResult => ({ ok: false, status: 400, error })
  const at = (p: string): string => segments[pattern.indexOf(p)]
  if (name === 'clusterRetry' || name === 'clusterKinds') {
    const err = clusterIdError(at(':cluster'))
    return err ? bad(err) : ok({ name, cluster: at(':cluster') })
  }
  if (name !== 'list' && name !== 'watch' && name !== 'object' && name !== 'logs') return ok({ name })
  const cluster = at(':cluster')
  const kindToken = at(':kind')
  const clusterErr = clusterIdError(cluster)
  if (clusterErr) return bad(clusterErr)
  const kind = findKind(kindToken)
  const all = query.getAll('namespace')
  if (all.length > 1) return bad('namespace given more than once')
  const ns = all[0] ?? ''
  const nsErr = namespaceError(ns)
  if (nsErr) return bad(nsErr)
  const namespace = kind && !kind.namespaced ? '' : ns
  if (name === 'list') return ok({ name: 'list', cluster, kindToken, kind, namespace })
  if (name === 'watch') return ok({ name: 'watch', cluster, kindToken, kind, namespace })
  const objectName = at(':name')
  const nameErr = objectNameError(objectName)
  if (nameErr) return bad(nameErr)
  if (kind?.namespaced && namespace === '') return bad(`${kind.id} are namespaced: give ?namespace=`)
  if (name === 'object') return ok({ name: 'object', cluster, kindToken, kind, namespace, objectName })
  return bindLogs(cluster, kind, namespace, objectName, query)
}

/** The log route's own parameters: which kinds have logs, and the follow options. */
function bindLogs(cluster: string, kind: KindDef | undefined, namespace: string, objectName: string, query: QueryLike): RouteResult {
  const bad = (error: string): RouteResult => ({ ok: false, status: 400, error })
  if (!kind || (kind.id !== 'pods' && !(LOG_WORKLOAD_KINDS as readonly string[]).includes(kind.id))) {
    return bad(`logs are served for pods and for ${LOG_WORKLOAD_KINDS.join(', ')}`)
  }
  const one = (q: string): string | undefined | null => {
    const all = query.getAll(q)
    return all.length > 1 ? null : all[0]
  }
  const names = ['container', 'previous', 'tailLines', 'sinceSeconds'] as const
  const v: Record<string, string | undefined> = {}
  for (const q of names) {
    const got = one(q)
    if (got === null) return bad(`${q} given more than once`)
    v[q] = got === '' ? undefined : got
  }
  const err =
    containerNameError(v.container ?? '') ??
    flagError('previous', v.previous) ??
    intParamError('tailLines', v.tailLines, 0, MAX_TAIL_LINES) ??
    intParamError('sinceSeconds', v.sinceSeconds, 1, 10 * 365 * 86400)
  if (err) return bad(err)
  if (kind.id !== 'pods' && (v.container !== undefined || v.previous !== undefined))
    return bad('container and previous are for pods; a workload stream follows every container of its pods')
  if (v.tailLines !== undefined && v.sinceSeconds !== undefined) return bad('give tailLines or sinceSeconds, not both')
  return {
    ok: true,
    route: {
      name: 'logs',
      cluster,
      kind,
      namespace,
      objectName,
      container: v.container ?? '',
      previous: v.previous === 'true',
      ...(v.tailLines !== undefined ? { tailLines: Number(v.tailLines) } : {}),
      ...(v.sinceSeconds !== undefined ? { sinceSeconds: Number(v.sinceSeconds) } : {})
    }
  }
}

/** Methods a matched route answers; anything else is 405 with `Allow`. */
export function allowedMethods(route: Route): readonly string[] {
  if (route.name === 'static') return ['GET', 'HEAD']
  if (route.name === 'notFound') return ['GET']
  return ROUTES[route.name].methods
}
