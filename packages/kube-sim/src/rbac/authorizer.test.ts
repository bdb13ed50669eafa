/**
 * The authorizer over stored RBAC objects and the bootstrap policy, and request attributes.
 * Expected reasons and verbs are the apiserver's (rbac.go `authorizingVisitor`, rule.go
 * `describeSubject`, requestinfo.go), not read back from the code under test.
 */
import { describe, expect, it } from 'vitest'
import { namespaceObj } from '../gen/infra.ts'
import { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { Authorizer } from './authorizer.ts'
import { loadBootstrapPolicy } from './bootstrap.ts'
import { requestAttributes } from './requestInfo.ts'
import type { Attributes, UserInfo } from './types.ts'

const RBAC = 'rbac.authorization.k8s.io'
const authn = (name: string, ...groups: string[]): UserInfo => ({ name, groups: [...groups, 'system:authenticated'] })
const list = (resource: string, namespace = '', apiGroup = ''): Attributes => ({
  resourceRequest: true,
  verb: 'list',
  apiGroup,
  resource,
  subresource: '',
  namespace,
  name: ''
})
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleKind: string,
  role: string,
  subjects: object[],
  namespace?: string
): KubeObject =>
  ({
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: namespace ? { name, namespace } : { name },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: role },
    subjects
  }) as KubeObject

function world(): { store: SimStore; authz: Authorizer } {
  const store = new SimStore()
  for (const ns of ['kube-system', 'kube-public', 'team-a', 'team-b', 'ops']) store.create('namespaces', namespaceObj(ns, Date.now()))
  loadBootstrapPolicy(store)
  return { store, authz: new Authorizer(store) }
}

describe('Authorizer', () => {
  it('allows system:masters everything with no reason, as the privileged-group authorizer does', () => {
    const { authz } = world()
    expect(authz.authorize(authn('root', 'system:masters'), list('secrets'))).toEqual({ allowed: true, reason: '' })
    authz.stop()
  })

  it('a RoleBinding of view grants its namespace only, with the RBAC reason naming binding/namespace, role and subject', () => {
    const { store, authz } = world()
    store.create('rolebindings', binding('RoleBinding', 'dev-view', 'ClusterRole', 'view', [{ apiGroup: RBAC, kind: 'User', name: 'dev' }], 'team-a'))
    const dev = authn('dev')
    expect(authz.authorize(dev, list('pods', 'team-a'))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "dev-view/team-a" of ClusterRole "view" to User "dev"'
    })
    expect(authz.authorize(dev, list('pods', 'team-b'))).toEqual({ allowed: false, reason: '' })
    expect(authz.authorize(dev, list('pods'))).toEqual({ allowed: false, reason: '' })
    // view does not include secrets.
    expect(authz.authorize(dev, list('secrets', 'team-a')).allowed).toBe(false)
    // Every authenticated user may discover the API and review itself (system:discovery, system:basic-user).
    expect(authz.authorize(dev, { resourceRequest: false, verb: 'get', path: '/apis/apps/v1' })).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"'
    })
    expect(
      authz.authorize(dev, {
        resourceRequest: true,
        verb: 'create',
        apiGroup: 'authorization.k8s.io',
        resource: 'selfsubjectaccessreviews',
        subresource: '',
        namespace: '',
        name: ''
      }).allowed
    ).toBe(true)
    authz.stop()
  })

  it("matches groups and service accounts (namespace defaulting to the binding's) and sees a binding created or deleted at once", () => {
    const { store, authz } = world()
    const sa = authn('system:serviceaccount:ops:deployer', 'system:serviceaccounts', 'system:serviceaccounts:ops')
    expect(authz.authorize(sa, list('deployments', 'team-b', 'apps')).allowed).toBe(false)
    store.create(
      'rolebindings',
      binding('RoleBinding', 'deployers', 'ClusterRole', 'edit', [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ops' }], 'team-b')
    )
    expect(authz.authorize(sa, list('deployments', 'team-b', 'apps'))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "deployers/team-b" of ClusterRole "edit" to ServiceAccount "deployer/ops"'
    })
    store.create('clusterrolebindings', binding('ClusterRoleBinding', 'auditors', 'ClusterRole', 'view', [{ apiGroup: RBAC, kind: 'Group', name: 'auditors' }]))
    expect(authz.authorize(authn('ann', 'auditors'), list('pods'))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "auditors" of ClusterRole "view" to Group "auditors"'
    })
    store.delete('clusterrolebindings', undefined, 'auditors')
    expect(authz.authorize(authn('ann', 'auditors'), list('pods')).allowed).toBe(false)
    authz.stop()
  })

  it("a Role grants in its own namespace; a binding to a missing role denies with the resolver's error as the reason", () => {
    const { store, authz } = world()
    store.create('roles', {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'cm-reader', namespace: 'ops' },
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] }]
    } as KubeObject)
    store.create('rolebindings', binding('RoleBinding', 'read-settings', 'Role', 'cm-reader', [{ apiGroup: RBAC, kind: 'User', name: 'eve' }], 'ops'))
    store.create('rolebindings', binding('RoleBinding', 'dangling', 'Role', 'gone', [{ apiGroup: RBAC, kind: 'User', name: 'eve' }], 'ops'))
    const get = (name: string): Attributes => ({
      resourceRequest: true,
      verb: 'get',
      apiGroup: '',
      resource: 'configmaps',
      subresource: '',
      namespace: 'ops',
      name
    })
    expect(authz.authorize(authn('eve'), get('settings')).allowed).toBe(true)
    expect(authz.authorize(authn('eve'), get('other'))).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found' })
    const { rules, errors } = authz.rulesFor(authn('eve'), 'ops')
    expect(rules).toContainEqual({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] })
    expect(errors).toEqual(['role.rbac.authorization.k8s.io "gone" not found'])
    authz.stop()
  })
})

