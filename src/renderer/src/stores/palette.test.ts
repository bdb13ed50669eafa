import { describe, expect, it } from 'vitest'
import { KINDS } from '../../../shared/kinds/registry.ts'
import { customKindDef } from '../../../shared/kinds/custom.ts'
import { kindItems, parseCommand, resolveKind, searchItems, searchObjects } from './palette.ts'
import { podRow } from './testRows.ts'

describe('palette commands', () => {
  it("resolves kinds by kubectl's short names, singulars, plurals and kind names", () => {
    // Short names as `kubectl api-resources` lists them.
    expect(
      ['po', 'deploy', 'hpa', 'pvc', 'sts', 'ds', 'rs', 'cj', 'svc', 'ing', 'netpol', 'pv', 'sc', 'no', 'ns', 'pc', 'ev', 'pdb'].map((w) => resolveKind(w))
    ).toEqual([
      'pods',
      'deployments',
      'horizontalpodautoscalers',
      'pvcs',
      'statefulsets',
      'daemonsets',
      'replicasets',
      'cronjobs',
      'services',
      'ingresses',
      'networkpolicies',
      'pvs',
      'storageclasses',
      'nodes',
      'namespaces',
      'priorityclasses',
      'events',
      'poddisruptionbudgets'
    ])
    expect(resolveKind('pod')).toBe('pods')
    expect(resolveKind('Deployment')).toBe('deployments')
    expect(resolveKind('persistentvolumeclaims')).toBe('pvcs')
    expect(resolveKind('endpointslices')).toBe('endpointslices')
    expect(resolveKind('widgets')).toBeUndefined()
  })

  it('parses k9s-style commands', () => {
    expect(parseCommand(':po')).toEqual({ word: 'po', args: [] })
    expect(parseCommand(':deploy kube-system')).toEqual({ word: 'deploy', args: ['kube-system'] })
    expect(parseCommand('  :ctx  prod-eu ')).toEqual({ word: 'ctx', args: ['prod-eu'] })
    expect(parseCommand(':')).toEqual({ word: '', args: [] })
    expect(parseCommand('api')).toBeNull()
  })

  it('finds kinds fuzzily by name or short name', () => {
    const items = kindItems((k) => k.resource)
    expect(items).toHaveLength(KINDS.length)
    expect(searchItems(items, 'deploy')[0]).toMatchObject({ kind: 'deployments' })
    expect(searchItems(items, 'hpa')[0]).toMatchObject({ kind: 'horizontalpodautoscalers' })
    expect(searchItems(items, 'stateful')[0]).toMatchObject({ kind: 'statefulsets' })
  })
})

describe('palette object search', () => {
  const rows = [
    ...['api-7f9c-x2k4q', 'api-7f9c-b8d2m', 'payments-api-5d4f-q9w8e', 'web-6c8d-zzz11', 'worker-1'].map((n) => ({ cluster: 'demo', row: podRow(n) })),
    { cluster: 'staging', row: podRow('api-7f9c-x2k4q') }
  ]
  it('puts names that start with the text first, then other substring hits, then fuzzy ones', () => {
    const names = searchObjects(rows, 'api-7f9c').map((r) => `${r.cluster}:${r.row.name}`)
    expect(names.slice(0, 3).sort()).toEqual(['demo:api-7f9c-b8d2m', 'demo:api-7f9c-x2k4q', 'staging:api-7f9c-x2k4q'])
    expect(searchObjects(rows, 'x2k4q').map((r) => r.cluster)).toEqual(['demo', 'staging'])
    // A subsequence (typed with gaps) still finds it.
    expect(searchObjects(rows, 'pmtapi').map((r) => r.row.name)).toContain('payments-api-5d4f-q9w8e')
    expect(searchObjects(rows, 'zzzzzz')).toEqual([])
    expect(searchObjects(rows, '')).toEqual([])
  })
})

describe('palette custom kinds', () => {
  const base = { version: 'v1', namespaced: true, categories: [], status: true, scale: false }
  const cert = customKindDef({
    ...base,
    apiGroup: 'cert-manager.io',
    resource: 'certificates',
    kind: 'Certificate',
    singular: 'certificate',
    shortNames: ['cert', 'certs']
  })
  const vs = customKindDef({
    ...base,
    apiGroup: 'networking.istio.io',
    resource: 'virtualservices',
    kind: 'VirtualService',
    singular: 'virtualservice',
    shortNames: ['vs']
  })
  it('finds custom kinds by kind, plural, short name and group', () => {
    const items = kindItems((k) => `${k.kind}s`, [cert, vs])
    const find = (q: string): string[] => searchItems(items, q).map((i) => i.id)
    expect(find('Certificate')[0]).toBe('kind:certificates.cert-manager.io')
    expect(find('virtualservices')[0]).toBe('kind:virtualservices.networking.istio.io')
    expect(find('cert-manager')[0]).toBe('kind:certificates.cert-manager.io')
    expect(resolveKind('vs', [cert, vs])).toBe('virtualservices.networking.istio.io')
    expect(resolveKind('cert', [cert, vs])).toBe('certificates.cert-manager.io')
    expect(resolveKind('certificates.cert-manager.io', [cert, vs])).toBe('certificates.cert-manager.io')
    // A built-in short name wins over a custom kind's (kubectl prefers the built-in groups).
    expect(resolveKind('po', [{ ...vs, shortNames: ['po'] }])).toBe('pods')
  })
})
