/**
 * The wire contract, renderer side: every URL the renderer requests is made by the shared route
 * builders, so the server's own parser reads back exactly the parameters the renderer meant —
 * checked by calling the real client functions with a stubbed `fetch`, and by a scan that finds
 * no hand-written `/api/…` path left anywhere in the renderer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchRoute, parseTarget } from '../../../main/server/router.ts'
import type { Route } from '../../../shared/api/routes.ts'
import { fetchClusters, fetchFeatures, fetchKubeconfig, fetchList, fetchObject, fetchSettings, putSettings } from './client.ts'
import { streamUrl } from './stream.ts'

const BASE = 'http://127.0.0.1:4555'
const requested: { url: string; method: string }[] = []
const saved = { window: (globalThis as { window?: unknown }).window, fetch: globalThis.fetch }

beforeAll(() => {
  // The preload bridge, as Electron exposes it; a token with characters that need encoding.
  ;(globalThis as { window?: unknown }).window = { periscope: { baseUrl: `${BASE}/`, token: 'tok+/=', version: 't', openExternal: () => undefined } }
  globalThis.fetch = (async (input: string, init?: RequestInit) => {
    requested.push({ url: String(input), method: init?.method ?? 'GET' })
    return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } })
  }) as typeof fetch
})
afterAll(() => {
  ;(globalThis as { window?: unknown }).window = saved.window
  globalThis.fetch = saved.fetch
})

/** The route the server matches for an absolute URL the renderer made. */
function serverRoute(url: string): Route {
  expect(url.startsWith(`${BASE}/`)).toBe(true)
  const t = parseTarget(url.slice(BASE.length))
  if (!t.ok) throw new Error(`server refused ${url}: ${t.error}`)
  const m = matchRoute(t.segments, t.query)
  if (!m.ok) throw new Error(`server refused ${url}: ${m.error}`)
  return m.route
}

const last = (): { url: string; method: string } => requested[requested.length - 1]

describe('wire contract: the renderer client', () => {
  it('requests every JSON route at the path the server dispatches, with the same parameters', async () => {
    await fetchFeatures()
    expect(serverRoute(last().url)).toEqual({ name: 'features' })
    await fetchClusters()
    expect(serverRoute(last().url)).toEqual({ name: 'clusters' })
    await fetchKubeconfig()
    expect(serverRoute(last().url)).toEqual({ name: 'kubeconfig' })
    await fetchSettings()
    expect(serverRoute(last().url)).toEqual({ name: 'settings' })
    await putSettings({ perUserLimit: 5 })
    expect([serverRoute(last().url), last().method]).toEqual([{ name: 'settings' }, 'PUT'])
    for (const cluster of ['arn:aws:eks:eu-west-1:1:cluster/prod', 'my cluster', '東京/本番', 'x?y#z&namespace=evil']) {
      await fetchList(cluster, 'pods', 'kube-system')
      expect(serverRoute(last().url)).toMatchObject({ name: 'list', cluster, kindToken: 'pods', namespace: 'kube-system' })
      await fetchList(cluster, 'nodes')
      expect(serverRoute(last().url)).toMatchObject({ name: 'list', cluster, kindToken: 'nodes', namespace: '' })
      await fetchObject(cluster, 'pods', 'web-1', 'default')
      expect(serverRoute(last().url)).toMatchObject({ name: 'object', cluster, kindToken: 'pods', namespace: 'default', objectName: 'web-1' })
    }
  })

  it('opens streams at the watch route with the token as the server reads it', () => {
    const url = streamUrl({ cluster: 'prod/eu west', kind: 'events', namespace: 'default' })
    expect(serverRoute(url)).toMatchObject({ name: 'watch', cluster: 'prod/eu west', kindToken: 'events', namespace: 'default' })
    const t = parseTarget(url.slice(BASE.length))
    expect(t.ok && t.query.get('token')).toBe('tok+/=')
  })

  it('has no hand-written API path anywhere in the renderer: every URL comes from the shared builders', () => {
    const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx'], {
      query: '?raw',
      import: 'default',
      eager: true
    }) as Record<string, string>
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    // Comments may name routes (`/api/features`); code may not spell one out.
    const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
    const offenders = Object.entries(sources)
      .filter(([, text]) => /['"`]\/(api|debug)\//.test(code(text)))
      .map(([file]) => file)
    expect(offenders).toEqual([])
  })
})
