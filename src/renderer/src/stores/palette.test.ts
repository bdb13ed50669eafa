import { describe, expect, it } from 'vitest'
import { KINDS } from '../../../shared/kinds/registry.ts'
import { kindItems, parseCommand, resolveKind, searchItems, searchObjects } from './palette.ts'
import { podRow } from './testRows.ts'

describe('palette commands', () => {
  it("resolves kinds by kubectl's short names, singulars, plurals and kind names", () => {
    // Short names as `kubectl api-resources` lists them.
    expect(['po', 'deploy', 'hpa', 'pvc', 'sts', 'ds', 'rs', 'cj', 'svc', 'ing', 'netpol', 'pv', 'sc', 'no', 'ns', 'pc', 'ev', 'pdb'].map(resolveKind)).toEqual(
      [
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
      ]
    )
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