describe('requestAttributes (RequestInfoFactory)', () => {
  const at = (method: string, path: string): Attributes => requestAttributes(method, new URL(path, 'https://h'))
  it('derives verbs, scope, names and subresources as the apiserver does', () => {
    expect(at('GET', '/api/v1/pods')).toMatchObject({ resourceRequest: true, verb: 'list', resource: 'pods', namespace: '', name: '' })
    expect(at('GET', '/api/v1/namespaces/a/pods?watch=true')).toMatchObject({ verb: 'watch', namespace: 'a', resource: 'pods' })
    expect(at('GET', '/api/v1/namespaces/a/pods?watch=1&fieldSelector=metadata.name%3Dweb')).toMatchObject({ verb: 'watch', name: 'web' })
    expect(at('GET', '/api/v1/namespaces/a/pods/web/log')).toMatchObject({ verb: 'get', name: 'web', subresource: 'log' })
    expect(at('DELETE', '/apis/apps/v1/namespaces/a/deployments')).toMatchObject({ verb: 'deletecollection', apiGroup: 'apps', resource: 'deployments' })
    expect(at('PATCH', '/apis/apps/v1/namespaces/a/deployments/d/scale')).toMatchObject({ verb: 'patch', subresource: 'scale' })
    // The Namespace object itself has its own name as namespace; namespaces/x/status stays a subresource.
    expect(at('GET', '/api/v1/namespaces/a')).toMatchObject({ verb: 'get', resource: 'namespaces', name: 'a', namespace: 'a' })
    expect(at('PUT', '/api/v1/namespaces/a/finalize')).toMatchObject({ verb: 'update', resource: 'namespaces', name: 'a', subresource: 'finalize' })
    expect(at('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', resource: 'namespaces', namespace: '' })
    expect(at('GET', '/apis/apps')).toEqual({ resourceRequest: false, verb: 'get', path: '/apis/apps' })
    expect(at('HEAD', '/healthz')).toEqual({ resourceRequest: false, verb: 'head', path: '/healthz' })
  })
})
