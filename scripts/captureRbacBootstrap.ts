/**
 * `node scripts/captureRbacBootstrap.ts`: write the simulator's bootstrap RBAC policy
 * (`packages/kube-sim/src/rbac/bootstrap.json`) from a real Kubernetes control plane.
 *
 * Why: the built-in ClusterRoles (`cluster-admin`, `admin`, `edit`, `view`, `system:discovery`,
 * `system:basic-user`, `system:public-info-viewer`, every `system:controller:*` role) and their
 * bindings are what the real apiserver creates at start (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy), with the aggregated roles (`admin`, `edit`, `view`) already filled in by the
 * clusterrole-aggregation controller. Copying them from a running 1.34 apiserver, instead of
 * writing them by hand, keeps `kubectl auth can-i --list` on the demo cluster identical to the
 * real one. Only server-assigned metadata (uid, resourceVersion, creationTimestamp,
 * managedFields) is dropped.
 * Lifecycle: starts a real cluster (realcluster/, needs Go), reads the four kinds, stops it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { apiClient } from '../realcluster/api.ts'
import { startRealCluster } from '../realcluster/launch.ts'

const OUT = join(import.meta.dirname, '../packages/kube-sim/src/rbac/bootstrap.json')
/** Namespaces whose Roles and RoleBindings the apiserver creates at start. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public'])

type Obj = { metadata: Record<string, unknown>; [k: string]: unknown }

function clean(o: Obj, apiVersion: string, kind: string): Obj {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...metadata } = o.metadata
  return { apiVersion, kind, ...o, metadata }
}

const cluster = await startRealCluster({ nodes: 0, log: (l) => console.error(l) })
try {
  const api = apiClient(cluster.url, cluster.caPem, cluster.adminToken)
  const read = async (path: string, kind: string, keep: (o: Obj) => boolean = () => true): Promise<Obj[]> => {
    const r = await api.call('GET', path)
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.slice(0, 200)}`)
    const items = (JSON.parse(r.body) as { items: Obj[] }).items
    return items.filter(keep).map((o) => clean(o, 'rbac.authorization.k8s.io/v1', kind))
  }
  const inSystem = (o: Obj): boolean => SYSTEM_NAMESPACES.has(String(o.metadata.namespace))
  const version = JSON.parse((await api.call('GET', '/version')).body) as { gitVersion: string }
  const doc = {
    source: `captured from kube-apiserver ${version.gitVersion} by scripts/captureRbacBootstrap.ts`,
    clusterRoles: await read('/apis/rbac.authorization.k8s.io/v1/clusterroles', 'ClusterRole'),
    clusterRoleBindings: await read('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'ClusterRoleBinding'),
    roles: await read('/apis/rbac.authorization.k8s.io/v1/roles', 'Role', inSystem),
    roleBindings: await read('/apis/rbac.authorization.k8s.io/v1/rolebindings', 'RoleBinding', inSystem)
  }
  // One object per line: small, and a new Kubernetes release shows as a readable diff.
  const lines = Object.entries(doc).map(([k, v]) =>
    Array.isArray(v) ? `${JSON.stringify(k)}: [\n${v.map((o) => JSON.stringify(o)).join(',\n')}\n]` : `${JSON.stringify(k)}: ${JSON.stringify(v)}`
  )
  writeFileSync(OUT, `{\n${lines.join(',\n')}\n}\n`)
  console.log(
    `wrote ${OUT}: ${doc.clusterRoles.length} ClusterRoles, ${doc.clusterRoleBindings.length} ClusterRoleBindings, ${doc.roles.length} Roles, ${doc.roleBindings.length} RoleBindings`
  )
} finally {
  await cluster.stop()
}
