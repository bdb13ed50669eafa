/**
 * Generates `src/apiTypes/types.json`: the Go types of the Kubernetes API objects the simulator
 * serves (k8s.io/api and k8s.io/apimachinery v0.34), field by field — JSON name, protobuf field
 * number, Go type, pointer, omitempty, inline.
 *
 * Why: one faithful description of the real types serves three jobs the apiserver does with its
 * compiled-in Go structs: decoding kubectl's protobuf bodies completely (every field number), the
 * decode-time type checks with Go's wording (`json: cannot unmarshal string into Go struct field
 * Container.spec.containers.command of type []string`), and strict unknown-field detection.
 * Hand-copying ~300 structs would drift; this reads the `types.go` files themselves.
 *
 * Usage (the source tree holds the two repositories' types.go files at their import paths):
 *   mkdir -p /tmp/k8stypes && cd <k8s.io/api checkout> && for d in core/v1 apps/v1 …; do
 *     mkdir -p /tmp/k8stypes/api/$d; git show v0.34.10:$d/types.go > /tmp/k8stypes/api/$d/types.go; done
 *   (same for apimachinery pkg/apis/meta/v1/types.go under /tmp/k8stypes/apimachinery/)
 *   node packages/kube-sim/scripts/genApiTypes.ts /tmp/k8stypes
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Group-version packages read, by their key in the output. */
const PACKAGES: Record<string, string> = {
  'core/v1': 'api/core/v1',
  'apps/v1': 'api/apps/v1',
  'batch/v1': 'api/batch/v1',
  'autoscaling/v1': 'api/autoscaling/v1',
  'autoscaling/v2': 'api/autoscaling/v2',
  'networking/v1': 'api/networking/v1',
  'policy/v1': 'api/policy/v1',
  'scheduling/v1': 'api/scheduling/v1',
  'coordination/v1': 'api/coordination/v1',
  'discovery/v1': 'api/discovery/v1',
  'node/v1': 'api/node/v1',
  'storage/v1': 'api/storage/v1',
  'rbac/v1': 'api/rbac/v1',
  'authentication/v1': 'api/authentication/v1',
  'authorization/v1': 'api/authorization/v1',
  'admissionregistration/v1': 'api/admissionregistration/v1',
  'meta/v1': 'apimachinery/pkg/apis/meta/v1'
}

/** Go import path → package key, or a special package handled by name. */
function packageKey(importPath: string): string | undefined {
  const api = /^k8s\.io\/api\/(.+)$/.exec(importPath)
  if (api) return api[1]
  if (importPath === 'k8s.io/apimachinery/pkg/apis/meta/v1') return 'meta/v1'
  const special: Record<string, string> = {
    'k8s.io/apimachinery/pkg/api/resource': 'resource',
    'k8s.io/apimachinery/pkg/util/intstr': 'intstr',
    'k8s.io/apimachinery/pkg/types': 'types',
    'k8s.io/apimachinery/pkg/runtime': 'runtime'
  }
  return special[importPath]
}

/** Types decoded by hand (their JSON and protobuf forms are custom). */
const SPECIAL: Record<string, string> = {
  'meta/v1.Time': 'Time',
  'meta/v1.MicroTime': 'MicroTime',
  'meta/v1.Duration': 'Duration',
  'meta/v1.FieldsV1': 'FieldsV1',
  'resource.Quantity': 'Quantity',
  'intstr.IntOrString': 'IntOrString',
  'runtime.RawExtension': 'RawExtension',
  'types.UID': 'string'
}
const BUILTIN: Record<string, string> = { string: 'string', bool: 'bool', int32: 'int32', int64: 'int64', int: 'int64', float64: 'float64', uint64: 'int64' }

/** An output type: a scalar/special name, a message name, a list `[t]` or a map `{m: t}`. */
type T = string | [T] | { m: T }
/** [json name, protobuf number (0 = none), type, flags: o omitempty, p pointer, i inline, Go type as reflect prints it]. */
type Field = [string, number, T, string, string]

interface Decl {
  readonly pkg: string
  readonly imports: Map<string, string>
  readonly body?: string[]
  readonly underlying?: string
}

const decls = new Map<string, Decl>()

