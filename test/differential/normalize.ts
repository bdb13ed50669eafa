/**
 * Normalizers: what may legitimately differ between two correct apiservers that were sent the
 * same requests, replaced by a placeholder on both sides before the answers are compared.
 *
 * Why each exists is written next to it (and printed in the report). Everything NOT listed here
 * is compared as is: a difference there is a divergence, fixed in the simulator or allowlisted
 * with its reason in allowlist.ts. Placeholders keep the shape (a value present on one side and
 * absent on the other is still a divergence).
 * Lifecycle: one `Normalizer` per backend for the whole run; it learns the names that backend
 * generated (pod names, template hashes, its node names) as answers pass through `learn`.
 */

/** One normalization rule and why it is legitimate. */
export interface NormalizerRule {
  readonly name: string
  readonly why: string
}

export const RULES: readonly NormalizerRule[] = [
  { name: 'uid', why: 'metadata.uid (and every uid copied into ownerReferences, labels and selectors) is a random UUID per object and server' },
  {
    name: 'resourceVersion',
    why: "etcd revisions and the simulator's counter both only promise ordering; their values depend on every unrelated write each server made"
  },
  { name: 'timestamps', why: "RFC 3339 times are each server's wall clock at the moment it did the work" },
  { name: 'continue', why: "continue tokens are opaque; they encode a resourceVersion and a key in each server's own format" },
  { name: 'generated names', why: "generateName suffixes are random (5 characters from the apiserver's alphabet) on both servers" },
  {
    name: 'template hashes',
    why: 'pod-template-hash and controller-revision-hash are FNV hashes of the Go-serialized pod template (spew output of the Go structs); the names built from them (ReplicaSets, pods, ControllerRevisions) differ with them'
  },
  {
    name: 'IP addresses',
    why: "pod, host, node and cluster IPs are allocated by each server (service CIDR allocator, kwok's or the simulator's pod CIDR); IPs written in the manifests are kept"
  },
  { name: 'server ports', why: 'each server listens on its own random port on 127.0.0.1 (/api names it in serverAddressByClientCIDRs)' },
  {
    name: 'node names',
    why: "each server has its own nodes (kwok-node-N versus the simulator's generated ones); which of equal nodes the scheduler picks is not API behaviour. Our own node diff-node-1 is kept"
  },
  {
    name: 'Table ages',
    why: "AGE, DURATION, LAST SEEN, FIRST SEEN and LAST SCHEDULE cells are relative to each server's clock and to how long its (fake) containers took"
  },
  {
    name: 'controller-written EndpointSlice generation',
    why: "a managed EndpointSlice's generation counts the states its controller wrote while the pods started; how readiness changes were batched (the real controller's 1 s sync, the simulator's steps) is timing, not API behaviour"
  },
  { name: 'service account volume suffix', why: 'the ServiceAccount admission plugin names the projected token volume kube-api-access-<5 random characters>' }
]

