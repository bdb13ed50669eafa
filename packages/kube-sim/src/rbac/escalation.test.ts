/**
 * The escalation check, with the apiserver's rules and message (pkg/registry/rbac/validation
 * ConfirmNoEscalation, policybased storage): a namespace admin may create a Role with what they
 * hold, not more; may not bind cluster-admin; system:masters and `bind`/`escalate` holders may.
 */
import { describe, expect, it } from 'vitest'
import { namespaceObj } from '../gen/infra.ts'
import { kindDef } from '../kinds.ts'
import { SimStore } from '../store/store.ts'
import type { StoreError } from '../store/types.ts'
import type { KubeObject } from '../types.ts'
import { Authorizer } from './authorizer.ts'
import { loadBootstrapPolicy } from './bootstrap.ts'
import { confirmNoEscalation } from './escalation.ts'
import type { UserInfo } from './types.ts'

const RBAC = 'rbac.authorization.k8s.io'
const ann: UserInfo = { name: 'ann', groups: ['system:authenticated'] }
const role = (name: string, rules: object[]): KubeObject =>
  ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: 'team-a' }, rules }) as KubeObject
const binding = (name: string, roleKind: string, roleName: string): KubeObject =>
  ({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace: 'team-a' },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: 'ann' }]
  }) as KubeObject

function world(): { store: SimStore; authz: Authorizer; check: (kind: 'roles' | 'rolebindings', obj: KubeObject, user?: UserInfo) => void } {
  const store = new SimStore()
  for (const ns of ['kube-system', 'kube-public', 'team-a']) store.create('namespaces', namespaceObj(ns, Date.now()))
  loadBootstrapPolicy(store)
  // ann is admin of team-a (the built-in `admin` ClusterRole lets her create Roles and RoleBindings there).
  store.create('rolebindings', binding('ann-admin', 'ClusterRole', 'admin'))
  const authz = new Authorizer(store)
  return {
    store,
    authz,
    check: (kind, obj, user = ann) => confirmNoEscalation(authz, store, (a) => authz.authorize(user, a), user, kindDef(kind), 'team-a', obj)
  }
}

const thrown = (fn: () => void): StoreError | undefined => {
  try {
    fn()
  } catch (e) {
    return e as StoreError
  }
  return undefined
}

describe('confirmNoEscalation', () => {
  it("lets a namespace admin grant what she holds, and refuses more with the apiserver's message", () => {
    const w = world()
    expect(thrown(() => w.check('roles', role('pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }])))).toBeUndefined()
    const e = thrown(() => w.check('roles', role('node-reader', [{ verbs: ['list', 'get'], apiGroups: [''], resources: ['nodes'] }])))
    expect(e?.code).toBe(403)
    expect(e?.message).toBe(
      'roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "ann" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["nodes"], Verbs:["list" "get"]}'
    )
    w.authz.stop()
  })

  it('refuses binding cluster-admin in her namespace, allows binding view; `bind` on the role and system:masters skip the check', () => {
    const w = world()
    expect(thrown(() => w.check('rolebindings', binding('self-view', 'ClusterRole', 'view')))).toBeUndefined()
    const e = thrown(() => w.check('rolebindings', binding('self-root', 'ClusterRole', 'cluster-admin')))
    expect(e?.message).toMatch(
      /^rolebindings\.rbac\.authorization\.k8s\.io "self-root" is forbidden: user "ann" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n/
    )
    expect(e?.message).toContain('{APIGroups:["*"], Resources:["*"], Verbs:["*"]}')
    expect(thrown(() => w.check('rolebindings', binding('x', 'ClusterRole', 'missing')))?.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "x" is forbidden: clusterrole.rbac.authorization.k8s.io "missing" not found'
    )
    expect(
      thrown(() =>
        w.check('rolebindings', binding('root', 'ClusterRole', 'cluster-admin'), { name: 'root', groups: ['system:masters', 'system:authenticated'] })
      )
    ).toBeUndefined()
    w.store.create('clusterroles', {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'binder' },
      rules: [{ verbs: ['bind'], apiGroups: [RBAC], resources: ['clusterroles'], resourceNames: ['cluster-admin'] }]
    } as KubeObject)
    w.store.create('rolebindings', binding('ann-binder', 'ClusterRole', 'binder'))
    expect(thrown(() => w.check('rolebindings', binding('self-root', 'ClusterRole', 'cluster-admin')))).toBeUndefined()
    w.authz.stop()
  })
})
