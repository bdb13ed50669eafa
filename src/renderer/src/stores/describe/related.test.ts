import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../../shared/dto/row.ts'
import type { KindId } from '../../../../shared/kinds/registry.ts'
import { eventsFor, linkGroups, ownerLinks } from './related.ts'

const row = (
  kind: KindId,
  name: string,
  labels: Record<string, string> = {},
  cells: RowDto['cells'] = {},
  namespace = 'demo',
  extra?: RowDto['extra']
): RowDto => ({
  uid: `${kind}-${name}`,
  kind,
  namespace,
  name,
  createdAt: '2025-01-01T00:00:00Z',
  resourceVersion: '1',
  labels,
  cells,
  ...(extra ? { extra } : {})
})

describe('describe links', () => {
  it('walks owner references, the controller first, to kinds the app lists', () => {
    const pod = {
      metadata: {
        name: 'api-7f9c-x2k4q',
        namespace: 'demo',
        ownerReferences: [
          // Lease (coordination.k8s.io) is a kind the app does not list (ConfigMap became one in issue 18).
          { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name: 'not-a-kind' },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7f9c', uid: 'rs1', controller: true }
        ]
      }
    }
    expect(ownerLinks(pod, 'demo')).toEqual([{ kind: 'replicasets', namespace: 'demo', name: 'api-7f9c', note: '' }])
  })

  it("finds a deployment's replicasets and pods by its selector, in its namespace only", () => {
    const dep = { metadata: { name: 'api', namespace: 'demo' }, spec: { selector: { matchLabels: { app: 'api' } } } }
    const rs = [
      row('replicasets', 'api-7f9c', { app: 'api', 'pod-template-hash': '7f9c' }),
      row('replicasets', 'web-1', { app: 'web' }),
      row('replicasets', 'api-x', { app: 'api' }, {}, 'other')
    ]
    const pods = [row('pods', 'api-7f9c-b', { app: 'api' }, { status: 'Running' }), row('pods', 'api-7f9c-a', { app: 'api' }, { status: 'CrashLoopBackOff' })]
    const groups = linkGroups('deployments', dep, (k) => (k === 'replicasets' ? rs : k === 'pods' ? pods : []))
    expect(groups.map((g) => [g.title, g.links.map((l) => `${l.name}${l.note ? `:${l.note}` : ''}`)])).toEqual([
      ['Replica sets', ['api-7f9c']],
      ['Pods', ['api-7f9c-a:CrashLoopBackOff', 'api-7f9c-b:Running']]
    ])
  })

  it('matchExpressions select as the apiserver does', () => {
    const job = {
      metadata: { name: 'j', namespace: 'demo' },
      spec: {
        selector: {
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a', 'b'] },
            { key: 'canary', operator: 'DoesNotExist' }
          ]
        }
      }
    }
    const pods = [row('pods', 'p1', { tier: 'a' }), row('pods', 'p2', { tier: 'c' }), row('pods', 'p3', { tier: 'b', canary: 'yes' })]
    expect(linkGroups('jobs', job, () => pods)[0].links.map((l) => l.name)).toEqual(['p1'])
  })

  it('a service: its endpointslices by label and its pods by selector; no selector selects nothing', () => {
    const svc = { metadata: { name: 'api', namespace: 'demo' }, spec: { selector: { app: 'api' } } }
    const slices = [
      row('endpointslices', 'api-x7k2p', { 'kubernetes.io/service-name': 'api' }),
      row('endpointslices', 'web-a', { 'kubernetes.io/service-name': 'web' })
    ]
    const pods = [row('pods', 'api-1', { app: 'api' }), row('pods', 'web-1', { app: 'web' })]
    const rowsOf = (k: KindId): RowDto[] => (k === 'endpointslices' ? slices : k === 'pods' ? pods : [])
    expect(linkGroups('services', svc, rowsOf).map((g) => [g.title, g.links.map((l) => l.name)])).toEqual([
      ['Endpoint slices', ['api-x7k2p']],
      ['Pods (by selector)', ['api-1']]
    ])
    expect(linkGroups('services', { metadata: { name: 'ext', namespace: 'demo' }, spec: {} }, rowsOf)).toEqual([])
  })

  it("a node's pods, an event's object, a pod's node and claims", () => {
    const pods = [row('pods', 'a', {}, { node: 'node-1' }), row('pods', 'b', {}, { node: 'node-2' })]
    expect(linkGroups('nodes', { metadata: { name: 'node-1' } }, () => pods)[0].links.map((l) => l.name)).toEqual(['a'])
    expect(
      linkGroups('events', { metadata: { name: 'e', namespace: 'demo' }, involvedObject: { kind: 'Pod', name: 'a', namespace: 'demo' } }, () => [])[0]
    ).toEqual({ title: 'About', links: [{ kind: 'pods', namespace: 'demo', name: 'a', note: '' }], more: 0 })
    const pod = {
      metadata: { name: 'a', namespace: 'demo' },
      spec: {
        nodeName: 'node-1',
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data-a' } },
          { name: 'tmp', emptyDir: {} }
        ]
      }
    }
    expect(linkGroups('pods', pod, () => []).map((g) => [g.title, g.links.map((l) => `${l.kind}/${l.name}`)])).toEqual([
      ['Runs on', ['nodes/node-1']],
      ['Claims', ['pvcs/data-a']]
    ])
  })

  it("lists an object's events by uid, newest first, and by kind/name when an event has no uid", () => {
    const ev = (name: string, lastSeen: string, extra: Record<string, string>, object = 'pod/api'): RowDto =>
      row('events', name, {}, { lastSeen, object, reason: name }, 'demo', extra)
    const events = [
      ev('old', '2025-01-01T10:00:00Z', { objectUid: 'u1', objectKind: 'Pod', objectNamespace: 'demo' }),
      ev('new', '2025-01-01T11:00:00Z', { objectUid: 'u1', objectKind: 'Pod', objectNamespace: 'demo' }),
      ev('previous-pod', '2025-01-01T12:00:00Z', { objectUid: 'u0', objectKind: 'Pod', objectNamespace: 'demo' }),
      ev('no-uid', '2025-01-01T10:30:00Z', { objectUid: '', objectKind: 'Pod', objectNamespace: 'demo' }),
      ev('other', '2025-01-01T10:30:00Z', { objectUid: '', objectKind: 'Pod', objectNamespace: 'demo' }, 'pod/web')
    ]
    expect(eventsFor(events, 'Pod', 'u1', 'demo', 'api').map((e) => e.name)).toEqual(['new', 'no-uid', 'old'])
  })
})
