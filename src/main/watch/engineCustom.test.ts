import { afterEach, describe, expect, it } from 'vitest'
import { createWatchEngine } from './engine.ts'
import type { ClusterProvider, OfflineCache, OfflineSnapshot } from './engine.ts'
import { tableSource } from '../kube/tableSource.ts'
import type { TableTransport } from '../kube/tableSource.ts'
import type { ListOptions, WatchOptions } from '../kube/source.ts'
import { recorder, waitFor } from './testing/recorder.ts'
import type { WatchEngine, WatchKeyParts } from './types.ts'
import type { DiscoveryResult } from '../kube/discovery.ts'
import { decodeCacheFile, encodeCacheFile } from '../cache/cacheFile.ts'

/** Table column definitions of cert-manager v1 Certificates, as kube-apiserver 1.34 sends them. */
const DEFS = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Ready', type: 'string', format: '', priority: 0 },
  { name: 'Secret', type: 'string', format: '', priority: 0 },
  { name: 'Issuer', type: 'string', format: '', priority: 1 },
  { name: 'Status', type: 'string', format: '', priority: 1 },
  { name: 'Age', type: 'date', format: '', priority: 0 }
]
const CERT = 'certificates.cert-manager.io' as const
const KEY: WatchKeyParts = { cluster: 'c1', kind: CERT, namespace: '' }
const row = (name: string, ready: string, rv: string) => ({
  cells: [name, ready, `${name}-tls`, 'letsencrypt', ready === 'True' ? 'Certificate is up to date and has not expired' : 'Issuing certificate', '3d'],
  object: {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { name, namespace: 'web', uid: `u-${name}`, resourceVersion: rv, creationTimestamp: '2026-12-01T00:00:00Z' }
  }
})
const discovery: DiscoveryResult = {
  kinds: [
    {
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
  ],
  partial: '',
  mode: 'aggregated'
}

let engines: WatchEngine[] = []
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()))
  engines = []
})

function setup(cache?: OfflineCache) {
  const paths: string[] = []
  let push: ((type: 'ADDED' | 'MODIFIED', r: ReturnType<typeof row>, first: boolean) => void) | undefined
  const transport: TableTransport = {
    async listPages(path: string, _w: string, o: ListOptions) {
      paths.push(path)
      o.onPage([row('api', 'True', '5'), row('shop', 'False', '6')] as never, { columnDefinitions: DEFS })
      return { resourceVersion: '6' }
    },
    watch: (_p: string, _w: string, o: WatchOptions) =>
      new Promise<void>((resolve) => {
        o.onOpen?.()
        push = (type, r, first) => o.onEvent({ type, object: { kind: 'Table', metadata: {}, columnDefinitions: first ? DEFS : null, rows: [r] } as never })
        o.signal.addEventListener('abort', () => resolve(), { once: true })
      })
  }
  const clusters: ClusterProvider = {
    list: () => [{ id: 'c1', status: 'ok', reason: '' }],
    has: (id) => id === 'c1',
    source: (_id, kind, ns, onColumns) =>
      tableSource(
        () => transport,
        `/apis/${kind.apiGroup}/${kind.version}${ns ? `/namespaces/${ns}` : ''}/${kind.resource}`,
        kind.id,
        { maxBytes: 1e6 },
        onColumns
      ),
    discover: async () => discovery
  }
  const engine = createWatchEngine({ clusters, lingerMs: 0, probe: false, ...(cache ? { cache } : {}) })
  engines.push(engine)
  return { engine, paths, push: (...a: Parameters<NonNullable<typeof push>>) => push?.(...a) }
}

describe('watch engine: custom kinds', () => {
  it('resolves the token through discovery, lists the Table at the resource path, streams rows keyed by column', async () => {
    const { engine, paths, push } = setup()
    expect(await engine.resolveKind!('c1', 'issuers.cert-manager.io')).toBeUndefined()
    expect((await engine.resolveKind!('c1', CERT))?.kind).toBe('Certificate')
    const r = recorder()
    engine.subscribe(KEY, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    // The custom kind's Table, and the CRD watch that drives re-discovery.
    expect(paths.sort()).toEqual(['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', '/apis/cert-manager.io/v1/certificates'])
    expect(r.rows.get('u-api')?.cells).toEqual({ c1: 'True', c2: 'api-tls', c3: 'letsencrypt', c4: 'Certificate is up to date and has not expired' })
    expect(engine.columnsOf!('c1', CERT)).toEqual([
      { id: 'c1', title: 'READY', type: 'string' },
      { id: 'c2', title: 'SECRET', type: 'string' },
      { id: 'c3', title: 'ISSUER', type: 'string', wide: true },
      { id: 'c4', title: 'STATUS', type: 'string', wide: true },
      { id: 'age', title: 'AGE', type: 'age' }
    ])
    await waitFor(() => engine.debugWatches().some((w) => w.kind === CERT && w.state === 'live'), 'live')
    push('MODIFIED', row('shop', 'True', '7'), true)
    await waitFor(() => r.rows.get('u-shop')?.cells.c1 === 'True', 'shop ready')
    // The polled list of a synced watch carries the columns.
    const list = await engine.list(KEY)
    expect(list.columns?.map((c) => c.title)).toEqual(['READY', 'SECRET', 'ISSUER', 'STATUS', 'AGE'])
    expect(list.items.map((i) => i.name).sort()).toEqual(['api', 'shop'])
    // A token the cluster does not serve is refused with the reason.
    expect(() => engine.subscribe({ cluster: 'c1', kind: 'issuers.cert-manager.io', namespace: '' }, recorder())).toThrow(
      /does not serve issuers\.cert-manager\.io/
    )
  })

  it('records the columns with the rows offline, and the cache file keeps them', async () => {
    const marked: { key: WatchKeyParts; take: () => OfflineSnapshot | undefined }[] = []
    const cache: OfflineCache = { mark: (key, take) => void marked.push({ key, take }), read: async () => undefined, close: async () => undefined }
    const { engine } = setup(cache)
    await engine.resolveKind!('c1', CERT)
    await engine.list(KEY)
    const snap = marked.find((m) => m.key.kind === CERT)?.take()
    expect(snap?.columns?.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'age'])
    const decoded = decodeCacheFile(KEY, encodeCacheFile(KEY, snap!, 100))
    expect(decoded.ok && decoded.snapshot.columns).toEqual(snap?.columns)
    expect(decoded.ok && decoded.snapshot.items.map((i) => i.cells.c1)).toEqual(['True', 'False'])
  })
})
