/**
 * Every kind the app registers, created from the one manifest set on both servers, then read back
 * every way the app and kubectl read: create answers, get, list with label and field selectors,
 * limit/continue pages, and `as=Table` (column definitions and cells) for lists and single objects.
 *
 * Why: the create answers show defaulting and admission; lists and Tables are what the watch
 * engine and `kubectl get` consume. Table cells of the simulator come from the product's row
 * projections, so this also judges those against the real printers.
 */
import { KINDS } from '../../../src/shared/kinds/registry.ts'
import type { KindDef } from '../../../src/shared/kinds/registry.ts'
import type { Backend } from '../../support/backends.ts'
import { apiGet, apiRequest } from '../../support/kubeApi.ts'
import { NS, OURS, pathOf, settle } from '../harness.ts'
import type { Manifest, Obj, Pair } from '../harness.ts'

/** kubectl's Accept for `kubectl get`: a server-side printed Table, plain JSON as fallback. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'
/** Field manager of every write, so managedFields name the same manager on both servers. */
export const FIELD_MANAGER = 'differential'
/** Bound on waiting for one server's controllers to settle the manifest set. */
const SETTLE_MS = 60_000
/** How long the simulator may take beyond the real cluster to settle (its controllers step every 100 ms here). */
const SIM_GRACE_MS = 5_000

/** The registry entry of a manifest. */
export function kindOf(m: { apiVersion: string; kind: string }): KindDef {
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : ''
  const k = KINDS.find((x) => x.kind === m.kind && x.apiGroup === group)
  if (!k) throw new Error(`manifest of an unregistered kind ${m.apiVersion} ${m.kind}`)
  return k
}

/** Path of a kind's collection holding our objects (namespace diff, or cluster-scoped). */
export function collectionOf(k: KindDef, namespace = NS): string {
  const base = k.apiGroup ? `/apis/${k.apiGroup}/${k.version}` : `/api/${k.version}`
  return `${base}${k.namespaced ? `/namespaces/${namespace}` : ''}/${k.resource}`
}

const sel = encodeURIComponent(OURS)

/** Create every manifest on both servers and compare the create answers. */
export async function createAll(p: Pair): Promise<string[]> {
  const out: string[] = []
  for (const m of p.manifests) {
    const k = kindOf(m)
    if (m.kind === 'Pod' || (m.metadata.namespace && m.kind !== 'Namespace')) await namespaceReady(p)
    const path = `${pathOf(m, k.resource)}?fieldManager=${FIELD_MANAGER}`
    const c = await p.same(`POST ${pathOf(m, k.resource)} (${m.metadata.name})`, 'POST', path, { body: m })
    out.push(...c.unexplained)
    if (c.sim.status !== 201 || c.real.status !== 201)
      out.push(`create ${m.kind} ${m.metadata.name}: sim ${c.sim.status} real ${c.real.status}: ${c.real.text.slice(0, 200)} ${c.sim.text.slice(0, 200)}`)
  }
  return out
}

let nsReady = false
/** Pods need their namespace's default ServiceAccount on a real server (admission); wait for it once. */
async function namespaceReady(p: Pair): Promise<void> {
  if (nsReady) return
  nsReady = await settle(async () => (await apiRequest(p.real, 'GET', `/api/v1/namespaces/${NS}/serviceaccounts/default`)).status === 200, 20_000, 200)
}

type Probe = (b: Backend) => Promise<boolean>
const field = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o)
const get = (b: Backend, path: string): Promise<Obj> => apiGet<Obj>(b, path)

