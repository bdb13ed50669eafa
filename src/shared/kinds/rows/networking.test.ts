import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { kindDef } from '../registry.ts'
import type { KindId } from '../registry.ts'

// Expected texts follow kubectl's printers_test.go (TestPrintService, TestPrintServiceLoadBalancer,
// TestPrintIngress, TestPrintIngressClass, TestPrintNetworkPolicy, TestPrintEndpointSlice).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const meta = { name: 'x', namespace: 'ns', uid: 'u', resourceVersion: '1', creationTimestamp: new Date(NOW - 10 * 60_000).toISOString() }
const print = (kind: KindId, obj: object, wide = true): string[] =>
  formatRowCells(kindDef(kind), projectRow(kind, { metadata: meta, ...obj } as ObjectLike, NOW), NOW, wide)

describe('services (printService)', () => {
  it.each<[string, object, string[]]>([
    [
      'ClusterIP with one port',
      { spec: { type: 'ClusterIP', clusterIP: '10.9.8.7', clusterIPs: ['10.9.8.7'], ports: [{ protocol: 'TCP', port: 2233 }], selector: { foo: 'bar' } } },
      ['ClusterIP', '10.9.8.7', '<none>', '2233/TCP', '10m', 'foo=bar']
    ],
    [
      'NodePort with node ports',
      {
        spec: {
          type: 'NodePort',
          clusterIPs: ['10.9.8.7'],
          ports: [
            { protocol: 'TCP', port: 80, nodePort: 30080 },
            { protocol: 'TCP', port: 443, nodePort: 30443 }
          ]
        }
      },
      ['NodePort', '10.9.8.7', '<none>', '80:30080/TCP,443:30443/TCP', '10m', '<none>']
    ],
    [
      'mixed ports 80/TCP,443:30443/TCP',
      {
        spec: {
          type: 'ClusterIP',
          clusterIPs: ['10.0.0.1'],
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 443, nodePort: 30443, protocol: 'TCP' }
          ]
        }
      },
      ['ClusterIP', '10.0.0.1', '<none>', '80/TCP,443:30443/TCP', '10m', '<none>']
    ],
    [
      'ClusterIP with external IPs',
      { spec: { type: 'ClusterIP', clusterIPs: ['10.9.8.7'], externalIPs: ['1.2.3.4', '5.6.7.8'], ports: [{ port: 53, protocol: 'UDP' }] } },
      ['ClusterIP', '10.9.8.7', '1.2.3.4,5.6.7.8', '53/UDP', '10m', '<none>']
    ],
    [
      'LoadBalancer pending',
      { spec: { type: 'LoadBalancer', clusterIPs: ['10.9.8.7'], ports: [{ port: 8888, nodePort: 31000, protocol: 'TCP' }] } },
      ['LoadBalancer', '10.9.8.7', '<pending>', '8888:31000/TCP', '10m', '<none>']
    ],
    [
      'LoadBalancer ingress IPs, sorted and de-duplicated',
      {
        spec: { type: 'LoadBalancer', clusterIPs: ['10.9.8.7'], ports: [{ port: 8888, protocol: 'TCP' }] },
        status: { loadBalancer: { ingress: [{ ip: '3.4.5.6' }, { ip: '2.3.4.5' }, { ip: '3.4.5.6', hostname: 'ignored' }] } }
      },
      ['LoadBalancer', '10.9.8.7', '2.3.4.5,3.4.5.6', '8888/TCP', '10m', '<none>']
    ],
    [
      'LoadBalancer hostname is not clipped',
      {
        spec: { type: 'LoadBalancer', clusterIPs: ['10.9.8.7'], ports: [{ port: 80, protocol: 'TCP' }] },
        status: { loadBalancer: { ingress: [{ hostname: 'a1b2c3d4e5f6-123456789.us-west-2.elb.amazonaws.com' }] } }
      },
      ['LoadBalancer', '10.9.8.7', 'a1b2c3d4e5f6-123456789.us-west-2.elb.amazonaws.com', '80/TCP', '10m', '<none>']
    ],
    [
      'LoadBalancer ingress plus external IPs',
      {
        spec: { type: 'LoadBalancer', clusterIPs: ['10.9.8.7'], externalIPs: ['9.9.9.9'], ports: [{ port: 80, protocol: 'TCP' }] },
        status: { loadBalancer: { ingress: [{ ip: '2.3.4.5' }] } }
      },
      ['LoadBalancer', '10.9.8.7', '2.3.4.5,9.9.9.9', '80/TCP', '10m', '<none>']
    ],
    [
      'ExternalName',
      { spec: { type: 'ExternalName', externalName: 'my.database.example.com' } },
      ['ExternalName', '<none>', 'my.database.example.com', '<none>', '10m', '<none>']
    ],
    [
      'headless',
      { spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }] } },
      ['ClusterIP', 'None', '<none>', '80/TCP', '10m', '<none>']
    ]
  ])('%s', (_n, obj, want) => expect(print('services', obj)).toEqual(want))
})

