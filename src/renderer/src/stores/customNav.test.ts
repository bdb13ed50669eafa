import { describe, expect, it } from 'vitest'
import { customKindDef } from '../../../shared/kinds/custom.ts'
import type { DiscoveredKind } from '../../../shared/kinds/custom.ts'
import { createCustomNav } from './customNav.ts'

const base = { version: 'v1', namespaced: true, categories: [], status: true, scale: false }
const d = (apiGroup: string, resource: string, kind: string, shortNames: string[] = []): DiscoveredKind => ({
  ...base,
  apiGroup,
  resource,
  kind,
  singular: kind.toLowerCase(),
  shortNames
})
// Real CRDs of well-known projects (their plural, kind and short names as their CRDs declare them).
const kinds = [
  d('cert-manager.io', 'certificates', 'Certificate', ['cert', 'certs']),
  d('cert-manager.io', 'issuers', 'Issuer'),
  d('cert-manager.io', 'clusterissuers', 'ClusterIssuer'),
  d('networking.istio.io', 'virtualservices', 'VirtualService', ['vs']),
  d('networking.istio.io', 'destinationrules', 'DestinationRule', ['dr']),
  d('argoproj.io', 'applications', 'Application', ['app', 'apps']),
  d('karpenter.sh', 'nodepools', 'NodePool')
].map((k) => customKindDef(k))

describe('custom resources section', () => {
  const nav = createCustomNav(kinds)
  it('groups by API group in name order, with counts', () => {
    expect(nav.groups.map((g) => [g.apiGroup, g.total])).toEqual([
      ['argoproj.io', 1],
      ['cert-manager.io', 3],
      ['karpenter.sh', 1],
      ['networking.istio.io', 2]
    ])
    expect(nav.count).toBe(7)
  })

  it('matches kind, plural, short name and group, keeping only matching groups', () => {
    const ids = (q: string): string[] => nav.filter(q).flatMap((g) => g.kinds.map((k) => k.id))
    expect(ids('nodepool')).toEqual(['nodepools.karpenter.sh'])
    expect(ids('vs')).toContain('virtualservices.networking.istio.io')
    expect(ids('cert-manager')).toEqual(['certificates.cert-manager.io', 'clusterissuers.cert-manager.io', 'issuers.cert-manager.io'])
    // Fuzzy: a typo still finds the kind.
    expect(ids('certficate')).toContain('certificates.cert-manager.io')
    expect(ids('zzzz')).toEqual([])
    // One letter is a prefix (fuzzy, it would match nearly everything).
    expect(ids('n')).toEqual(['nodepools.karpenter.sh', 'destinationrules.networking.istio.io', 'virtualservices.networking.istio.io'])
    const g = nav.filter('issuer').find((x) => x.apiGroup === 'cert-manager.io')
    expect(g?.total).toBe(3)
    expect(g?.kinds.map((k) => k.kind)).toEqual(['ClusterIssuer', 'Issuer'])
    expect(nav.filter('  ')).toBe(nav.groups)
  })
})