/** What "settled" means for the manifest set: each controller has done its work. */
const PROBES: Record<string, Probe> = {
  'deployment web available': async (b) => {
    const d = await get(b, `/apis/apps/v1/namespaces/${NS}/deployments/web`)
    return (
      field(d, 'status.availableReplicas') === 2 &&
      field(d, 'status.updatedReplicas') === 2 &&
      field(d, 'status.observedGeneration') === field(d, 'metadata.generation')
    )
  },
  'replicaset cache ready': async (b) => field(await get(b, `/apis/apps/v1/namespaces/${NS}/replicasets/cache`), 'status.readyReplicas') === 1,
  'statefulset db ready': async (b) => field(await get(b, `/apis/apps/v1/namespaces/${NS}/statefulsets/db`), 'status.readyReplicas') === 1,
  'daemonset agent available': async (b) => field(await get(b, `/apis/apps/v1/namespaces/${NS}/daemonsets/agent`), 'status.numberAvailable') === 1,
  'job pi complete': async (b) => field(await get(b, `/apis/batch/v1/namespaces/${NS}/jobs/pi`), 'status.succeeded') === 1,
  'pod toolbox running': async (b) => field(await get(b, `/api/v1/namespaces/${NS}/pods/toolbox`), 'status.phase') === 'Running',
  'pvc data bound': async (b) => field(await get(b, `/api/v1/namespaces/${NS}/persistentvolumeclaims/data`), 'status.phase') === 'Bound',
  'node diff-node-1 ready': async (b) => {
    const conds = field(await get(b, '/api/v1/nodes/diff-node-1'), 'status.conditions') as { type: string; status: string }[] | undefined
    return conds?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
  },
  'hpa web evaluated': async (b) =>
    ((field(await get(b, `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/web`), 'status.conditions') as unknown[] | undefined)?.length ?? 0) >
    0,
  'pdb web observed': async (b) => field(await get(b, `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/web`), 'status.observedGeneration') === 1
}

/** Wait (bounded) until one server's controllers settled the manifest set; returns what did not. */
export async function settleOne(b: Backend, ms = SETTLE_MS): Promise<string[]> {
  const missed: string[] = []
  await Promise.all(
    Object.entries(PROBES).map(async ([what, probe]) => {
      if (!(await settle(() => probe(b), ms))) missed.push(what)
    })
  )
  return missed.sort()
}

/**
 * Create the manifest set on one server (waiting for the namespace's default ServiceAccount first,
 * which pods need on a real one). @returns the failures, as `kind/name: status body`.
 */
export async function createManifestsOn(b: Backend, manifests: readonly Manifest[]): Promise<string[]> {
  const failed: string[] = []
  for (const m of manifests) {
    const k = kindOf(m)
    if (m.metadata.namespace && b.kind === 'real') {
      await settle(async () => (await apiRequest(b, 'GET', `/api/v1/namespaces/${m.metadata.namespace}/serviceaccounts/default`)).status === 200, 20_000, 200)
    }
    const r = await apiRequest(b, 'POST', `${pathOf(m, k.resource)}?fieldManager=${FIELD_MANAGER}`, { body: m })
    if (r.status !== 201) failed.push(`${m.kind}/${m.metadata.name}: ${r.status} ${r.text.slice(0, 200)}`)
  }
  return failed
}

/**
 * Wait (bounded) until the controllers settled on both servers; returns what did not. The
 * simulator gets until the real cluster settled plus a grace period: what it never does shows up
 * as divergences in the answers anyway, and waiting the full bound for it would only cost time.
 */
export async function settleAll(p: Pair): Promise<string[]> {
  const missed: string[] = []
  const check = async (b: Backend, ms: () => number): Promise<void> => {
    await Promise.all(
      Object.entries(PROBES).map(async ([what, probe]) => {
        if (!(await settle(() => probe(b), ms()))) missed.push(`${b.kind}: ${what}`)
      })
    )
  }
  let realDone = 0
  const real = check(p.real, () => SETTLE_MS).then(() => {
    realDone = Date.now()
  })
  const sim = (async () => {
    await real
    await check(p.sim, () => Math.max(0, realDone + SIM_GRACE_MS - Date.now()))
  })()
  await Promise.all([real, sim])
  return missed.sort()
}

/** Learn each server's own nodes, so the normalizer can replace their names. */
export async function learnNodes(p: Pair): Promise<void> {
  for (const b of [p.sim, p.real]) {
    const list = await get(b, '/api/v1/nodes')
    p.norm[b.kind].learnNodes(((list.items ?? []) as Obj[]).map((n) => String(field(n, 'metadata.name'))))
  }
}

