import { beforeEach, describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { columnsFromTable, customKindDef } from '../../../shared/kinds/custom.ts'
import type { DiscoveredKind, TableColumnDefinition } from '../../../shared/kinds/custom.ts'
import { tableColumns } from '../components/tableColumns.ts'
import { cellText } from './cellText.ts'
import {
  clusterCatalog,
  customGroups,
  keepClusters,
  kindAnywhere,
  kindCatalog,
  kindOf,
  kindOrPlaceholder,
  setClusterKinds,
  setClusterKindsError,
  setKindColumns,
  watchEnabled
} from './kindCatalog.ts'
import { compareFor } from './rowQuery.ts'

/** cert-manager's Certificate as discovery describes it (cert-manager v1.15 CRD). */
const certificate: DiscoveredKind = {
  apiGroup: 'cert-manager.io',
  version: 'v1',
  resource: 'certificates',
  kind: 'Certificate',
  singular: 'certificate',
  namespaced: true,
  shortNames: ['cert', 'certs'],
  categories: ['cert-manager'],
  status: true,
  scale: false
}
const clusterIssuer: DiscoveredKind = {
  ...certificate,
  resource: 'clusterissuers',
  kind: 'ClusterIssuer',
  singular: 'clusterissuer',
  namespaced: false,
  shortNames: [],
  status: true
}
const nodePool: DiscoveredKind = {
  ...certificate,
  apiGroup: 'karpenter.sh',
  resource: 'nodepools',
  kind: 'NodePool',
  singular: 'nodepool',
  namespaced: false,
  shortNames: []
}

/**
 * The Table columns the apiserver sends for certificates.cert-manager.io: the CRD's
 * additionalPrinterColumns (Ready, Secret, Issuer p1, Status p1, Age) after the implicit Name —
 * `kubectl get certificates` prints NAME READY SECRET AGE, `-o wide` adds ISSUER and STATUS.
 */
const certTable: TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Ready', type: 'string', priority: 0 },
  { name: 'Secret', type: 'string', priority: 0 },
  { name: 'Issuer', type: 'string', priority: 1 },
  { name: 'Status', type: 'string', priority: 1 },
  { name: 'Age', type: 'date', priority: 0 }
]

const row = (name: string, cells: RowDto['cells'], createdAt = '2024-01-01T00:00:00Z'): RowDto => ({
  uid: `uid-${name}`,
  kind: 'certificates.cert-manager.io',
  namespace: 'payments',
  name,
  createdAt,
  resourceVersion: '1',
  labels: {},
  cells
})

beforeEach(() => kindCatalog.setState({ clusters: {}, columns: {} }))