type Json = unknown
type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b(?!\/)/g
const RV_TEXT = /(resource version: )\d+( \()\d+(\))/g
const RV_LARGE = /(Too large resource version: )\d+(, current: )\d+/g
const SA_VOLUME = /\bkube-api-access-[a-z0-9]{5}\b/g
/** The apiserver's generateName suffix: 5 characters of k8s.io/apimachinery/pkg/util/rand's alphabet. */
const RANDOM_SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/
/** Columns (Table `columnDefinitions[].name`) whose cells are relative times. */
export const AGE_COLUMNS = new Set(['Age', 'Duration', 'Last Seen', 'First Seen', 'Last Schedule'])
const AGE_CELL = /^(\d+(\.\d+)?[smhdy])+$|^<unknown>$|^<invalid>$/

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export class Normalizer {
  /** Generated object name → its placeholder form (longest first when applied). */
  private readonly names = new Map<string, string>()
  private readonly hashes = new Set<string>()
  private readonly nodes = new Set<string>()
  private readonly keepIps: ReadonlySet<string>
  private pattern: RegExp | undefined
  /** Age-column flags of the last Table with column definitions (later watch events carry none). */
  private ageColumns: boolean[] = []

  private readonly keepNodes: ReadonlySet<string>

  /** @param keepIps IP addresses written in the manifests (never replaced). @param keepNodes our own nodes. */
  constructor(keepIps: Iterable<string>, keepNodes: ReadonlySet<string> = new Set()) {
    this.keepIps = new Set(keepIps)
    this.keepNodes = keepNodes
  }

  /** Record this server's nodes (their names become `<node>`). */
  learnNodes(names: Iterable<string>): void {
    for (const n of names) if (!this.keepNodes.has(n)) this.nodes.add(n)
    this.pattern = undefined
  }

  /** Learn generated names and template hashes from any answer (objects, lists, Tables, events). */
  learn(v: Json): void {
    if (Array.isArray(v)) {
      for (const x of v) this.learn(x)
      return
    }
    if (!isObj(v)) return
    const meta = v.metadata
    if (isObj(meta)) {
      const labels = isObj(meta.labels) ? meta.labels : {}
      for (const k of ['pod-template-hash', 'controller-revision-hash']) {
        const h = labels[k]
        if (typeof h === 'string' && h) {
          // controller-revision-hash is `<owner>-<hash>` for StatefulSets, the bare hash for DaemonSets.
          this.hashes.add(h.includes('-') ? h.slice(h.lastIndexOf('-') + 1) : h)
        }
      }
      const name = meta.name
      const gen = meta.generateName
      // Only a suffix the apiserver generated (5 characters of its alphabet): StatefulSet pods carry
      // generateName too, but their ordinal suffix (`db-0`) is chosen, not random.
      if (typeof name === 'string' && typeof gen === 'string' && gen && name.startsWith(gen) && RANDOM_SUFFIX.test(name.slice(gen.length))) {
        this.names.set(name, `${gen}<suffix>`)
      }
    }
    for (const x of Object.values(v)) if (typeof x === 'object') this.learn(x)
    this.pattern = undefined
  }

  private substitutions(): RegExp | undefined {
    if (this.pattern) return this.pattern
    const words = [...this.names.keys(), ...this.hashes, ...this.nodes].sort((a, b) => b.length - a.length).map(escape)
    this.pattern = words.length ? new RegExp(`(?<![A-Za-z0-9])(${words.join('|')})(?![A-Za-z0-9])`, 'g') : undefined
    return this.pattern
  }

  private text(s: string, key: string): string {
    if (TIME.test(s)) return '<time>'
    if (key === 'resourceVersion' && s !== '') return '<rv>'
    if (key === 'continue' && s !== '') return '<continue>'
    let out = s.replace(UUID, '<uid>').replace(RV_TEXT, '$1<rv>$2<rv>$3').replace(RV_LARGE, '$1<rv>$2<rv>').replace(SA_VOLUME, 'kube-api-access-<suffix>')
    out = out.replace(IPV4, (ip) => (this.keepIps.has(ip) ? ip : '<ip>')).replace(/^<ip>:\d+$/, '<ip>:<port>')
    const p = this.substitutions()
    if (p) {
      out = out.replace(p, (w) => {
        if (this.nodes.has(w)) return '<node>'
        if (this.hashes.has(w)) return '<hash>'
        const n = this.names.get(w) ?? w
        return n.replace(this.substitutions() ?? /$^/, (h) => (this.hashes.has(h) ? '<hash>' : h))
      })
    }
    return out
  }

  /** A normalized deep copy of `v`. Table cells of age columns become `<age>`. */
  apply(v: Json, key = ''): Json {
    if (typeof v === 'string') return this.text(v, key)
    if (Array.isArray(v)) return v.map((x) => this.apply(x, key))
    if (!isObj(v)) return v
    const out: Obj = {}
    for (const [k, x] of Object.entries(v)) out[k] = this.apply(x, k)
    const meta = out.metadata
    if (isObj(meta) && typeof meta.generation === 'number' && isObj(meta.labels) && meta.labels['endpointslice.kubernetes.io/managed-by'] !== undefined) {
      out.metadata = { ...meta, generation: '<generation>' }
    }
    if (out.kind === 'Table' && Array.isArray(out.rows)) {
      if (Array.isArray(out.columnDefinitions)) this.ageColumns = (out.columnDefinitions as Obj[]).map((c) => AGE_COLUMNS.has(String(c.name)))
      const ages = this.ageColumns
      for (const row of out.rows as Obj[]) {
        if (!Array.isArray(row.cells)) continue
        row.cells = row.cells.map((c: unknown, i: number) => (ages[i] && typeof c === 'string' && AGE_CELL.test(c) ? '<age>' : c))
      }
    }
    return out
  }
}
