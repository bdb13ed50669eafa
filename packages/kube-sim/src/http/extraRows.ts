/**
 * Table cells of the kinds the simulator serves beyond the app's registry (ConfigMap, Secret,
 * ServiceAccount, Lease and the RBAC kinds), as the apiserver's printers (`pkg/printers/internalversion`) print them.
 *
 * Why: the registry kinds print through the shared row projection; these have no view in the app,
 * so their few columns are computed here (NAME, then DATA / TYPE,DATA / SECRETS / HOLDER, AGE).
 */
import { ageSince } from '../../../../src/shared/kinds/rows/format.ts'
import type { ExtraKindId } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

const count = (v: unknown): number => (v && typeof v === 'object' ? Object.keys(v).length : 0)

interface BindingShape {
  roleRef?: { kind?: string; name?: string }
  subjects?: { kind?: string; name?: string; namespace?: string }[]
}

/**
 * ROLE, AGE, USERS, GROUPS, SERVICEACCOUNTS of a (Cluster)RoleBinding, as `printRoleBinding`
 * prints them: `ClusterRole/view`, names joined by `, `, service accounts as `namespace/name`.
 */
function bindingCells(obj: KubeObject, age: string): string[] {
  const b = obj as unknown as BindingShape
  const subjects = b.subjects ?? []
  const of = (kind: string): string =>
    subjects
      .filter((s) => s.kind === kind)
      .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : (s.name ?? '')))
      .join(', ')
  return [`${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age, of('User'), of('Group'), of('ServiceAccount')]
}

/** The cells after NAME of an extra kind's object, in its columns' order. */
export function extraCells(kind: ExtraKindId, obj: KubeObject, nowMs: number): (string | number)[] {
  const age = ageSince(obj.metadata.creationTimestamp, nowMs)
  switch (kind) {
    case 'configmaps':
      return [count(obj.data) + count(obj.binaryData), age]
    case 'secrets':
      return [typeof obj.type === 'string' ? obj.type : 'Opaque', count(obj.data), age]
    case 'serviceaccounts':
      return [Array.isArray(obj.secrets) ? obj.secrets.length : 0, age]
    case 'leases':
      return [String((obj.spec as { holderIdentity?: unknown } | undefined)?.holderIdentity ?? ''), age]
    case 'roles':
    case 'clusterroles':
      return [obj.metadata.creationTimestamp ?? '']
    case 'rolebindings':
    case 'clusterrolebindings':
      return bindingCells(obj, age)
  }
}
