/**
 * The simulated apiserver's discovery documents: `/version`, `/api`, `/api/v1`, `/apis`,
 * `/apis/<group>` and `/apis/<group>/<version>`, all derived from the kinds registry.
 *
 * Why: kubectl resolves `pods`, `po`, `deploy` or `all` to a REST path only through discovery,
 * so these documents decide whether real kubectl can talk to the demo cluster at all. We serve
 * the legacy JSON discovery (`APIVersions`, `APIGroupList`, `APIGroup`, `APIResourceList`), the
 * shape every kubectl since 1.0 reads. kubectl 1.27–1.33 first ask for aggregated discovery
 * (`Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…,
 * application/json`) and fall back to these documents when the answer's Content-Type is plain
 * `application/json`; the HTTP layer must therefore answer with that Content-Type.
 *
 * Lifecycle: pure and stateless. Documents are built once, on first use, from `KINDS` and
 * cached (they never change while the process runs); callers get a fresh deep copy each time,
 * so nobody can corrupt the cache by mutating an answer.
 */
import { createHash } from 'node:crypto'
import { customKindsGeneration, groupVersion, isCustomKind, servedKinds } from '../kinds.ts'
import type { KindDef } from '../kinds.ts'
import { VERSION_VIEWS } from './versions.ts'

/**
 * The Kubernetes release the simulator claims to be. 1.33 is the newest kubectl on these
 * machines; kubectl only warns about skew in `kubectl version`, never in `get`.
 */
export const SIM_VERSION = Object.freeze({
  major: '1',
  minor: '33',
  emulationMajor: '1',
  emulationMinor: '33',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '32',
  gitVersion: 'v1.33.0-periscope-sim',
  gitCommit: 'f00dbabe5e15ca7e00000000000000000000c0de',
  gitTreeState: 'clean',
  buildDate: '2025-04-23T00:00:00Z',
  goVersion: 'go1.24.2',
  compiler: 'gc',
  platform: 'linux/amd64'
})

/**
 * Verbs of every top-level resource. Writes are advertised already (they arrive in a later
 * issue); kubectl checks `list`/`watch` for `get`/`get -w` and `delete` etc. for the writes.
 * Order is the real apiserver's (alphabetical).
 */
const RESOURCE_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const

/** Verbs of the `/status` and `/scale` subresources, as the real apiserver lists them. */
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'] as const

/**
 * Kinds in the `all` category (`kubectl get all`). The real apiserver puts exactly these of our
 * 22 kinds there: pods, services, the apps/v1 workloads, jobs, cronjobs and HPAs. Typed by
 * KindId so a renamed kind fails typecheck instead of silently leaving the category.
 */

/** One entry of an APIResourceList (`metav1.APIResource`). */
export interface ApiResource {
  name: string
  singularName: string
  namespaced: boolean
  group?: string
  version?: string
  kind: string
  verbs: string[]
  shortNames?: string[]
  categories?: string[]
  /** Top-level resources only: base64 of the first 8 bytes of sha256("<group>/<version>/<Kind>") of the storage version. */
  storageVersionHash?: string
}

/**
 * The apiserver's `discovery.StorageVersionHash`: sha256 of `group/version/Kind` of the version
 * objects are stored in (for the app's kinds, the version they are served in), first 8 bytes,
 * base64. Clients (the storage version migrator, kubectl's caches) compare it, never decode it.
 */
export function storageVersionHash(k: KindDef): string {
  const version = STORAGE_VERSION[`${k.apiGroup}/${k.kind}`] ?? k.version
  return createHash('sha256').update(`${k.apiGroup}/${version}/${k.kind}`).digest().subarray(0, 8).toString('base64')
}

/**
 * Kinds a 1.34 apiserver stores in another version than the one served: CRDs are still stored as
 * apiextensions.k8s.io/v1beta1 (the hash the real server's discovery shows, jfWCUB31mvA=).
 */
const STORAGE_VERSION: Readonly<Record<string, string>> = { 'apiextensions.k8s.io/CustomResourceDefinition': 'v1beta1' }

/** The real apiserver cannot `deletecollection` namespaces; everything else we serve can. */
/** The verbs the CR handler lists for a custom resource, in its order. */
const CUSTOM_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch']

function verbsOf(k: KindDef): string[] {
  if (isCustomKind(k.id)) return [...CUSTOM_VERBS]
  return RESOURCE_VERBS.filter((v) => !(k.id === 'namespaces' && v === 'deletecollection'))
}

/**
 * The pod subresources the simulator serves besides `/status`, as the real apiserver lists them:
 * `binding` and `eviction` work; `exec`, `attach` and `portforward` answer a clear 400 (the demo
 * cluster runs no containers).
 */
const POD_SUBRESOURCES: readonly ApiResource[] = [
  { name: 'pods/attach', singularName: '', namespaced: true, kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] },
  { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
  { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
  { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] }
]

/**
 * The review resources the simulator answers, as the real apiserver lists them in discovery
 * (it also serves subjectaccessreviews, localsubjectaccessreviews and tokenreviews, which the
 * simulator does not model).
 */