function load(root: string): void {
  for (const [key, dir] of Object.entries(PACKAGES)) {
    // Block comments (a few structs carry them) are blanked, keeping the line structure.
    // Line comments go first: their text may hold `/*` and `*/` ('pods/*', '*/scale').
    const src = readFileSync(join(root, dir, 'types.go'), 'utf8')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    const imports = new Map<string, string>()
    const block = /import \(([\s\S]*?)\)/.exec(src)?.[1] ?? ''
    for (const line of block.split('\n')) {
      const m = /^\s*(\w+)?\s*"([^"]+)"/.exec(line)
      if (!m) continue
      const k = packageKey(m[2])
      if (k) imports.set(m[1] ?? m[2].split('/').pop() ?? '', k)
    }
    const lines = src.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const s = /^type (\w+) struct \{\s*$/.exec(lines[i])
      if (s) {
        const body: string[] = []
        for (i++; i < lines.length && lines[i] !== '}'; i++) body.push(lines[i])
        decls.set(`${key}.${s[1]}`, { pkg: key, imports, body })
        continue
      }
      const a = /^type (\w+) ([^\s{]+)\s*$/.exec(lines[i])
      if (a) decls.set(`${key}.${a[1]}`, { pkg: key, imports, underlying: a[2] })
    }
  }
}

const out: Record<string, Field[]> = {}

/** A Go type expression as `reflect.Type.String()` prints it (`[]v1.Container`, `v1.PullPolicy`); pointers are dereferenced, as json reports them. */
function goString(expr: string, d: Decl): string {
  if (expr.startsWith('*')) return goString(expr.slice(1), d)
  if (expr === '[]byte') return '[]uint8'
  if (expr.startsWith('[]')) return `[]${goString(expr.slice(2), d)}`
  const map = /^map\[([^\]]+)\](.+)$/.exec(expr)
  if (map) return `map[${goString(map[1], d)}]${goString(map[2], d)}`
  if (BUILTIN[expr]) return expr
  const [alias, name] = expr.includes('.') ? expr.split('.') : [undefined, expr]
  const pkg = alias === undefined ? d.pkg : (d.imports.get(alias) ?? alias)
  return `${pkg.split('/').pop() ?? pkg}.${name}`
}
const goNames: Record<string, string> = {}

/** Resolve a Go type expression in package `d` to an output type (and emit messages it needs). */
function resolve(expr: string, d: Decl): { t: T; pointer: boolean } {
  if (expr.startsWith('*')) return { t: resolve(expr.slice(1), d).t, pointer: true }
  if (expr === '[]byte') return { t: 'bytes', pointer: false }
  if (expr.startsWith('[]')) return { t: [resolve(expr.slice(2), d).t], pointer: false }
  const map = /^map\[([^\]]+)\](.+)$/.exec(expr)
  if (map) return { t: { m: resolve(map[2], d).t }, pointer: false }
  if (BUILTIN[expr]) return { t: BUILTIN[expr], pointer: false }
  const [alias, name] = expr.includes('.') ? expr.split('.') : [undefined, expr]
  const pkg = alias === undefined ? d.pkg : d.imports.get(alias)
  if (!pkg) throw new Error(`unknown package alias ${alias} in ${expr}`)
  const full = `${pkg}.${name}`
  if (SPECIAL[full]) return { t: SPECIAL[full], pointer: false }
  const target = decls.get(full)
  if (!target) throw new Error(`unknown type ${full}`)
  if (target.underlying !== undefined) return resolve(target.underlying, target)
  emit(full)
  return { t: full, pointer: false }
}

