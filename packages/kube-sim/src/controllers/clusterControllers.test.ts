// The controllers the differential suite showed missing, judged by what a real kube-apiserver 1.34
// cluster (kube-controller-manager + kwok) produced for the same objects: node registration, the
// daemonset controller (one pod per fitting node, pinned by node affinity, daemon tolerations),
// the volume binder (claim ↔ volume), and the HPA controller without a metrics API.
import { describe, expect, it } from 'vitest'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { bytesOf } from './volumeBinder.ts'
import { objects, template, testStore, useControllers, waitFor } from './testkit.ts'

const start = useControllers()
const get = (store: SimStore, kind: Parameters<SimStore['get']>[0], ns: string, name: string): KubeObject | undefined => {
  const rec = store.get(kind, ns, name)
  return rec ? store.object(rec) : undefined
}

describe('node registration', () => {
  it('makes a node created through the API Ready, with the beta labels and the TTL annotation', async () => {
    const store = testStore(1)
    start(store)
    store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'added', labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', role: 'daemon' } },
      spec: {}
    })
    const n = await waitFor('registered', () => {
      const o = get(store, 'nodes', '', 'added')
      return (o?.status as { conditions?: unknown[] } | undefined)?.conditions ? o : undefined
    })
    expect(n.metadata.labels).toMatchObject({
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'added',
      role: 'daemon'
    })
    expect(n.metadata.annotations).toMatchObject({ 'node.alpha.kubernetes.io/ttl': '0' })
    const st = n.status as { conditions: { type: string; status: string }[]; addresses: { type: string }[]; allocatable: Record<string, string> }
    expect(st.conditions.map((c) => [c.type, c.status])).toEqual([
      ['MemoryPressure', 'False'],
      ['DiskPressure', 'False'],
      ['PIDPressure', 'False'],
      ['Ready', 'True']
    ])
    expect(st.addresses.map((a) => a.type)).toEqual(['InternalIP', 'Hostname'])
    expect(st.allocatable.pods).toBe('110')
  })
})

describe('daemonset controller', () => {
  it('runs one pod per fitting node, pinned by node affinity, with the daemon tolerations, and counts them', async () => {
    const store = testStore(3)
    start(store)
    // Two nodes carry the selected label; the third does not.
    for (const name of ['node-0', 'node-1']) {
      const n = get(store, 'nodes', '', name) as KubeObject
      n.metadata.labels = { ...n.metadata.labels, 'diff-role': 'daemon' }
      store.update('nodes', n)
    }
    const ds = store.create('daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'demo' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent', 'fluent/fluent-bit:3.0', { nodeSelector: { 'diff-role': 'daemon' } }) }
    })
    const status = (): Record<string, number> => (get(store, 'daemonsets', 'demo', 'agent')?.status ?? {}) as Record<string, number>
    await waitFor('2 available', () => status().numberAvailable === 2)
    // What kube-controller-manager 1.34 reported for one such pod on one fitting node, doubled.
    expect(status()).toEqual({
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      desiredNumberScheduled: 2,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 2
    })
    // The apiserver keeps the template generation as an annotation: 1 on create.
    expect(get(store, 'daemonsets', 'demo', 'agent')?.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' })
    const pods = objects(store, 'pods')
    expect(pods.map((p) => (p.spec as { nodeName: string }).nodeName).sort()).toEqual(['node-0', 'node-1'])
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.uid, controller: true, blockOwnerDeletion: true }
      ])
      expect(p.metadata.labels).toMatchObject({
        app: 'agent',
        'pod-template-generation': '1',
        'controller-revision-hash': expect.stringMatching(/^[bcdfghjklmnpqrstvwxz2456789]+$/)
      })
      const spec = p.spec as { nodeName: string; affinity: unknown; tolerations: unknown[] }
      expect(spec.affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [spec.nodeName] }] }]
          }
        }
      })
      expect(spec.tolerations).toEqual([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
      ])
    }
    // A node losing the label loses its daemon pod.
    const n1 = get(store, 'nodes', '', 'node-1') as KubeObject
    n1.metadata.labels = { ...n1.metadata.labels, 'diff-role': 'other' }
    store.update('nodes', n1)
    await waitFor('1 desired', () => status().desiredNumberScheduled === 1 && objects(store, 'pods').length === 1)
  })
})