const REVIEW_GROUPS: readonly [string, ApiResource[]][] = [
  [
    'authentication.k8s.io',
    [{ name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] }]
  ],
  [
    'authorization.k8s.io',
    [
      { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
      { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] }
    ]
  ]
]

/** The top-level entry of a kind plus its `/status` and `/scale` subresources. */
function resourcesOf(k: KindDef): ApiResource[] {
  const top: ApiResource = {
    name: k.resource,
    singularName: k.singular,
    namespaced: k.namespaced,
    kind: k.kind,
    verbs: verbsOf(k),
    ...(k.shortNames.length > 0 ? { shortNames: [...k.shortNames] } : {}),
    ...(k.categories.length > 0 ? { categories: [...k.categories] } : {}),
    storageVersionHash: storageVersionHash(k)
  }
  const out = [top]
  if (k.scale) {
    out.push({
      name: `${k.resource}/scale`,
      singularName: '',
      namespaced: k.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: [...SUBRESOURCE_VERBS]
    })
  }
  if (k.status) {
    out.push({ name: `${k.resource}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: [...SUBRESOURCE_VERBS] })
  }
  if (k.id === 'pods') {
    out.push(...POD_SUBRESOURCES.map((r) => ({ ...r, verbs: [...r.verbs] })))
    // Container logs (log.ts): GET only, its response kind is the Pod, as the real server lists it.
    if (!POD_SUBRESOURCES.some((r) => r.name === 'pods/log')) out.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] })
  }
  return out
}

interface GroupVersionRef {
  groupVersion: string
  version: string
}

interface Docs {
  readonly byPath: ReadonlyMap<string, string>
}

let cache: Docs | undefined
/** The custom-kinds generation the cache was built at (CRDs come and go). */
let cacheGen = -1

function docs(): Docs {
  if (!cache || cacheGen !== customKindsGeneration()) {
    cacheGen = customKindsGeneration()
    cache = build()
  }
  return cache
}

/** Build every document once, serialized, keyed by its exact path. */
function build(): Docs {
  const byPath = new Map<string, string>()
  const set = (path: string, doc: object): void => {
    byPath.set(path, JSON.stringify(doc))
  }

  // Group-versions in registry order of first appearance; resources sorted by name, as the
  // real apiserver sorts them (subresources right after their parent).
  const gvs = new Map<string, { group: string; version: string; kinds: KindDef[] }>()
  for (const k of [...servedKinds(), ...[...VERSION_VIEWS.values()].map((v) => v.def)]) {
    const gv = groupVersion(k)
    const entry = gvs.get(gv) ?? { group: k.apiGroup, version: k.version, kinds: [] }
    entry.kinds.push(k)
    gvs.set(gv, entry)
  }
  const groups = new Map<string, GroupVersionRef[]>()
  for (const [gv, { group, version, kinds }] of gvs) {
    const resources = kinds.flatMap(resourcesOf).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`
    // The core group's list has no apiVersion (the real server's legacy handler leaves it out).
    set(
      path,
      group === '' ? { kind: 'APIResourceList', groupVersion: gv, resources } : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources }
    )
    if (group !== '') groups.set(group, [...(groups.get(group) ?? []), { groupVersion: gv, version }])
  }

  // The self-review groups: create-only, cluster-scoped, no store behind them (rbac/reviews.ts).
  for (const [group, resources] of REVIEW_GROUPS) {
    const gv = `${group}/v1`
    set(`/apis/${gv}`, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources })
    groups.set(group, [{ groupVersion: gv, version: 'v1' }])
  }

  const coreVersions = [...gvs.values()].filter((g) => g.group === '').map((g) => g.version)
  set('/api', {
    kind: 'APIVersions',
    versions: coreVersions,
    // The real apiserver answers with its own address; clients ignore it for a direct connection.
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }]
  })
  const apiGroups = [...groups].map(([name, versions]) => ({
    name,
    versions,
    preferredVersion: versions[0]
  }))
  set('/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups })
  for (const g of apiGroups) set(`/apis/${g.name}`, { kind: 'APIGroup', apiVersion: 'v1', ...g })
  set('/version', SIM_VERSION)
  return { byPath }
}

/**
 * The discovery document served at `path`, or undefined when the path is not a discovery
 * path of this simulator (the HTTP layer then answers 404 or routes it elsewhere).
 * @param path the request path; a query string and one trailing slash are ignored.
 * @returns a fresh object (safe to mutate), e.g. `{kind:'APIResourceList', groupVersion:'apps/v1', resources:[…]}`.
 */
export function discoveryDocument(path: string): object | undefined {
  let p = path.split('?')[0]
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1)
  const json = docs().byPath.get(p)
  return json === undefined ? undefined : (JSON.parse(json) as object)
}

/** Every path `discoveryDocument` answers, for tests and for the HTTP layer's routing. */
export function discoveryPaths(): string[] {
  return [...docs().byPath.keys()]
}
