import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { kindDef } from '../registry.ts'
import type { KindId } from '../registry.ts'

// Expected texts follow kubernetes pkg/printers/internalversion/printers.go (v1.34): printConfigMap
// (DATA = len(Data)+len(BinaryData)), printSecret (TYPE, DATA = len(Data)), printResourceQuota
// (status.hard sorted, "name: used/hard", "limits.*" to LIMIT), printServiceAccount (SECRETS =
// len(Secrets)), printRoleBinding/printClusterRoleBinding (ROLE = Kind/Name; wide USERS, GROUPS,
// SERVICEACCOUNTS from rbac.SubjectsStrings, a service account as "%s/%s" of namespace and name),
// printMutatingWebhook/printValidatingWebhook (WEBHOOKS = len(Webhooks)); kinds without a printer
// (Role, ClusterRole, LimitRange, CustomResourceDefinition) use the default table convertor:
// CREATED AT = creationTimestamp.UTC().Format(time.RFC3339).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const CREATED = '2025-05-30T11:59:58Z'
const meta = { name: 'x', uid: 'u', resourceVersion: '1', creationTimestamp: CREATED }
const print = (kind: KindId, obj: object, wide = true): string[] =>
  formatRowCells(kindDef(kind), projectRow(kind, { ...obj, metadata: meta } as ObjectLike, NOW), NOW, wide)

describe('config kinds', () => {
  it('configmaps: DATA counts data and binaryData keys, AGE', () => {
    expect(print('configmaps', { data: { a: '1', b: '' }, binaryData: { c: 'AA==' } })).toEqual(['3', '2d'])
    expect(print('configmaps', {})).toEqual(['0', '2d'])
  })

  it('secrets: TYPE and the number of data keys; no value is in the row', () => {
    const obj = { type: 'kubernetes.io/tls', data: { 'tls.crt': 'c2VjcmV0LWNlcnQ=', 'tls.key': 'c2VjcmV0LWtleQ==' }, stringData: { extra: 'plain-secret' } }
    expect(print('secrets', obj)).toEqual(['kubernetes.io/tls', '2', '2d'])
    const row = JSON.stringify(projectRow('secrets', { ...obj, metadata: meta } as ObjectLike, NOW))
    for (const v of ['c2VjcmV0LWNlcnQ=', 'c2VjcmV0LWtleQ==', 'plain-secret', 'secret-cert', 'secret-key']) expect(row).not.toContain(v)
    expect(print('secrets', { type: 'Opaque' })).toEqual(['Opaque', '0', '2d'])
  })

  it('resourcequotas: sorted status.hard, used/hard, limits.* under LIMIT, 0 when not used yet', () => {
    const status = {
      hard: { pods: '10', 'limits.memory': '2Gi', 'requests.cpu': '1', 'limits.cpu': '2', 'count/configmaps': '5' },
      used: { pods: '3', 'limits.cpu': '500m', 'requests.cpu': '250m', 'limits.memory': '1Gi' }
    }
    expect(print('resourcequotas', { spec: { hard: status.hard }, status })).toEqual([
      'count/configmaps: 0/5, pods: 3/10, requests.cpu: 250m/1',
      'limits.cpu: 500m/2, limits.memory: 1Gi/2Gi',
      '2d'
    ])
    // Only status.hard prints: a quota the controller has not seen yet has empty cells.
    expect(print('resourcequotas', { spec: { hard: { pods: '1' } } })).toEqual(['', '', '2d'])
  })

  it('limitranges: CREATED AT in RFC 3339 UTC', () => {
    expect(print('limitranges', { spec: { limits: [] } })).toEqual([CREATED])
  })
})

describe('access kinds', () => {
  it('serviceaccounts: SECRETS counts the secret references', () => {
    expect(print('serviceaccounts', { secrets: [{ name: 'a' }, { name: 'b' }] })).toEqual(['2', '2d'])
    expect(print('serviceaccounts', {})).toEqual(['0', '2d'])
  })

  it('roles and clusterroles: CREATED AT', () => {
    expect(print('roles', { rules: [] })).toEqual([CREATED])
    expect(print('clusterroles', { rules: [] })).toEqual([CREATED])
  })

  it('rolebindings and clusterrolebindings: ROLE, AGE, then USERS, GROUPS, SERVICEACCOUNTS (wide)', () => {
    const obj = {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
        { kind: 'User', name: 'joe' },
        { kind: 'ServiceAccount', name: 'bare' }
      ]
    }
    for (const k of ['rolebindings', 'clusterrolebindings'] as const) {
      expect(print(k, obj)).toEqual(['ClusterRole/view', '2d', 'jane, joe', 'devs', 'build/ci, /bare'])
      expect(print(k, obj, false)).toEqual(['ClusterRole/view', '2d'])
    }
    expect(print('rolebindings', { roleRef: { kind: 'Role', name: 'r' } })).toEqual(['Role/r', '2d', '', '', ''])
  })
})

describe('API-extension kinds', () => {
  it('webhook configurations: WEBHOOKS counts the webhooks', () => {
    const obj = { webhooks: [{ name: 'a.example.com' }, { name: 'b.example.com' }] }
    expect(print('mutatingwebhookconfigurations', obj)).toEqual(['2', '2d'])
    expect(print('validatingwebhookconfigurations', {})).toEqual(['0', '2d'])
  })

  it('customresourcedefinitions: CREATED AT', () => {
    expect(print('customresourcedefinitions', { spec: { group: 'x.io' } })).toEqual([CREATED])
  })
})

describe('the kubectl headers of the new kinds', () => {
  // Upper-cased Table column names of printers.go / the default convertor, after NAME.
  it.each<[KindId, string[]]>([
    ['configmaps', ['DATA', 'AGE']],
    ['secrets', ['TYPE', 'DATA', 'AGE']],
    ['resourcequotas', ['REQUEST', 'LIMIT', 'AGE']],
    ['limitranges', ['CREATED AT']],
    ['serviceaccounts', ['SECRETS', 'AGE']],
    ['roles', ['CREATED AT']],
    ['clusterroles', ['CREATED AT']],
    ['rolebindings', ['ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']],
    ['clusterrolebindings', ['ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']],
    ['mutatingwebhookconfigurations', ['WEBHOOKS', 'AGE']],
    ['validatingwebhookconfigurations', ['WEBHOOKS', 'AGE']],
    ['customresourcedefinitions', ['CREATED AT']]
  ])('%s', (kind, headers) => {
    expect(kindDef(kind).columns.map((c) => c.title)).toEqual(headers)
  })
})
