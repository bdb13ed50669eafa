import { describe, expect, it } from 'vitest'
import { KINDS, groupVersion } from '../../../../src/shared/kinds/registry.ts'
import { discoveryDocument, discoveryPaths } from './discovery.ts'
import type { ApiResource } from './discovery.ts'

interface ResourceList {
  kind: string
  apiVersion: string
  groupVersion: string
  resources: ApiResource[]
}
interface GroupVersion {
  groupVersion: string
  version: string
}
interface Group {
  name: string
  versions: GroupVersion[]
  preferredVersion: GroupVersion
}

const list = (path: string): ResourceList => discoveryDocument(path) as ResourceList

describe('discoveryDocument', () => {
  it('serves /version with the 1.33 identity', () => {
    const v = discoveryDocument('/version') as Record<string, string>
    expect(v).toMatchObject({ major: '1', minor: '33', gitVersion: 'v1.33.0-periscope-sim', platform: 'linux/amd64' })
  })

  it('serves /api as APIVersions with v1 only', () => {
    expect(discoveryDocument('/api')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] })
  })

  it("lists the 15 API groups with their preferred versions in /apis (the registry's, coordination and the two review groups)", () => {
    const doc = discoveryDocument('/apis') as { kind: string; groups: Group[] }
    expect(doc.kind).toBe('APIGroupList')
    const names = doc.groups.map((g) => g.name).sort()
    expect(names).toEqual([
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'apps',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'autoscaling',
      'batch',
      'coordination.k8s.io',
      'discovery.k8s.io',
      'networking.k8s.io',
      'node.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'scheduling.k8s.io',
      'storage.k8s.io'
    ])
    const autoscaling = doc.groups.find((g) => g.name === 'autoscaling')
    // Both versions are served, v2 preferred, as on a 1.33 apiserver.
    expect(autoscaling?.versions).toEqual([
      { groupVersion: 'autoscaling/v2', version: 'v2' },
      { groupVersion: 'autoscaling/v1', version: 'v1' }
    ])
    expect(autoscaling?.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' })
    for (const g of doc.groups) expect(g.versions).toContainEqual(g.preferredVersion)
  })

  it('serves /apis/<group> as APIGroup', () => {
    expect(discoveryDocument('/apis/apps')).toMatchObject({ kind: 'APIGroup', name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } })
  })

  it('serves an APIResourceList for each of the 13 group-versions of the registry', () => {
    const gvs = [...new Set(KINDS.map(groupVersion))]
    expect(gvs).toHaveLength(13)
    for (const gv of gvs) {
      const doc = list(gv === 'v1' ? '/api/v1' : `/apis/${gv}`)
      expect(doc.kind).toBe('APIResourceList')
      expect(doc.groupVersion).toBe(gv)
    }
  })

  it('describes every registry kind with name, singular, scope, kind, verbs and short names', () => {
    for (const k of KINDS) {
      const doc = list(k.apiGroup === '' ? `/api/${k.version}` : `/apis/${k.apiGroup}/${k.version}`)
      const r = doc.resources.find((x) => x.name === k.resource)
      expect(r, k.id).toBeDefined()
      expect(r).toMatchObject({ singularName: k.singular, namespaced: k.namespaced, kind: k.kind })
      expect(r?.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']))
      expect(r?.shortNames ?? []).toEqual(k.shortNames)
    }
  })

  it('puts exactly the real apiserver kinds in the "all" category', () => {
    const inAll = discoveryPaths()
      .filter((p) => p.startsWith('/api/') || p.split('/').length === 4)
      .flatMap((p) => list(p).resources)
      .filter((r) => r.categories?.includes('all'))
      .map((r) => r.name)
    // HPAs are listed in both served versions; kubectl uses the preferred one.
    expect([...new Set(inAll)].sort()).toEqual([
      'cronjobs',
      'daemonsets',
      'deployments',
      'horizontalpodautoscalers',
      'jobs',
      'pods',
      'replicasets',
      'services',
      'statefulsets'
    ])
  })

  it('advertises status and scale subresources per the registry flags, and pods/log (served by log.ts) as the real server lists it', () => {
    const apps = list('/apis/apps/v1').resources
    expect(apps.find((r) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update']
    })
    expect(apps.find((r) => r.name === 'deployments/status')).toMatchObject({ kind: 'Deployment', verbs: ['get', 'patch', 'update'] })
    expect(apps.find((r) => r.name === 'daemonsets/scale')).toBeUndefined()
    const core = list('/api/v1').resources.map((r) => r.name)
    expect(core).toContain('pods/status')
    expect(list('/api/v1').resources.find((r) => r.name === 'pods/log')).toEqual({
      name: 'pods/log',
      singularName: '',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get']
    })
    expect(core).toEqual(expect.arrayContaining(['pods/attach', 'pods/binding', 'pods/eviction', 'pods/exec', 'pods/portforward']))
    expect(list('/api/v1').resources.find((r) => r.name === 'pods/eviction')).toMatchObject({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create']
    })
    expect(core).not.toContain('events/status')
    for (const k of KINDS) {
      const names = list(k.apiGroup === '' ? '/api/v1' : `/apis/${k.apiGroup}/${k.version}`).resources.map((r) => r.name)
      expect(names.includes(`${k.resource}/status`), `${k.id}/status`).toBe(k.status)
      expect(names.includes(`${k.resource}/scale`), `${k.id}/scale`).toBe(k.scale)
    }
  })

  it('sorts resources by name like the real apiserver', () => {
    const names = list('/api/v1').resources.map((r) => r.name)
    expect(names).toEqual([...names].sort())
  })

  it('ignores a query string and a trailing slash, and answers undefined for other paths', () => {
    expect(discoveryDocument('/api/v1?timeout=32s')).toMatchObject({ groupVersion: 'v1' })
    expect(discoveryDocument('/apis/')).toMatchObject({ kind: 'APIGroupList' })
    expect(discoveryDocument('/apis/apps/v2')).toBeUndefined()
    expect(discoveryDocument('/apis/extensions/v1beta1')).toBeUndefined()
    expect(discoveryDocument('/api/v1/pods')).toBeUndefined()
    expect(discoveryDocument('/')).toBeUndefined()
  })

  it('returns a fresh copy each time', () => {
    const a = list('/api/v1')
    a.resources.length = 0
    expect(list('/api/v1').resources.length).toBeGreaterThan(0)
  })
})
