import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DISCOVERY_ACCEPT, discoverCustomKinds, kindsFromAggregated, kindsFromResourceList } from './discovery.ts'
import type { DiscoveryTransport } from './discovery.ts'

const FIX = join(import.meta.dirname, '../../../test/fixtures/discovery')
const fixture = (f: string): unknown => JSON.parse(readFileSync(join(FIX, f), 'utf8'))

/** What `kubectl api-resources` printed for the CRD on the same apiserver (see the fixtures' README). */
const WIDGETS = {
  apiGroup: 'example.periscope.dev',
  version: 'v1',
  resource: 'widgets',
  kind: 'Widget',
  singular: 'widget',
  namespaced: true,
  shortNames: ['wd'],
  categories: ['all'],
  status: true,
  scale: false
}

describe('discovery', () => {
  it('reads the custom kinds of an aggregated document, never a built-in group', () => {
    const r = kindsFromAggregated(fixture('aggregated-v2.json') as never)
    expect(r.kinds).toEqual([WIDGETS])
    expect(r.partial).toBe('')
  })

  it('reads a legacy APIResourceList (subresources become flags, not kinds)', () => {
    expect(kindsFromResourceList('example.periscope.dev', 'v1', fixture('legacy-example.periscope.dev-v1.json') as never)).toEqual([WIDGETS])
  })

  it('falls back to legacy discovery when /apis answers an APIGroupList, and names failed groups', async () => {
    const asked: { path: string; accept?: string }[] = []
    const legacy = fixture('legacy-apis.json') as { groups: unknown[] }
    const withBroken = {
      ...legacy,
      groups: [
        ...legacy.groups,
        {
          name: 'metrics.k8s.io',
          versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
          preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }
        }
      ]
    }
    const t: DiscoveryTransport = {
      getJson: async (path, _s, _w, bounds) => {
        asked.push({ path, ...(bounds.accept ? { accept: bounds.accept } : {}) })
        if (path === '/apis') return withBroken
        if (path === '/apis/example.periscope.dev/v1') return fixture('legacy-example.periscope.dev-v1.json')
        throw new Error('503 Service Unavailable: the server is currently unable to handle the request')
      }
    }
    const r = await discoverCustomKinds(t, new AbortController().signal)
    expect(r.mode).toBe('legacy')
    expect(r.kinds).toEqual([WIDGETS])
    // Built-in groups (apps) are never read one by one; the aggregated API that failed is named.
    expect(asked.map((a) => a.path).sort()).toEqual(['/apis', '/apis/example.periscope.dev/v1', '/apis/metrics.k8s.io/v1beta1'])
    expect(asked[0].accept).toBe(DISCOVERY_ACCEPT)
    expect(r.partial).toContain('metrics.k8s.io/v1beta1: 503')
  })

  it('skips resources that cannot be listed and watched, and takes a resource from its most preferred version', () => {
    const r = kindsFromAggregated({
      items: [
        {
          metadata: { name: 'metrics.k8s.io' },
          versions: [
            { version: 'v1beta1', resources: [{ resource: 'pods', scope: 'Namespaced', verbs: ['get', 'list'], responseKind: { kind: 'PodMetrics' } }] }
          ]
        },
        {
          metadata: { name: 'stable.example.com' },
          versions: [
            {
              version: 'v2',
              resources: [{ resource: 'crontabs', scope: 'Cluster', verbs: ['list', 'watch'], responseKind: { kind: 'CronTab' } }],
              freshness: 'Stale'
            },
            {
              version: 'v1',
              resources: [
                { resource: 'crontabs', scope: 'Namespaced', verbs: ['list', 'watch'] },
                { resource: 'olds', scope: 'Namespaced', verbs: ['list', 'watch'] }
              ]
            }
          ]
        }
      ]
    })
    expect(r.kinds.map((k) => `${k.resource}.${k.apiGroup}/${k.version} ${k.namespaced}`)).toEqual([
      'crontabs.stable.example.com/v2 false',
      'olds.stable.example.com/v1 true'
    ])
    expect(r.partial).toBe('stable.example.com/v2: stale discovery')
  })
})
