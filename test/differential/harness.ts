/**
 * The differential harness: the simulator and a real apiserver side by side, the same request
 * sent to both, both answers normalized (normalize.ts) and compared (diff.ts), every divergence
 * classified against the allowlist into the report.
 *
 * Why: "where kubectl or the real apiserver disagree with our simulator, the simulator is wrong" —
 * this makes the disagreement visible request by request. Lifecycle: `startPair()` starts both
 * backends (beforeAll); `stop()` ends them (afterAll). Each request section calls `same()` /
 * `compare()` and asserts on the unexplained divergences it got back.
 */
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { startBackend } from '../support/backends.ts'
import type { Backend, BackendKind } from '../support/backends.ts'
import { apiRequest } from '../support/kubeApi.ts'
import type { ApiReply, ApiRequestOptions } from '../support/kubeApi.ts'
import { ALLOWLIST } from './allowlist.ts'
import { diffJson, formatDivergence } from './diff.ts'
import type { Divergence } from './diff.ts'
import { Normalizer } from './normalize.ts'
import { Report } from './report.ts'

export type Obj = Record<string, unknown>
export type Manifest = Obj & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } }

/** The namespace every namespaced manifest lives in. */
export const NS = 'diff'
/** The label every manifest object carries (lists of cluster-scoped kinds select on it). */
export const OURS = 'periscope.dev/differential=true'
/** The node of our own (kept by the node-name normalizer). */
export const OUR_NODE = 'diff-node-1'
/** A user with no rights on either backend (403 bodies). */
export const NOBODY = 'nobody'

/** The manifests, in creation order: cluster-scoped first, then namespaced. */
export function loadManifests(): Manifest[] {
  const out: Manifest[] = []
  for (const file of ['cluster.yaml', 'namespaced.yaml']) {
    const text = readFileSync(new URL(`./manifests/${file}`, import.meta.url), 'utf8')
    for (const doc of parseAllDocuments(text)) out.push(doc.toJS() as Manifest)
  }
  return out
}

/** IP addresses written in the manifests: kept as they are by the IP normalizer. */
function manifestIps(manifests: readonly Manifest[]): string[] {
  return [...JSON.stringify(manifests).matchAll(/\b(?:\d{1,3}\.){3}\d{1,3}\b(?![/.\d])/g)].map((m) => m[0])
}

export interface Pair {
  readonly sim: Backend
  readonly real: Backend
  readonly report: Report
  readonly manifests: readonly Manifest[]
  /** The normalizer of each backend (it learns generated names as answers pass). */
  readonly norm: Record<BackendKind, Normalizer>
  /** Send the same request to both; compare `{status, body}` (+ content type when asked). */
  same(label: string, method: string, path: string, o?: SameOptions): Promise<Compared<ApiReply>>
  /** Compare two values already obtained (each from its backend). */
  compare<T>(label: string, sim: T, real: T): Compared<T>
  stop(): Promise<void>
}

export interface SameOptions extends ApiRequestOptions {
  /** Compare the Content-Type header too (discovery, Tables). */
  readonly contentType?: string
  readonly compareContentType?: boolean
  /** Drop parts of both answers before comparing (e.g. what another request covers). */
  readonly pick?: (body: unknown) => unknown
}

export interface Compared<T> {
  readonly sim: T
  readonly real: T
  /** Divergences not explained by the allowlist, as report lines. */
  readonly unexplained: string[]
}

/** Start both backends (the real one with few nodes) and the bookkeeping. */
export async function startPair(): Promise<Pair> {
  const manifests = loadManifests()
  const [sim, real] = await Promise.all([
    startBackend('sim', { users: [NOBODY], sim: { pods: 0, churn: 0, controllers: { stepMs: 100 } } }),
    startBackend('real', { users: [NOBODY], nodes: 2 })
  ])
  const ips = manifestIps(manifests)
  const keep = new Set([OUR_NODE])
  const norm: Record<BackendKind, Normalizer> = { sim: new Normalizer(ips, keep), real: new Normalizer(ips, keep) }
  const report = new Report(ALLOWLIST)

  const compare = <T>(label: string, s: T, r: T): Compared<T> => {
    norm.sim.learn(s)
    norm.real.learn(r)
    const found: Divergence[] = diffJson(label, norm.sim.apply(s), norm.real.apply(r))
    const c = report.add(found)
    return { sim: s, real: r, unexplained: c.unexplained.map(formatDivergence) }
  }
  const view = (r: ApiReply, o: SameOptions): unknown => {
    const body = r.json === undefined ? r.text : r.json
    return {
      status: r.status,
      ...(o.compareContentType ? { contentType: r.headers['content-type'] } : {}),
      body: o.pick ? o.pick(body) : body
    }
  }
  return {
    sim,
    real,
    report,
    manifests,
    norm,
    async same(label, method, path, o = {}) {
      const [s, r] = await Promise.all([apiRequest(sim, method, path, o), apiRequest(real, method, path, o)])
      const c = compare(label, view(s, o), view(r, o))
      return { sim: s, real: r, unexplained: c.unexplained }
    },
    compare,
    async stop() {
      await Promise.all([sim.stop(), real.stop()])
    }
  }
}

/** Path of a manifest's collection (`/api/v1/namespaces/diff/pods`) or, with `name`, of one object. */
export function pathOf(m: { apiVersion: string; kind: string; metadata: { namespace?: string } }, resource: string, name?: string): string {
  const base = m.apiVersion.includes('/') ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`
  const ns = m.metadata.namespace ? `/namespaces/${m.metadata.namespace}` : ''
  return `${base}${ns}/${resource}${name ? `/${name}` : ''}`
}

/** Poll `probe` until it holds or `ms` pass; returns whether it held. */
export async function settle(probe: () => Promise<boolean>, ms: number, every = 500): Promise<boolean> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      if (await probe()) return true
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, every))
  }
}
