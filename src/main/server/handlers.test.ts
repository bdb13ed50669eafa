/**
 * The wire contract, server side: every route of the shared table has a handler for each of its
 * methods (and the handler table has nothing else), and every path the shared builder makes is
 * parsed back by the server to the same parameters — odd context names included.
 */
import { describe, expect, it } from 'vitest'
import { ROUTES, ROUTE_NAMES, apiPath } from '../../shared/api/routes.ts'
import type { RouteResult } from '../../shared/api/routes.ts'
import { HANDLERS } from './handlers.ts'
import { matchRoute, parseTarget } from './router.ts'

/** What the server makes of a request target. */
function serverSees(url: string): RouteResult | { ok: false; status: number; error: string } {
  const t = parseTarget(url)
  if (!t.ok) return t
  return matchRoute(t.segments, t.query)
}

/** Context names seen in real kubeconfigs, and worse. */
const ODD_CLUSTERS = [
  'demo',
  'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
  'gke_my-project_europe-west1-b_cluster-1',
  'my cluster (staging)',
  'kind-κόσμος',
  '東京/本番',
  'a%2Fb',
  'x?namespace=kube-system#frag&token=t',
  'plus+sign=equals',
  '~user@host:6443',
  'emoji-🚀',
  '.hidden'
]

describe('wire contract: the route table and the server', () => {
  it('every route has a handler for each of its methods, and only those', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...ROUTE_NAMES].sort())
    for (const name of ROUTE_NAMES) {
      expect(Object.keys(HANDLERS[name]).sort(), name).toEqual([...ROUTES[name].methods].sort())
      for (const fn of Object.values(HANDLERS[name])) expect(typeof fn, name).toBe('function')
    }
  })

  it('parses every fixed route back to its name', () => {
    for (const name of ['features', 'clusters', 'kubeconfig', 'kubeconfigReload', 'settings', 'debugStreams', 'debugWatches'] as const) {
      expect(serverSees(apiPath(name)), name).toEqual({ ok: true, route: { name } })
    }
  })

  it('round-trips odd cluster ids through builder → server parser, for every collection route', () => {
    for (const cluster of ODD_CLUSTERS) {
      for (const namespace of ['', 'kube-system']) {
        const list = serverSees(apiPath('list', { cluster, kind: 'pods', namespace }))
        expect(list, cluster).toMatchObject({ ok: true, route: { name: 'list', cluster, kindToken: 'pods', namespace } })
        const watch = apiPath('watch', { cluster, kind: 'pods', namespace, lastEventId: '123', token: 'tok/+=' })
        expect(serverSees(watch), cluster).toMatchObject({ ok: true, route: { name: 'watch', cluster, kindToken: 'pods', namespace } })
        const q = parseTarget(watch)
        expect(q.ok && [q.query.get('lastEventId'), q.query.get('token')]).toEqual(['123', 'tok/+='])
        expect(serverSees(apiPath('clusterRetry', { cluster })), cluster).toEqual({ ok: true, route: { name: 'clusterRetry', cluster } })
        const obj = serverSees(apiPath('object', { cluster, kind: 'pods', namespace: namespace || 'default', name: 'web-7d4b9.abc' }))
        expect(obj, cluster).toMatchObject({ ok: true, route: { name: 'object', cluster, namespace: namespace || 'default', objectName: 'web-7d4b9.abc' } })
      }
      // A cluster-scoped kind drops the namespace on the server side, whatever was sent.
      expect(serverSees(apiPath('list', { cluster, kind: 'nodes', namespace: 'default' }))).toMatchObject({
        ok: true,
        route: { name: 'list', cluster, namespace: '' }
      })
    }
  })

  it('refuses what the parameter rules refuse, for the same reason on both sides', () => {
    expect(serverSees(apiPath('list', { cluster: 'a/../b', kind: 'pods' }))).toMatchObject({
      ok: false,
      status: 400,
      error: 'path segments may not contain ".."'
    })
    expect(serverSees(apiPath('list', { cluster: 'c'.repeat(254), kind: 'pods' }))).toMatchObject({
      ok: false,
      status: 400,
      error: 'cluster id must be 1 to 253 characters'
    })
    expect(serverSees(apiPath('list', { cluster: 'demo', kind: 'pods', namespace: 'Not_DNS' }))).toMatchObject({
      ok: false,
      status: 400,
      error: expect.stringContaining('DNS-1123 label')
    })
    expect(serverSees(apiPath('object', { cluster: 'demo', kind: 'pods', namespace: 'default', name: 'Bad_Name' }))).toMatchObject({ ok: false, status: 400 })
    expect(serverSees(apiPath('object', { cluster: 'demo', kind: 'pods', name: 'web' }))).toMatchObject({
      ok: false,
      status: 400,
      error: 'pods are namespaced: give ?namespace='
    })
  })
})