describe('volume binder', () => {
  it('binds a claim to the smallest matching Available volume of its class, both sides as the controller writes them', async () => {
    const store = testStore(1)
    start(store)
    store.create('storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'manual' },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'Immediate'
    })
    const pv = (name: string, size: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name },
      spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: `/srv/${name}` } }
    })
    store.create('pvs', pv('big', '10Gi'))
    store.create('pvs', pv('small', '1Gi'))
    await waitFor('Available', () => (get(store, 'pvs', '', 'big')?.status as { phase?: string } | undefined)?.phase === 'Available')
    const claim = store.create('pvcs', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'demo' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'manual', resources: { requests: { storage: '1Gi' } } }
    })
    const c = await waitFor('bound', () => {
      const o = get(store, 'pvcs', 'demo', 'data')
      return (o?.status as { phase?: string } | undefined)?.phase === 'Bound' ? o : undefined
    })
    expect(c.spec).toMatchObject({ volumeName: 'small' })
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } })
    expect(c.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' })
    const v = get(store, 'pvs', '', 'small') as KubeObject
    expect((v.spec as { claimRef: unknown }).claimRef).toEqual({
      kind: 'PersistentVolumeClaim',
      namespace: 'demo',
      name: 'data',
      uid: claim.uid,
      apiVersion: 'v1',
      resourceVersion: String(claim.rv)
    })
    expect(v.status).toMatchObject({ phase: 'Bound' })
    expect(v.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' })
    expect((get(store, 'pvs', '', 'big')?.status as { phase: string }).phase).toBe('Available')
  })

  it('releases a volume whose claim is gone, and lets a volume being deleted go once it is not Bound (pv-protection)', async () => {
    const store = testStore(1)
    start(store)
    store.create('pvs', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'vol', finalizers: ['kubernetes.io/pv-protection'] },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: '/srv/vol' } }
    })
    store.create('pvcs', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c', namespace: 'demo' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', resources: { requests: { storage: '1Gi' } } }
    })
    await waitFor('bound', () => (get(store, 'pvs', '', 'vol')?.status as { phase?: string } | undefined)?.phase === 'Bound')
    store.delete('pvcs', 'demo', 'c')
    await waitFor('released', () => (get(store, 'pvs', '', 'vol')?.status as { phase?: string } | undefined)?.phase === 'Released')
    const v = get(store, 'pvs', '', 'vol') as KubeObject
    v.metadata.deletionTimestamp = new Date().toISOString()
    store.update('pvs', v)
    await waitFor('gone', () => store.get('pvs', '', 'vol') === undefined)
  })

  it('reads storage quantities in binary and decimal units', () => {
    expect(bytesOf('1Gi')).toBe(2 ** 30)
    expect(bytesOf('500M')).toBe(5e8)
    expect(bytesOf('1073741824')).toBe(2 ** 30)
    expect(bytesOf('lots')).toBeNaN()
  })
})

describe('horizontal pod autoscaler controller', () => {
  it('reports what a cluster without a metrics server reports: AbleToScale True, ScalingActive False (FailedGetResourceMetric)', async () => {
    const store = testStore(2)
    start(store)
    store.create('deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web', 'nginx') }
    })
    store.create('horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'demo' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]
      }
    })
    const st = await waitFor('evaluated', () => get(store, 'horizontalpodautoscalers', 'demo', 'web')?.status as Record<string, unknown> | undefined)
    // Exactly what a real 1.34 cluster without metrics-server showed for this HPA.
    expect(st).toMatchObject({ currentReplicas: 2, desiredReplicas: 0, currentMetrics: [{ type: '' }] })
    expect(
      (st.conditions as { type: string; status: string; reason: string; message: string }[]).map(({ type, status, reason, message }) => ({
        type,
        status,
        reason,
        message
      }))
    ).toEqual([
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message:
          'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)'
      }
    ])
  })
})

describe('disruption controller', () => {
  it("keeps a budget's status as a real 1.34 cluster showed it for 2 ready pods and minAvailable 1", async () => {
    const store = testStore(2)
    start(store)
    store.create('deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web', 'nginx') }
    })
    store.create('poddisruptionbudgets', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } }
    })
    const st = await waitFor('2 healthy', () => {
      const s = get(store, 'poddisruptionbudgets', 'demo', 'web')?.status as Record<string, unknown> | undefined
      return s?.currentHealthy === 2 ? s : undefined
    })
    expect(st).toMatchObject({ observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 })
    expect(
      (st.conditions as Record<string, unknown>[]).map(({ type, status, reason, message, observedGeneration }) => ({
        type,
        status,
        reason,
        message,
        observedGeneration
      }))
    ).toEqual([{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1 }])
  })
})
