/**
 * A place in the app, and its address: the hash of the window's URL.
 *
 *   #/c/demo                               the cluster's overview (landing page)
 *   #/c/demo,staging/pods                  pods of two clusters in one table
 *   #/c/demo/deployments?ns=payments&q=api&sort=-age&open=demo/payments/api-7f9c&tab=yaml
 *   …&logs=demo/pods/payments/api-7f9c-x2k4q&lc=app&prev=1   with the log viewer open
 *   #/settings   #/kubeconfig
 *
 * Why the hash: it works the same in the Electron window and a browser tab, survives a reload,
 * walks back and forward, and is never sent to the server (nothing to route there). Every value is
 * URI-encoded per component, so a context name with `/`, `,` or spaces round-trips exactly.
 * Pure: no window, no stores; `hooks/useRouter.ts` keeps the address and the stores in step.
 */
import { isCustomToken } from '../../../shared/kinds/custom.ts'
import { findKind } from '../../../shared/kinds/registry.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import type { SortSpec } from './rowQuery.ts'

export type Page = 'overview' | 'list' | 'settings' | 'kubeconfig'
export type DrawerTab = 'describe' | 'yaml'

/** One object of one cluster. */
export interface ObjectRef {
  readonly cluster: string
  readonly kind: AnyKindId
  /** '' for cluster-scoped kinds. */
  readonly namespace: string
  readonly name: string
}

/** The log viewer's target, as far as the address keeps it. */
export interface LogsRef extends Omit<ObjectRef, 'kind'> {
  /** Logs are of built-in kinds only (pods and the workloads that own them). */
  readonly kind: KindId
  /** '' = the pod's default container. */
  readonly container: string
  readonly previous: boolean
}

export interface Place {
  readonly page: Page
  /** The selected clusters (several: one merged table); [] before any is known. */
  readonly clusters: readonly string[]
  readonly kind: AnyKindId
  /** '' = all namespaces. */
  readonly namespace: string
  /** The list's filter text (the filter language of filterParse.ts). */
  readonly filter: string
  /** null = the kind's default sort. */
  readonly sort: SortSpec | null
  /** The object whose details are open (of `kind`), or null. */
  readonly open: ObjectRef | null
  readonly tab: DrawerTab
  readonly logs: LogsRef | null
}

/** Where a window with no place starts: the pods of the first cluster (as k9s does). */
export const HOME: Place = {
  page: 'list',
  clusters: [],
  kind: 'pods',
  namespace: '',
  filter: '',
  sort: null,
  open: null,
  tab: 'describe',
  logs: null
}

const enc = encodeURIComponent

