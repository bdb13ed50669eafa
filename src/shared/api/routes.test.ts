/**
 * The route table has no two routes that can match one path (so table order never decides, and no
 * object name can be taken for a route word), and names that ARE route words (`objects`, `watch`,
 * `logs`, `retry`) address their pod's object and logs like any other name.
 */
import { describe, expect, it } from 'vitest'
import { findKind } from '../kinds/registry.ts'
import { ROUTES, ROUTE_NAMES, apiPath, matchRoute } from './routes.ts'
import type { RouteName } from './routes.ts'

const q = (s = ''): URLSearchParams => new URLSearchParams(s)
const segs = (path: string): string[] => path.split('?')[0].slice(1).split('/').map(decodeURIComponent)

/**
 * Can one path match both patterns? A literal against a parameter overlaps, except a literal
 * against `:kind` that is no kind token (the kind segment only means something for a kind).
 */
function overlap(a: readonly string[], b: readonly string[]): string | undefined {
  if (a.length !== b.length) return undefined
  const shared: string[] = []
  for (let i = 0; i < a.length; i++) {
    const pa = a[i].startsWith(':')
    const pb = b[i].startsWith(':')
    if (!pa && !pb) {
      if (a[i] !== b[i]) return undefined
      continue
    }
    if (pa && pb) continue
    const [param, literal] = pa ? [a[i], b[i]] : [b[i], a[i]]
    if (param === ':kind' && !findKind(literal)) return undefined
    shared.push(`${literal} as ${param}`)
  }
  return shared.join(', ') || 'identical patterns'
}

describe('route table', () => {
  it('no two routes can match the same path', () => {
    const clashes: string[] = []
    for (let i = 0; i < ROUTE_NAMES.length; i++) {
      for (let j = i + 1; j < ROUTE_NAMES.length; j++) {
        const [a, b]: RouteName[] = [ROUTE_NAMES[i], ROUTE_NAMES[j]]
        const why = overlap(ROUTES[a].segments, ROUTES[b].segments)
        if (why) clashes.push(`${a} / ${b}: ${why}`)
      }
    }
    expect(clashes).toEqual([])
  })

  it('the overlap check itself finds the old clash of `objects/{name}` with `{name}/logs`', () => {
    expect(overlap(['api', 'clusters', ':cluster', ':kind', 'objects', ':name'], ['api', 'clusters', ':cluster', ':kind', ':name', 'logs'])).toBe(
      'objects as :name, logs as :name'
    )
  })

  it.each(['objects', 'watch', 'logs', 'retry', 'pods'])('a pod named %s: its object and its logs each reach their own route', (name) => {
    const obj = matchRoute(segs(apiPath('object', { cluster: 'demo', kind: 'pods', namespace: 'default', name })), q('namespace=default'))
    expect(obj).toMatchObject({ ok: true, route: { name: 'object', objectName: name, namespace: 'default' } })
    const path = apiPath('logs', { cluster: 'demo', kind: 'pods', namespace: 'default', name, container: 'c' })
    expect(path).toBe(`/api/clusters/demo/pods/objects/${name}/logs?namespace=default&container=c`)
    const logs = matchRoute(segs(path), q('namespace=default&container=c'))
    expect(logs).toMatchObject({ ok: true, route: { name: 'logs', objectName: name, container: 'c' } })
    // A deployment of that name too (a workload's merged logs).
    const wl = matchRoute(segs(apiPath('logs', { cluster: 'demo', kind: 'deployments', namespace: 'default', name })), q('namespace=default'))
    expect(wl).toMatchObject({ ok: true, route: { name: 'logs', objectName: name } })
  })

  it('a cluster whose context is named like a route word is still a cluster', () => {
    for (const cluster of ['objects', 'logs', 'watch', 'retry']) {
      expect(matchRoute(segs(apiPath('logs', { cluster, kind: 'pods', namespace: 'ns', name: 'p' })), q('namespace=ns'))).toMatchObject({
        ok: true,
        route: { name: 'logs', cluster, objectName: 'p' }
      })
      expect(matchRoute(segs(apiPath('watch', { cluster, kind: 'pods' })), q())).toMatchObject({ ok: true, route: { name: 'watch', cluster } })
    }
  })

  it('the old log path shape is no route any more', () => {
    expect(matchRoute(['api', 'clusters', 'demo', 'pods', 'web', 'logs'], q('namespace=default'))).toEqual({ ok: true, route: { name: 'notFound' } })
  })
})
