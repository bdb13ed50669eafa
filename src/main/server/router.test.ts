import { describe, expect, it } from 'vitest'
import { allowedMethods, matchRoute, parseTarget, MAX_URL_LENGTH } from './router.ts'

function route(url: string): unknown {
  const t = parseTarget(url)
  if (!t.ok) return { status: t.status }
  const m = matchRoute(t.segments, t.query)
  if (!m.ok) return { status: m.status, error: m.error }
  const r = m.route
  return 'kind' in r ? { ...r, kind: r.kind?.id } : r
}

describe('router', () => {
  it('matches the fixed routes', () => {
    expect(route('/api/features')).toEqual({ name: 'features' })
    expect(route('/api/clusters')).toEqual({ name: 'clusters' })
    expect(route('/api/settings?x=1')).toEqual({ name: 'settings' })
    expect(route('/debug/streams')).toEqual({ name: 'debugStreams' })
    expect(route('/debug/watches')).toEqual({ name: 'debugWatches' })
    expect(route('/debug/pprof')).toEqual({ name: 'notFound' })
    expect(route('/api/other')).toEqual({ name: 'notFound' })
  })

  it('decodes cluster ids per segment and validates the namespace', () => {
    expect(route('/api/clusters/arn%3Aaws%3Aeks%2Fprod/pods?namespace=kube-system')).toEqual({
      name: 'list',
      cluster: 'arn:aws:eks/prod',
      kindToken: 'pods',
      kind: 'pods',
      namespace: 'kube-system'
    })
    expect(route('/api/clusters/demo/pods/watch?token=t')).toMatchObject({ name: 'watch', cluster: 'demo', kind: 'pods', namespace: '' })
    expect(route('/api/clusters/demo/banana/watch')).toMatchObject({ name: 'watch', kind: undefined, kindToken: 'banana' })
    expect(route('/api/clusters/demo/nodes?namespace=default')).toMatchObject({ kind: 'nodes', namespace: '' })
    expect(route('/api/clusters/demo/pods?namespace=Bad_NS')).toMatchObject({ status: 400 })
    expect(route('/api/clusters/demo/pods?namespace=a&namespace=b')).toMatchObject({ status: 400 })
    expect(route('/api/clusters/demo/pods?namespace=' + 'a'.repeat(64))).toMatchObject({ status: 400 })
    expect(route('/api/clusters/demo/pods/watch/extra')).toEqual({ name: 'notFound' })
    expect(route('/api/clusters/demo/pods/objects')).toEqual({ name: 'notFound' })
  })

  it('refuses traversal, bad escapes, NUL, over-long ids and URLs with 400/414', () => {
    expect(route('/api/clusters/../pods')).toEqual({ status: 400 })
    expect(route('/api/clusters/%2e%2e/pods')).toEqual({ status: 400 })
    expect(route('/api/clusters/a%2F..%2Fb/pods')).toEqual({ status: 400 })
    expect(route('/api/clusters/%E0%A4%A/pods')).toEqual({ status: 400 })
    expect(route('/api/clusters/a%00b/pods')).toEqual({ status: 400 })
    expect(route('/..%5c..%5cetc/passwd')).toEqual({ status: 400 })
    expect(route('/assets\\..\\x')).toEqual({ status: 400 })
    expect(route('/api/clusters/' + 'c'.repeat(300) + '/pods')).toMatchObject({ status: 400 })
    expect(route('/api/features?' + 'a'.repeat(MAX_URL_LENGTH))).toEqual({ status: 414 })
    expect(route('http://evil/api/features')).toEqual({ status: 400 })
  })

  it('sends every other path to static files, and lists allowed methods', () => {
    expect(route('/')).toEqual({ name: 'static', segments: [''] })
    expect(route('/assets/index.js')).toEqual({ name: 'static', segments: ['assets', 'index.js'] })
    expect(allowedMethods({ name: 'settings' })).toEqual(['GET', 'PUT'])
    expect(allowedMethods({ name: 'features' })).toEqual(['GET'])
  })
})
