import { describe, expect, it } from 'vitest'
import { wantsTable } from './accept.ts'
import { resolveRoute } from './route.ts'

describe('resolveRoute', () => {
  it('maps the real paths of namespaced, all-namespace and cluster-scoped kinds', () => {
    expect(resolveRoute('/api/v1/namespaces/default/pods')).toMatchObject({ kind: { id: 'pods' }, namespace: 'default' })
    expect(resolveRoute('/api/v1/pods')).toMatchObject({ kind: { id: 'pods' }, namespace: undefined, name: undefined })
    expect(resolveRoute('/api/v1/namespaces/kube-system/pods/x')).toMatchObject({ kind: { id: 'pods' }, namespace: 'kube-system', name: 'x' })
    expect(resolveRoute('/apis/apps/v1/namespaces/a/deployments/web/status')).toMatchObject({ kind: { id: 'deployments' }, name: 'web', subresource: 'status' })
    expect(resolveRoute('/apis/autoscaling/v2/horizontalpodautoscalers')).toMatchObject({ kind: { id: 'horizontalpodautoscalers' } })
    expect(resolveRoute('/api/v1/namespaces')).toMatchObject({ kind: { id: 'namespaces' }, name: undefined })
    expect(resolveRoute('/api/v1/namespaces/default')).toMatchObject({ kind: { id: 'namespaces' }, name: 'default' })
    expect(resolveRoute('/api/v1/persistentvolumes/pv1')).toMatchObject({ kind: { id: 'pvs' }, name: 'pv1' })
  })

  it('refuses unknown resources, wrong versions, namespaced cluster kinds and unknown subresources', () => {
    expect(resolveRoute('/api/v1/foos')).toBeUndefined()
    expect(resolveRoute('/apis/apps/v2/deployments')).toBeUndefined()
    expect(resolveRoute('/api/v1/namespaces/default/nodes')).toBeUndefined()
    expect(resolveRoute('/api/v1/namespaces/default/pods/x/log')).toBeUndefined()
    expect(resolveRoute('/api/v1/namespaces/default/services/x/exec')).toBeUndefined()
    // Pod subresources are routed (exec answers a clear 400: the demo cluster runs no containers).
    expect(resolveRoute('/api/v1/namespaces/default/pods/x/exec')).toMatchObject({ name: 'x', subresource: 'exec' })
    expect(resolveRoute('/apis/autoscaling/v1/namespaces/d/horizontalpodautoscalers/h')?.kind).toMatchObject({ id: 'horizontalpodautoscalers', version: 'v1' })
    expect(resolveRoute('/apis/storage.k8s.io/v1/storageclasses/a/scale')).toBeUndefined()
  })
})

describe('wantsTable', () => {
  it('detects kubectl Table requests only', () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe(true)
    expect(wantsTable('application/json, */*;q=0.8')).toBe(false)
    expect(wantsTable(undefined)).toBe(false)
    expect(wantsTable('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json')).toBe(false)
  })
})