describe('kind catalog', () => {
  it('answers built-in kinds from the registry and custom kinds per cluster', () => {
    expect(kindOf('demo', 'pods')?.kind).toBe('Pod')
    expect(kindOf('demo', 'certificates.cert-manager.io')).toBeUndefined()
    setClusterKinds('demo', { kinds: [customKindDef(certificate)], reason: '', unserved: [] })
    expect(kindOf('demo', 'certificates.cert-manager.io')?.kind).toBe('Certificate')
    // Another cluster does not serve it.
    expect(kindOf('prod', 'certificates.cert-manager.io')).toBeUndefined()
    expect(kindOf('demo', 'not a token')).toBeUndefined()
  })

  it("takes a custom kind's columns from its list, with a stable def per (def, columns)", () => {
    setClusterKinds('demo', { kinds: [customKindDef(certificate)], reason: '', unserved: [] })
    setKindColumns('demo', 'certificates.cert-manager.io', columnsFromTable(certTable))
    const a = kindOf('demo', 'certificates.cert-manager.io')
    expect(a?.columns.map((c) => c.title)).toEqual(['READY', 'SECRET', 'ISSUER', 'STATUS', 'AGE'])
    expect(kindOf('demo', 'certificates.cert-manager.io')).toBe(a)
    // The same columns again (every poll carries them) change nothing.
    const before = kindCatalog.getState()
    setKindColumns('demo', 'certificates.cert-manager.io', columnsFromTable(certTable))
    expect(kindCatalog.getState()).toBe(before)
    // Built-in kinds ignore list columns.
    setKindColumns('demo', 'pods', columnsFromTable(certTable))
    expect(kindOf('demo', 'pods')?.columns[0].title).toBe('READY')
    expect(kindOf('demo', 'pods')?.columns[1].title).toBe('STATUS')
  })

  it('shows NAMESPACE, NAME, then the Table columns in order, wide ones only with -o wide', () => {
    setClusterKinds('demo', { kinds: [customKindDef(certificate)], reason: '', unserved: [] })
    setKindColumns('demo', 'certificates.cert-manager.io', columnsFromTable(certTable))
    const def = kindOrPlaceholder('demo', 'certificates.cert-manager.io')
    expect(tableColumns(def, true, false).map((c) => c.title)).toEqual(['NAMESPACE', 'NAME', 'READY', 'SECRET', 'AGE'])
    expect(tableColumns(def, true, true).map((c) => c.title)).toEqual(['NAMESPACE', 'NAME', 'READY', 'SECRET', 'ISSUER', 'STATUS', 'AGE'])
    expect(tableColumns(def, false, false).map((c) => c.title)).toEqual(['NAME', 'READY', 'SECRET', 'AGE'])
  })

  it('ticks AGE from createdAt and sorts number columns as numbers', () => {
    const cols = columnsFromTable([
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Replicas', type: 'integer' },
      { name: 'Age', type: 'date' }
    ])
    const age = cols.find((c) => c.id === 'age')
    const now = Date.parse('2024-01-03T00:00:00Z')
    // kubectl prints a two-day-old object's age as 2d.
    expect(cellText(row('a', {}), 'age', age, now)).toBe('2d')
    expect(cellText(row('a', {}), 'age', age, now + 3_600_000 * 24)).toBe('3d')
    const rows = [row('ten', { c1: 10 }), row('two', { c1: 2 }), row('nine', { c1: 9 })]
    expect(rows.sort(compareFor({ column: 'c1', dir: 'asc' }, cols)).map((r) => r.name)).toEqual(['two', 'nine', 'ten'])
    expect(cellText(row('x', { c1: 7 }), 'c1', cols[0], now)).toBe('7')
    // A JSONPath that found nothing: the apiserver sends null and kubectl prints an empty cell.
    expect(cellText(row('x', { c1: null }), 'c1', cols[0], now)).toBe('')
  })

  it('keeps what it knew when a refresh fails, and forgets clusters that left', () => {
    setClusterKinds('demo', { kinds: [customKindDef(certificate)], reason: '', unserved: ['widgets.example.com'] })
    setClusterKindsError('demo', 'cannot reach the Periscope server')
    expect(clusterCatalog('demo').kinds).toHaveLength(1)
    expect(clusterCatalog('demo').error).toBe('cannot reach the Periscope server')
    expect(clusterCatalog('demo').unserved).toEqual(['widgets.example.com'])
    setKindColumns('demo', 'certificates.cert-manager.io', columnsFromTable(certTable))
    keepClusters(['prod'])
    expect(clusterCatalog('demo').kinds).toHaveLength(0)
    expect(kindCatalog.getState().columns).toEqual({})
  })

  it('gives a placeholder def to a custom kind nobody described yet, and finds kinds in any cluster', () => {
    const p = kindOrPlaceholder('demo', 'widgets.example.com')
    expect(p).toMatchObject({ id: 'widgets.example.com', resource: 'widgets', apiGroup: 'example.com', group: 'custom', columns: [] })
    setClusterKinds('prod', { kinds: [customKindDef(nodePool)], reason: '', unserved: [] })
    expect(kindAnywhere('nodepools.karpenter.sh').kind).toBe('NodePool')
  })

  it('groups custom kinds by API group, groups and kinds by name', () => {
    const g = customGroups([customKindDef(nodePool), customKindDef(clusterIssuer), customKindDef(certificate)])
    expect(g.map((x) => x.apiGroup)).toEqual(['cert-manager.io', 'karpenter.sh'])
    expect(g[0].kinds.map((k) => k.kind)).toEqual(['Certificate', 'ClusterIssuer'])
  })

  it('treats a custom kind as streamable once features are known (the server enforces the setting)', () => {
    const all = { watchStreams: ['pods'], custom: { all: true, tokens: [] } }
    const named = { watchStreams: ['pods'], custom: { all: false, tokens: ['certificates.cert-manager.io' as const] } }
    expect(watchEnabled(all, 'pods')).toBe(true)
    expect(watchEnabled(all, 'nodes')).toBe(false)
    expect(watchEnabled(all, 'certificates.cert-manager.io')).toBe(true)
    expect(watchEnabled(named, 'certificates.cert-manager.io')).toBe(true)
    expect(watchEnabled(named, 'issuers.cert-manager.io')).toBe(false)
    expect(watchEnabled({ watchStreams: [], custom: { all: false, tokens: [] } }, 'certificates.cert-manager.io')).toBe(false)
    expect(watchEnabled(undefined, 'certificates.cert-manager.io')).toBe(false)
  })
})