/** Field selectors the real apiserver supports per kind (besides metadata.name / metadata.namespace). */
const FIELD_SELECTORS: Partial<Record<string, string[]>> = {
  pods: ['status.phase=Running', 'spec.nodeName=diff-node-1', 'spec.restartPolicy=Always', 'spec.serviceAccountName=default', 'status.phase!=Running'],
  events: ['involvedObject.kind=Pod', 'involvedObject.name=toolbox', 'reason=Rehearsal', 'type=Normal', 'source=differential-suite'],
  nodes: ['spec.unschedulable=false'],
  namespaces: ['status.phase=Active'],
  replicasets: ['status.replicas=1'],
  jobs: ['status.successful=1'],
  services: ['spec.type=ClusterIP'],
  persistentvolumeclaims: [],
  persistentvolumes: []
}

/** GET each object, list with selectors, page with limit/continue, and as=Table. */
export async function readBack(p: Pair): Promise<string[]> {
  const out: string[] = []
  const same = async (label: string, path: string, accept?: string): Promise<void> => {
    const c = await p.same(label, 'GET', path, accept ? { accept, compareContentType: true } : {})
    out.push(...c.unexplained)
  }
  for (const m of p.manifests) {
    const k = kindOf(m)
    await same(`GET ${pathOf(m, k.resource, m.metadata.name)}`, pathOf(m, k.resource, m.metadata.name))
    await same(`GET(Table) ${pathOf(m, k.resource, m.metadata.name)}`, pathOf(m, k.resource, m.metadata.name), TABLE_ACCEPT)
  }
  for (const k of KINDS) {
    const coll = collectionOf(k)
    await same(`LIST ${coll}?labelSelector=${OURS}`, `${coll}?labelSelector=${sel}`)
    await same(`LIST(Table) ${coll}?labelSelector=${OURS}`, `${coll}?labelSelector=${sel}`, TABLE_ACCEPT)
    const name = p.manifests.find((m) => kindOf(m).id === k.id)?.metadata.name ?? ''
    const fields = [`metadata.name=${name}`, ...(k.namespaced ? [`metadata.namespace=${NS}`] : []), ...(FIELD_SELECTORS[k.resource] ?? [])]
    for (const f of fields) {
      const path = k.namespaced && f.startsWith('metadata.namespace') ? collectionOf(k).replace(`/namespaces/${NS}`, '') : coll
      await same(`LIST ${path}?labelSelector=${OURS}&fieldSelector=${f}`, `${path}?labelSelector=${sel}&fieldSelector=${encodeURIComponent(f)}`)
    }
    out.push(...(await pages(p, k)))
  }
  return out
}

/** Page a kind's collection with limit=1, following each server's own continue token. */
async function pages(p: Pair, k: KindDef): Promise<string[]> {
  const out: string[] = []
  const coll = collectionOf(k)
  let tokens = { sim: '', real: '' }
  for (let page = 1; page <= 12; page++) {
    const q = (t: string): string => `${coll}?labelSelector=${sel}&limit=1${t ? `&continue=${encodeURIComponent(t)}` : ''}`
    const [s, r] = await Promise.all([apiRequest(p.sim, 'GET', q(tokens.sim)), apiRequest(p.real, 'GET', q(tokens.real))])
    const c = p.compare(`LIST ${coll}?labelSelector=${OURS}&limit=1 page ${page}`, { status: s.status, body: s.json }, { status: r.status, body: r.json })
    out.push(...c.unexplained)
    tokens = { sim: String(field(s.json, 'metadata.continue') ?? ''), real: String(field(r.json, 'metadata.continue') ?? '') }
    if (!tokens.sim || !tokens.real) break
  }
  return out
}

/** The manifests of one kind. */
export function manifestsOf(p: Pair, k: KindDef): Manifest[] {
  return p.manifests.filter((m) => kindOf(m).id === k.id)
}
