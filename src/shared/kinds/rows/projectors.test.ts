import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { KINDS } from '../registry.ts'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const SECRET = 'c3VwZXItc2VjcmV0LXZhbHVl'
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.tok.sig'
const LAST_APPLIED = '{"apiVersion":"v1","kind":"Pod","spec":{"password":"hunter2"}}'

/** Metadata carrying a token-like annotation and kubectl's last-applied configuration. */
const meta = (name: string): Record<string, unknown> => ({
  name,
  namespace: 'ns',
  uid: `uid-${name}`,
  resourceVersion: '5',
  creationTimestamp: '2025-06-01T11:00:00Z',
  labels: { app: 'web' },
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': LAST_APPLIED, 'example.com/token': TOKEN },
  managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': { [`f:${SECRET}`]: {} } } }]
})
const envContainer = {
  name: 'app',
  image: 'nginx:1.27',
  env: [
    { name: 'DB_PASSWORD', value: 'hunter2' },
    { name: 'API_TOKEN', value: TOKEN },
    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: SECRET } } }
  ],
  args: ['--password=hunter2'],
  command: ['sh', '-c', `echo ${SECRET}`]
}

/** A sample object of every kind, each stuffed with secret-like data a row must never carry. */
function sample(kind: string): ObjectLike {
  const template = { metadata: { annotations: { token: TOKEN } }, spec: { containers: [envContainer], initContainers: [envContainer] } }
  const base = { metadata: meta(kind), data: { password: SECRET }, stringData: { token: TOKEN }, binaryData: { key: SECRET } }
  switch (kind) {
    case 'pods':
      return {
        ...base,
        spec: { ...template.spec, nodeName: 'n1', volumes: [{ name: 'v', secret: { secretName: SECRET } }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] }
      }
    case 'deployments':
    case 'statefulsets':
    case 'daemonsets':
    case 'replicasets':
      return { ...base, spec: { replicas: 1, template, selector: { matchLabels: { app: 'web' } } }, status: {} }
    case 'jobs':
      return { ...base, spec: { template }, status: {} }
    case 'cronjobs':
      return { ...base, spec: { schedule: '@daily', jobTemplate: { spec: { template } } }, status: {} }
    case 'events':
      return { ...base, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Pulled', message: 'ok', type: 'Normal' }
    default:
      return { ...base, spec: {}, status: {} }
  }
}

describe('projectRow over all 22 kinds', () => {
  it.each(KINDS.map((k) => [k.id, k] as const))('%s: one cell per registry column, identity filled in', (_id, kind) => {
    const row = projectRow(kind.id, sample(kind.id), NOW)
    expect(Object.keys(row.cells).sort()).toEqual(kind.columns.map((c) => c.id).sort())
    expect(row).toMatchObject({ uid: `uid-${kind.id}`, kind: kind.id, name: kind.id, namespace: 'ns', resourceVersion: '5', labels: { app: 'web' } })
    expect(formatRowCells(kind, row, NOW)).toHaveLength(kind.columns.length)
  })

  it.each(KINDS.map((k) => [k.id, k] as const))('%s: never carries Secret/ConfigMap data, env values, tokens or annotations', (_id, kind) => {
    const text = JSON.stringify(projectRow(kind.id, sample(kind.id), NOW))
    for (const leak of [SECRET, TOKEN, 'hunter2', 'last-applied', 'DB_PASSWORD', 'annotations', 'managedFields']) expect(text).not.toContain(leak)
  })

  it('survives an empty object for every kind', () => {
    for (const kind of KINDS) expect(() => formatRowCells(kind, projectRow(kind.id, {}, NOW), NOW)).not.toThrow()
  })

  it('does not mutate or clone the object it reads', () => {
    const obj = sample('pods')
    const before = JSON.stringify(obj)
    const row = projectRow('pods', obj, NOW)
    expect(JSON.stringify(obj)).toBe(before)
    expect(row.labels).toBe(obj.metadata?.labels)
  })
})
