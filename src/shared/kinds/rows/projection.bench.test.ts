import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'

/**
 * Measures the per-pod projection cost on a realistic ~8 KB pod (2 containers, 14 env vars each,
 * probes, projected volumes, managedFields; one sidecar and one restarted container). The number
 * is printed, never asserted (machines differ); the test only checks the projection still works.
 */
function bigPod(i: number): ObjectLike {
  const env = Array.from({ length: 14 }, (_, k) => ({ name: `ENV_${k}`, value: `value-${k}-${'x'.repeat(40)}` }))
  const container = (name: string): object => ({
    name,
    image: `registry.example.com/team/${name}:1.2.${i % 10}`,
    env,
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }]
  })
  const running = { running: { startedAt: '2025-06-01T10:00:00Z' } }
  return {
    metadata: {
      name: `web-7d9f8b6c5-${i}`,
      namespace: `team-${i % 50}`,
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(100000 + i),
      creationTimestamp: '2025-06-01T10:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7d9f8b6c5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8b6c5', uid: 'x', controller: true }],
      managedFields: Array.from({ length: 3 }, () => ({ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': { 'f:conditions': {} } } }))
    },
    spec: {
      initContainers: [{ ...container('proxy'), restartPolicy: 'Always' }],
      containers: [container('app'), container('logger')],
      nodeName: `node-${i % 300}`,
      volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }]
    },
    status: {
      phase: 'Running',
      podIP: '10.1.2.3',
      podIPs: [{ ip: '10.1.2.3' }],
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True' })),
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 0, state: running }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 2, state: running, lastState: { terminated: { exitCode: 1, finishedAt: '2025-06-01T11:00:00Z' } } },
        { name: 'logger', ready: true, restartCount: 0, state: running }
      ]
    }
  }
}

describe('projection cost', () => {
  it('measures the per-pod projection time (printed, not asserted)', () => {
    const pods = Array.from({ length: 2000 }, (_, i) => bigPod(i))
    const bytes = JSON.stringify(pods[0]).length
    const now = Date.parse('2025-06-01T12:00:00Z')
    for (let r = 0; r < 5; r++) for (const p of pods) projectRow('pods', p, now) // warm-up
    const rounds = 25
    const t0 = performance.now()
    let sink = 0
    for (let r = 0; r < rounds; r++) for (const p of pods) sink += projectRow('pods', p, now).cells.restarts as number
    const perPodUs = ((performance.now() - t0) * 1000) / (rounds * pods.length)
    const dtoBytes = JSON.stringify(projectRow('pods', pods[0], now)).length
    console.log(`projectRow(pods): ${perPodUs.toFixed(2)} µs/pod over ${rounds * pods.length} projections; pod ${bytes} B JSON → DTO ${dtoBytes} B`)
    expect(sink).toBe(2 * rounds * pods.length)
    expect(projectRow('pods', pods[0], now).cells).toMatchObject({ ready: '3/3', status: 'Running', restarts: 2 })
  })
})
