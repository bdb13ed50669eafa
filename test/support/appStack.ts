/**
 * The app's own stack (composeBackend: engine → local server) on any backend of
 * test/support/backends.ts — the simulator or a real control plane — for tests that judge what the
 * app shows against what kubectl prints for the same objects.
 *
 * Why: test/support/stack.ts starts its own simulator; this takes a kubeconfig from whichever
 * backend the test runs on. Timings stay the product's (liveness included: a real apiserver sends
 * bookmarks only about once a minute on a quiet collection), only the backoff is shortened.
 * Lifecycle: `startAppStack(backend)` → use `.list()` / `.client()` → `close()`.
 */
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import type { LocalServer } from '../../src/main/server/httpServer.ts'
import type { RowList } from '../../src/shared/dto/row.ts'
import type { KindId } from '../../src/shared/kinds/registry.ts'
import type { Backend } from './backends.ts'
import { openRowClient } from './rowClient.ts'
import type { RowClient } from './rowClient.ts'
import { getJson } from './sseClient.ts'

/** The local server's token in these tests. */
export const APP_TOKEN = 'app-stack-token-0123456789abcdef0123'
const FAST_BACKOFF = { initialMs: 50, maxMs: 400, jitter: 0.2 }

export interface AppStack {
  readonly server: LocalServer
  /** The polled list of `kind` (the view's fallback route): rows as the table shows them. */
  list(kind: KindId, namespace?: string): Promise<RowList>
  /** A renderer-like SSE client on the kind's watch route. */
  client(kind: KindId, namespace?: string): RowClient
  close(): Promise<void>
}

/** Start the app's backend composition on `b`'s kubeconfig (its context is the cluster id). */
export async function startAppStack(b: Backend): Promise<AppStack> {
  const logs: string[] = []
  const backend = await composeBackend({
    env: {},
    kubeconfig: { yaml: b.kubeconfig() },
    cacheDir: null,
    token: APP_TOKEN,
    actor: 'tester',
    version: 'backends',
    log: (l) => logs.push(l),
    engine: { backoff: FAST_BACKOFF, lingerMs: 60_000, probe: false }
  })
  const clients: RowClient[] = []
  const path = (kind: KindId, ns: string, watch: boolean): string =>
    `/api/clusters/${encodeURIComponent(b.context)}/${kind}${watch ? '/watch' : ''}${ns ? `?namespace=${ns}` : ''}`
  return {
    server: backend.server,
    async list(kind, namespace = '') {
      const r = await getJson(backend.server.origin, path(kind, namespace, false), { headers: { Authorization: `Bearer ${APP_TOKEN}` } })
      if (r.status !== 200) throw new Error(`GET ${path(kind, namespace, false)}: ${r.status} ${r.text.slice(0, 300)}; log: ${logs.slice(-5).join(' | ')}`)
      return r.body as RowList
    },
    client(kind, namespace = '') {
      const c = openRowClient(backend.server.origin, path(kind, namespace, true), { token: APP_TOKEN })
      clients.push(c)
      return c
    },
    async close() {
      for (const c of clients) c.close()
      await backend.close()
    }
  }
}