/** Emit the fields of struct `full` (once). */
function emit(full: string): void {
  if (out[full]) return
  const d = decls.get(full)
  if (!d?.body) throw new Error(`not a struct: ${full}`)
  const fields: Field[] = []
  out[full] = fields
  goNames[full] = `${full.split('/')[1].split('.')[0]}.${full.split('.').pop() ?? ''}`
  for (const raw of d.body) {
    const line = raw.trim()
    if (line === '' || line.startsWith('//')) continue
    const m = /^(?:(\w+)\s+)?(\S+)\s+`([^`]*)`/.exec(line)
    if (!m) throw new Error(`${full}: cannot parse field line: ${line}`)
    const tags = m[3]
    const json = /json:"([^"]*)"/.exec(tags)?.[1]
    if (json === undefined || json === '-') continue
    const [jsonName, ...opts] = json.split(',')
    const proto = /protobuf:"[^,]+,(\d+),/.exec(tags)?.[1]
    const inline = jsonName === '' && opts.includes('inline')
    // TypeMeta (apiVersion, kind) is inline with no protobuf field: the envelope carries it at the
    // top; a nested object (a StatefulSet's volumeClaimTemplates) may still spell it in JSON.
    if (inline && !proto) {
      if (m[2] === 'metav1.TypeMeta') fields.push(['apiVersion', 0, 'string', 'o', 'string'], ['kind', 0, 'string', 'o', 'string'])
      continue
    }
    const { t, pointer } = resolve(m[2], d)
    const flags = `${opts.includes('omitempty') ? 'o' : ''}${pointer ? 'p' : ''}${inline ? 'i' : ''}`
    fields.push([jsonName, proto ? Number(proto) : 0, t, flags, goString(m[2], d)])
  }
}

/** The top-level objects by `apiVersion/Kind`: every kind served, and the bodies kubectl sends. */
const ROOTS: Record<string, string> = {
  'v1/Pod': 'core/v1.Pod',
  'v1/Service': 'core/v1.Service',
  'v1/Namespace': 'core/v1.Namespace',
  'v1/Node': 'core/v1.Node',
  'v1/Event': 'core/v1.Event',
  'v1/ConfigMap': 'core/v1.ConfigMap',
  'v1/Secret': 'core/v1.Secret',
  'v1/ServiceAccount': 'core/v1.ServiceAccount',
  'v1/PersistentVolume': 'core/v1.PersistentVolume',
  'v1/PersistentVolumeClaim': 'core/v1.PersistentVolumeClaim',
  'v1/Binding': 'core/v1.Binding',
  'v1/DeleteOptions': 'meta/v1.DeleteOptions',
  'meta.k8s.io/v1/DeleteOptions': 'meta/v1.DeleteOptions',
  'apps/v1/Deployment': 'apps/v1.Deployment',
  'apps/v1/ReplicaSet': 'apps/v1.ReplicaSet',
  'apps/v1/StatefulSet': 'apps/v1.StatefulSet',
  'apps/v1/DaemonSet': 'apps/v1.DaemonSet',
  'batch/v1/Job': 'batch/v1.Job',
  'batch/v1/CronJob': 'batch/v1.CronJob',
  'autoscaling/v1/HorizontalPodAutoscaler': 'autoscaling/v1.HorizontalPodAutoscaler',
  'autoscaling/v1/Scale': 'autoscaling/v1.Scale',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling/v2.HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'policy/v1.PodDisruptionBudget',
  'policy/v1/Eviction': 'policy/v1.Eviction',
  'networking.k8s.io/v1/Ingress': 'networking/v1.Ingress',
  'networking.k8s.io/v1/IngressClass': 'networking/v1.IngressClass',
  'networking.k8s.io/v1/NetworkPolicy': 'networking/v1.NetworkPolicy',
  'discovery.k8s.io/v1/EndpointSlice': 'discovery/v1.EndpointSlice',
  'scheduling.k8s.io/v1/PriorityClass': 'scheduling/v1.PriorityClass',
  'node.k8s.io/v1/RuntimeClass': 'node/v1.RuntimeClass',
  'storage.k8s.io/v1/StorageClass': 'storage/v1.StorageClass',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'authorization/v1.SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'authorization/v1.SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'authentication/v1.SelfSubjectReview',
  'v1/ResourceQuota': 'core/v1.ResourceQuota',
  'v1/LimitRange': 'core/v1.LimitRange',
  'rbac.authorization.k8s.io/v1/Role': 'rbac/v1.Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac/v1.ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac/v1.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac/v1.ClusterRoleBinding',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': 'admissionregistration/v1.MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': 'admissionregistration/v1.ValidatingWebhookConfiguration',
  'coordination.k8s.io/v1/Lease': 'coordination/v1.Lease'
}

const root = process.argv[2]
if (!root) {
  console.error('usage: node packages/kube-sim/scripts/genApiTypes.ts <dir with api/<group>/<version>/types.go and apimachinery/pkg/apis/meta/v1/types.go>')
  process.exit(2)
}
load(root)
for (const t of Object.values(ROOTS)) emit(t)
const file = join(import.meta.dirname, '..', 'src', 'apiTypes', 'types.json')
const doc = { source: 'k8s.io/api and k8s.io/apimachinery v0.34.4 types.go (the module cache of realcluster/)', roots: ROOTS, names: goNames, types: out }
writeFileSync(file, `${JSON.stringify(doc)}\n`)
console.log(`wrote ${Object.keys(out).length} types to ${file}`)
