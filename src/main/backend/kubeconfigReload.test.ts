import { afterEach, describe, expect, it, vi } from 'vitest'
import { stringify } from 'yaml'
import { loadClusters } from '../kube/clusterSet.ts'
import type { ExecSpec } from '../kube/execCredentials.ts'
import type { DebugStream } from '../../shared/api/wire.ts'
import { SERVER_CHANGED_REASON, swapClusterSet } from './kubeconfigReload.ts'
import { createLiveClusters } from './liveClusters.ts'

interface Ctx {
  readonly name: string
  readonly cluster: Record<string, unknown>
  readonly user: Record<string, unknown>
}

/** One cluster and one user per context, named after it. */
function kubeconfig(ctxs: readonly Ctx[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: ctxs.map((c) => ({ name: c.name, cluster: c.cluster })),
    users: ctxs.map((c) => ({ name: c.name, user: c.user })),
    contexts: ctxs.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name } }))
  })
}

// Nothing listens on these ports: the sets are built and compared, never connected.
const server = (port: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ server: `https://127.0.0.1:${port}`, ...extra })
const exec = (env: string): Record<string, unknown> => ({
  exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', args: ['--cluster', 'x'], env: [{ name: 'PROFILE', value: env }] }
})

const before: Ctx[] = [
  { name: 'same', cluster: server(9), user: { token: 'same-token' } },
  { name: 'same-exec', cluster: server(9), user: exec('a') },
  { name: 'moved', cluster: server(10), user: exec('b') },
  { name: 'new-ca', cluster: server(11, { 'certificate-authority-data': Buffer.from('old CA').toString('base64') }), user: { token: 't' } },
  { name: 'new-token', cluster: server(12), user: { token: 'old-token' } },
  { name: 'new-exec', cluster: server(13), user: exec('c') },
  { name: 'gone', cluster: server(14), user: exec('d') }
]
const after: Ctx[] = [
  before[0],
  before[1],
  { ...before[2], cluster: server(20) },
  { ...before[3], cluster: server(11, { 'certificate-authority-data': Buffer.from('new CA').toString('base64') }) },
  { ...before[4], user: { token: 'new-token' } },
  { ...before[5], user: exec('c2') },
  { name: 'added', cluster: server(15), user: { token: 't' } }
]

const live: { close?(): void }[] = []
afterEach(() => {
  for (const c of live.splice(0)) c.close?.()
}) // aborts the probes `replace` starts

function parts(streams: readonly string[]) {
  const open = new Set(streams)
  const clusters = createLiveClusters(loadClusters({ yaml: kubeconfig(before) }))
  live.push(clusters)
  return {
    clusters,
    engine: { retryNow: vi.fn((_cluster: string) => 2), relistCluster: vi.fn((_cluster: string, _reason: string) => 3) },
    server: {
      streams: {
        closeWhere: vi.fn((pred: (s: DebugStream) => boolean, _reason: string) => {
          let n = 0
          for (const cluster of [...open])
            if (pred({ cluster } as DebugStream)) {
              open.delete(cluster)
              n++
            }
          return n
        })
      }
    },
    execCache: { invalidate: vi.fn((_spec: ExecSpec, _cluster: { name: string; server: string }) => undefined) },
    open
  }
}

describe('swapClusterSet', () => {
  it('relists contexts with a new server or CA, retries those with new credentials, ends streams of removed ones, forgets their exec credentials', () => {
    const p = parts(['same', 'moved', 'gone', 'new-token'])
    const prev = p.clusters.current() as ReturnType<typeof loadClusters>
    const next = loadClusters({ yaml: kubeconfig(after) })
    const r = swapClusterSet(p as unknown as Parameters<typeof swapClusterSet>[0], prev, next)

    expect(p.clusters.current()).toBe(next)
    expect(r).toEqual({
      removed: ['gone'],
      serverChanged: ['moved', 'new-ca'],
      userChanged: ['new-token', 'new-exec'],
      closedStreams: 1,
      restarted: 3 + 3 + 2 + 2
    })
    expect(p.engine.relistCluster.mock.calls).toEqual([
      ['moved', SERVER_CHANGED_REASON],
      ['new-ca', SERVER_CHANGED_REASON]
    ])
    expect(p.engine.retryNow.mock.calls).toEqual([['new-token'], ['new-exec']])
    // Only the stream of the removed context ended; the others (unchanged or changed) stay open.
    expect([...p.open]).toEqual(['same', 'moved', 'new-token'])
    // The exec users of removed and changed contexts, keyed as they were cached; not the unchanged one.
    const forgotten = p.execCache.invalidate.mock.calls.map(([spec, cluster]) => `${cluster.name}@${cluster.server} ${spec.env.map((e) => e.value).join()}`)
    expect(forgotten.sort()).toEqual(['gone@https://127.0.0.1:14 d', 'moved@https://127.0.0.1:10 b', 'new-exec@https://127.0.0.1:13 c'])
  })

  it('an identical kubeconfig changes nothing', () => {
    const p = parts(['same', 'moved'])
    const prev = p.clusters.current() as ReturnType<typeof loadClusters>
    const r = swapClusterSet(p as unknown as Parameters<typeof swapClusterSet>[0], prev, loadClusters({ yaml: kubeconfig(before) }))
    expect(r).toEqual({ removed: [], serverChanged: [], userChanged: [], closedStreams: 0, restarted: 0 })
    expect(p.engine.relistCluster).not.toHaveBeenCalled()
    expect(p.engine.retryNow).not.toHaveBeenCalled()
    expect(p.execCache.invalidate).not.toHaveBeenCalled()
  })
})