describe('ingresses (printIngress)', () => {
  it('prints CLASS, HOSTS, ADDRESS, PORTS', () => {
    expect(
      print('ingresses', {
        spec: { ingressClassName: 'foo', rules: [{ host: 'foo.bar.com' }], tls: [{ hosts: ['foo.bar.com'] }] },
        status: { loadBalancer: { ingress: [{ ip: '2.3.4.5', hostname: 'localhost.localdomain' }] } }
      })
    ).toEqual(['foo', 'foo.bar.com', '2.3.4.5', '80, 443', '10m'])
  })
  it('prints <none> class, * hosts, empty address, 80', () => {
    expect(print('ingresses', { spec: { defaultBackend: { service: { name: 'svc' } } } })).toEqual(['<none>', '*', '', '80', '10m'])
  })
  it('lists at most three hosts', () => {
    const rules = ['a', 'b', '', 'c', 'd', 'e'].map((host) => ({ host }))
    expect(print('ingresses', { spec: { rules } })[1]).toBe('a,b,c + 3 more...')
  })
})

describe('network policies, endpoint slices, ingress classes', () => {
  it('network policy POD-SELECTOR', () => {
    expect(print('networkpolicies', { spec: { podSelector: { matchLabels: { app: 'web' } } } })).toEqual(['app=web', '10m'])
    expect(print('networkpolicies', { spec: { podSelector: {} } })).toEqual(['<none>', '10m'])
  })
  it('endpoint slice ports and endpoints', () => {
    expect(
      print('endpointslices', {
        addressType: 'IPv4',
        ports: [
          { name: 'http', port: 80 },
          { name: 'https', port: 443 }
        ],
        endpoints: [{ addresses: ['10.1.2.3'] }, { addresses: ['10.2.3.4', '10.2.3.5'] }]
      })
    ).toEqual(['IPv4', '80,443', '10.1.2.3,10.2.3.4,10.2.3.5', '10m'])
    expect(
      print('endpointslices', {
        addressType: 'IPv6',
        ports: [{ port: 1 }, { name: 'named' }, {}, { port: 4 }],
        endpoints: [{ addresses: ['fd00::1', 'fd00::2', 'fd00::3', 'fd00::4', 'fd00::5'] }]
      })
    ).toEqual(['IPv6', '1,named,* + 1 more...', 'fd00::1,fd00::2,fd00::3 + 2 more...', '10m'])
    expect(print('endpointslices', { addressType: 'IPv4', endpoints: null, ports: null })).toEqual(['IPv4', '<unset>', '<unset>', '10m'])
  })
  it('ingress class PARAMETERS', () => {
    expect(
      print('ingressclasses', { spec: { controller: 'example.com/controller', parameters: { apiGroup: 'example.com', kind: 'customgroup', name: 'example' } } })
    ).toEqual(['example.com/controller', 'customgroup.example.com/example', '10m'])
    expect(print('ingressclasses', { spec: { controller: 'example.com/controller', parameters: { kind: 'customgroup', name: 'example' } } })[1]).toBe(
      'customgroup/example'
    )
    expect(print('ingressclasses', { spec: { controller: 'c' } })[1]).toBe('<none>')
  })
})