function dec(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/** `a/b/c` of encoded components → the decoded parts, or null when one is not valid. */
function parts(value: string): string[] | null {
  const out: string[] = []
  for (const p of value.split('/')) {
    const d = dec(p)
    if (d === null) return null
    out.push(d)
  }
  return out
}

/** The address of a place. */
export function formatPlace(p: Place): string {
  if (p.page === 'settings') return '#/settings'
  if (p.page === 'kubeconfig') return '#/kubeconfig'
  if (p.clusters.length === 0) return '#/'
  let out = `#/c/${p.clusters.map(enc).join(',')}`
  if (p.page === 'overview') return out
  out += `/${p.kind}`
  const q: string[] = []
  if (p.namespace) q.push(`ns=${enc(p.namespace)}`)
  if (p.filter) q.push(`q=${enc(p.filter)}`)
  if (p.sort) q.push(`sort=${p.sort.dir === 'desc' ? '-' : ''}${enc(p.sort.column)}`)
  if (p.open) q.push(`open=${[p.open.cluster, p.open.namespace, p.open.name].map(enc).join('/')}`)
  if (p.open && p.tab !== 'describe') q.push(`tab=${p.tab}`)
  if (p.logs) {
    q.push(`logs=${[p.logs.cluster, p.logs.kind, p.logs.namespace, p.logs.name].map(enc).join('/')}`)
    if (p.logs.container) q.push(`lc=${enc(p.logs.container)}`)
    if (p.logs.previous) q.push('prev=1')
  }
  return q.length > 0 ? `${out}?${q.join('&')}` : out
}

/**
 * The place an address names, or null when it names none (unknown kind, broken encoding): the
 * caller then keeps where it is. `#` and `#/` are the home place.
 */
export function parsePlace(hash: string): Place | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash
  if (h === '' || h === '/') return HOME
  const qAt = h.indexOf('?')
  const path = qAt < 0 ? h : h.slice(0, qAt)
  const query = qAt < 0 ? '' : h.slice(qAt + 1)
  if (path === '/settings') return { ...HOME, page: 'settings' }
  if (path === '/kubeconfig') return { ...HOME, page: 'kubeconfig' }
  const m = /^\/c\/([^/]+)(?:\/([a-z0-9.-]+))?\/?$/.exec(path)
  if (!m) return null
  const clusters: string[] = []
  for (const c of m[1].split(',')) {
    const d = dec(c)
    if (d === null || d === '') return null
    if (!clusters.includes(d)) clusters.push(d)
  }
  if (!m[2]) return { ...HOME, page: 'overview', clusters }
  // A custom kind's scope is the cluster's business (its catalog may not have answered yet): keep
  // the namespace the address names; a cluster-scoped kind's view ignores it.
  const kind: { readonly id: AnyKindId; readonly namespaced: boolean } | null = findKind(m[2]) ?? (isCustomToken(m[2]) ? { id: m[2], namespaced: true } : null)
  if (!kind) return null
  const params = new Map<string, string>()
  for (const pair of query.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    params.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : pair.slice(eq + 1))
  }
  const text = (k: string): string | null => (params.has(k) ? dec(params.get(k)!) : '')
  const namespace = kind.namespaced ? text('ns') : ''
  const filter = text('q')
  if (namespace === null || filter === null) return null
  let sort: SortSpec | null = null
  const s = params.get('sort')
  if (s) {
    const column = dec(s.replace(/^-/, ''))
    if (!column) return null
    sort = { column, dir: s.startsWith('-') ? 'desc' : 'asc' }
  }
  let open: ObjectRef | null = null
  const o = params.get('open')
  if (o) {
    const p = parts(o)
    if (!p || p.length !== 3 || !p[0] || !p[2]) return null
    open = { cluster: p[0], kind: kind.id, namespace: kind.namespaced ? p[1] : '', name: p[2] }
  }
  let logs: LogsRef | null = null
  const l = params.get('logs')
  if (l) {
    const p = parts(l)
    const lk = p && p.length === 4 ? findKind(p[1]) : undefined
    if (!p || !lk || !p[0] || !p[3]) return null
    const container = text('lc')
    if (container === null) return null
    logs = { cluster: p[0], kind: lk.id, namespace: p[2], name: p[3], container, previous: params.get('prev') === '1' }
  }
  const tab: DrawerTab = params.get('tab') === 'yaml' ? 'yaml' : 'describe'
  return { page: 'list', clusters, kind: kind.id, namespace, filter, sort, open, tab, logs }
}

/**
 * Whether going from `a` to `b` is a step the user would walk back to (a new history entry):
 * another page, cluster, kind, namespace, object or log viewer. Typing a filter, sorting, a tab
 * or a log container only replace the current entry.
 */
export function isNewStep(a: Place, b: Place): boolean {
  const ref = (r: ObjectRef | null): string => (r ? `${r.cluster}\n${r.kind}\n${r.namespace}\n${r.name}` : '')
  return (
    a.page !== b.page ||
    a.clusters.join('\n') !== b.clusters.join('\n') ||
    a.kind !== b.kind ||
    a.namespace !== b.namespace ||
    ref(a.open) !== ref(b.open) ||
    ref(a.logs) !== ref(b.logs)
  )
}
