import { describe, expect, it } from 'vitest'
import { GROUP_IDS, KIND_IDS, KINDS, collectionPath, findKind, groupVersion, kindDef, kindsOfGroup } from './registry.ts'

describe('kinds registry', () => {
  it('holds the 34 kinds in registry order, each in one of the 7 groups', () => {
    expect(KINDS.map((k) => k.id)).toEqual([...KIND_IDS])
    expect(KINDS).toHaveLength(34)
    expect(GROUP_IDS).toEqual(['core', 'workloads', 'networking', 'storage', 'cluster', 'config', 'access'])
    const sizes = GROUP_IDS.map((g) => kindsOfGroup(g).length)
    expect(sizes).toEqual([2, 8, 5, 3, 7, 4, 5])
    expect(kindsOfGroup('config')).toEqual(['configmaps', 'secrets', 'resourcequotas', 'limitranges'])
    expect(kindsOfGroup('access')).toEqual(['serviceaccounts', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'])
  })

  it('keeps the original 22 tokens first, in their order and groups', () => {
    expect(KIND_IDS.slice(0, 22)).toEqual([
      'pods',
      'events',
      'deployments',
      'statefulsets',
      'daemonsets',
      'replicasets',
      'jobs',
      'cronjobs',
      'horizontalpodautoscalers',
      'poddisruptionbudgets',
      'services',
      'ingresses',
      'networkpolicies',
      'endpointslices',
      'ingressclasses',
      'pvs',
      'pvcs',
      'storageclasses',
      'nodes',
      'namespaces',
      'priorityclasses',
      'runtimeclasses'
    ])
    expect(kindsOfGroup('cluster').slice(0, 4)).toEqual(['nodes', 'namespaces', 'priorityclasses', 'runtimeclasses'])
  })

  it.each([
    ['pods', '', 'v1', 'pods', true],
    ['events', '', 'v1', 'events', true],
    ['deployments', 'apps', 'v1', 'deployments', true],
    ['jobs', 'batch', 'v1', 'jobs', true],
    ['cronjobs', 'batch', 'v1', 'cronjobs', true],
    ['horizontalpodautoscalers', 'autoscaling', 'v2', 'horizontalpodautoscalers', true],
    ['poddisruptionbudgets', 'policy', 'v1', 'poddisruptionbudgets', true],
    ['ingresses', 'networking.k8s.io', 'v1', 'ingresses', true],
    ['endpointslices', 'discovery.k8s.io', 'v1', 'endpointslices', true],
    ['ingressclasses', 'networking.k8s.io', 'v1', 'ingressclasses', false],
    ['pvs', '', 'v1', 'persistentvolumes', false],
    ['pvcs', '', 'v1', 'persistentvolumeclaims', true],
    ['storageclasses', 'storage.k8s.io', 'v1', 'storageclasses', false],
    ['nodes', '', 'v1', 'nodes', false],
    ['namespaces', '', 'v1', 'namespaces', false],
    ['priorityclasses', 'scheduling.k8s.io', 'v1', 'priorityclasses', false],
    ['runtimeclasses', 'node.k8s.io', 'v1', 'runtimeclasses', false],
    ['customresourcedefinitions', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', false],
    ['mutatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', false],
    ['validatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', false],
    ['configmaps', '', 'v1', 'configmaps', true],
    ['secrets', '', 'v1', 'secrets', true],
    ['resourcequotas', '', 'v1', 'resourcequotas', true],
    ['limitranges', '', 'v1', 'limitranges', true],
    ['serviceaccounts', '', 'v1', 'serviceaccounts', true],
    ['roles', 'rbac.authorization.k8s.io', 'v1', 'roles', true],
    ['rolebindings', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', true],
    ['clusterroles', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', false],
    ['clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', false]
  ] as const)('%s is %s/%s %s (namespaced=%s)', (id, group, version, resource, namespaced) => {
    const k = kindDef(id)
    expect([k.apiGroup, k.version, k.resource, k.namespaced]).toEqual([group, version, resource, namespaced])
  })

  it('spans the 10 API group-versions of the spec and the 3 of the config, access and extension kinds', () => {
    expect(new Set(KINDS.map(groupVersion))).toEqual(
      new Set([
        'v1',
        'apps/v1',
        'batch/v1',
        'autoscaling/v2',
        'policy/v1',
        'networking.k8s.io/v1',
        'discovery.k8s.io/v1',
        'storage.k8s.io/v1',
        'scheduling.k8s.io/v1',
        'node.k8s.io/v1',
        'apiextensions.k8s.io/v1',
        'admissionregistration.k8s.io/v1',
        'rbac.authorization.k8s.io/v1'
      ])
    )
  })

  it('builds real apiserver paths', () => {
    expect(collectionPath(kindDef('pods'), 'default')).toBe('/api/v1/namespaces/default/pods')
    expect(collectionPath(kindDef('pods'))).toBe('/api/v1/pods')
    expect(collectionPath(kindDef('deployments'), 'web')).toBe('/apis/apps/v1/namespaces/web/deployments')
    expect(collectionPath(kindDef('nodes'), 'ignored')).toBe('/api/v1/nodes')
  })

  it('gives every kind unique column ids and an AGE, time or CREATED AT column', () => {
    for (const k of KINDS) {
      const ids = k.columns.map((c) => c.id)
      expect(new Set(ids).size, k.id).toBe(ids.length)
      expect(
        k.columns.some((c) => c.type === 'age' || c.type === 'time' || c.title === 'CREATED AT'),
        k.id
      ).toBe(true)
    }
  })

  it('finds kinds by token only', () => {
    expect(findKind('pods')?.kind).toBe('Pod')
    expect(findKind('Pods')).toBeUndefined()
    expect(findKind('po')).toBeUndefined()
  })
})
