/**
 * Malformed kubeconfig variants, all at once beside one good context: invalid YAML (path +
 * line), a context naming a missing cluster or user, a non-list `clusters`, a non-mapping
 * document, a missing file (explicit, and in $KUBECONFIG), an exec plugin that prints garbage,
 * a CA file that does not exist, data that is not base64. Each gets a precise message on its
 * own cluster (or file), the good cluster keeps streaming, and the server starts and never 500s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import type { Backend } from '../../src/main/backend/composeBackend.ts'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import { readKubeconfigs } from '../../src/main/kube/kubeconfig.ts'
import type { LocalServer } from '../../src/main/server/httpServer.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { ClusterInfo } from '../../src/shared/api/wire.ts'
import { diffVersions, openRowClient, versionsOf } from '../support/rowClient.ts'
import { FAST_BACKOFF, TOKEN, getJson } from '../support/stack.ts'
import { raw } from '../support/raw.ts'

const dir = mkdtempSync(join(tmpdir(), 'periscope-hostile-kc-'))
let sim: Sim
let backend: Backend
let server: LocalServer
let files: Record<string, string>
const seen: string[] = []

function file(name: string, content: string): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

const kc = (contexts: { name: string; cluster?: Record<string, unknown>; clusterRef?: string; user?: Record<string, unknown>; userRef?: string }[]): string =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.filter((c) => c.cluster).map((c) => ({ name: c.name, cluster: c.cluster })),
    users: contexts.filter((c) => c.user).map((c) => ({ name: c.name, user: c.user })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.clusterRef ?? c.name, user: c.userRef ?? c.name } }))
  })

beforeAll(async () => {
  sim = await startSim({ pods: 20, seed: 5 })
  const ca = Buffer.from(sim.caPem).toString('base64')
  const good = { server: sim.url, 'certificate-authority-data': ca }
  files = {
    good: file('good.yaml', kc([{ name: 'good', cluster: good, user: { token: sim.token } }])),
    invalidYaml: file('invalid.yaml', 'apiVersion: v1\nclusters:\n  - name: x\n    cluster: {server: "https://x\n  - broken: [\n'),
    missingRefs: file(
      'refs.yaml',
      kc([
        { name: 'no-cluster', clusterRef: 'ghost-cluster', user: { token: 't' } },
        { name: 'no-user', cluster: good, userRef: 'ghost-user' }
      ])
    ),
    nonList: file(
      'nonlist.yaml',
      'apiVersion: v1\nkind: Config\nclusters: "everything"\nusers: 5\ncontexts:\n- name: nonlist\n  context: {cluster: nonlist, user: nonlist}\n'
    ),
    nonMap: file('nonmap.yaml', '- just\n- a list\n'),
    execGarbage: file(
      'exec.yaml',
      kc([
        {
          name: 'exec-garbage',
          cluster: good,
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', 'process.stdout.write("<html>garbage{")'] } }
        }
      ])
    ),
    missingCa: file(
      'ca.yaml',
      kc([{ name: 'missing-ca', cluster: { server: sim.url, 'certificate-authority': join(dir, 'no-such-ca.crt') }, user: { token: sim.token } }])
    ),
    badBase64: file(
      'b64.yaml',
      kc([
        { name: 'bad-ca-base64', cluster: { server: sim.url, 'certificate-authority-data': '%%% not base64 %%%' }, user: { token: sim.token } },
        { name: 'bad-cert-base64', cluster: good, user: { 'client-certificate-data': '!!!', 'client-key-data': '???' } }
      ])
    )
  }
  const paths = [
    files.invalidYaml,
    files.missingRefs,
    files.nonList,
    files.nonMap,
    join(dir, 'missing.yaml'),
    files.execGarbage,
    files.missingCa,
    files.badBase64,
    files.good
  ]
  backend = await composeBackend({
    env: {},
    kubeconfig: { paths },
    cacheDir: null,
    token: TOKEN,
    actor: 't',
    version: 'hostile',
    log: (l) => seen.push(`log: ${l}`),
    engine: { backoff: FAST_BACKOFF, lingerMs: 100 }
  })
  server = backend.server
})
afterAll(async () => {
  await backend?.close()
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
  if (process.env.HOSTILE_REPORT) console.log(seen.join('\n'))
})

describe('hostile input: malformed kubeconfig variants', () => {
  it('file-level problems name the file and line; a missing file in $KUBECONFIG is skipped like kubectl', () => {
    const set = loadClusters({ paths: [files.invalidYaml, files.nonList, files.nonMap, join(dir, 'missing.yaml'), files.good] })
    for (const p of set.problems) seen.push(`problem: ${p.path.replace(dir, '<dir>')}${p.line ? `:${p.line}` : ''}: ${p.message}`)
    expect(set.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: files.invalidYaml, line: expect.any(Number), message: expect.stringMatching(/^invalid YAML: /) }),
        expect.objectContaining({ path: files.nonList, line: 3, message: '"clusters" must be a list' }),
        expect.objectContaining({ path: files.nonList, line: 4, message: '"users" must be a list' }),
        expect.objectContaining({ path: files.nonMap, line: 1, message: 'not a kubeconfig: the document is not a mapping' }),
        { path: join(dir, 'missing.yaml'), message: 'file not found' }
      ])
    )
    expect(set.list().map((c) => c.id)).toEqual(['nonlist', 'good'])
    const env = readKubeconfigs({ env: { KUBECONFIG: [join(dir, 'missing.yaml'), files.good].join(delimiter) } })
    expect(env.problems).toEqual([])
    expect([...env.contexts.keys()]).toEqual(['good'])
  })

  it('each broken context gets a precise reason on its own cluster; never a 500', async () => {
    const expected: Record<string, RegExp> = {
      'no-cluster': /^context "no-cluster" names cluster "ghost-cluster", which no kubeconfig file defines$/,
      'no-user': /^context "no-user" names user "ghost-user", which no kubeconfig file defines$/,
      nonlist: /^context "nonlist" names cluster "nonlist", which no kubeconfig file defines$/,
      'exec-garbage': /^exec plugin `.*` failed: its output is not a JSON ExecCredential$/,
      'missing-ca': /^kubeconfig: certificate-authority .*no-such-ca\.crt: file not found$/,
      'bad-ca-base64': /^TLS: the certificate of .* is signed by an unknown authority \(check certificate-authority\)$/,
      'bad-cert-base64': /^kubeconfig: the client certificate, key or CA cannot be loaded \(not valid PEM\/base64/
    }
    for (const id of Object.keys(expected)) {
      const a = await raw(server.port, `/api/clusters/${id}/pods`, [
        ['Host', `127.0.0.1:${server.port}`],
        ['Authorization', `Bearer ${TOKEN}`]
      ])
      seen.push(`list on ${id}\t${a.status}\t${a.body.slice(0, 220)}`)
      expect(a.status, id).toBeGreaterThanOrEqual(400)
      expect(a.status, id).not.toBe(500)
      expect(a.status, id).not.toBe(401) // the request reached the cluster: its own failure is the answer
    }
    const clusters = await getJson<ClusterInfo[]>(server, '/api/clusters')
    for (const [id, re] of Object.entries(expected)) {
      const c = clusters.find((x) => x.id === id)
      seen.push(`cluster ${id}\t${c?.status}\t${c?.reason}`)
      expect(c?.status, id).toBe('error')
      expect(c?.reason, id).toMatch(re)
      expect(c?.reason).not.toContain(sim.token)
    }
    expect(JSON.stringify(clusters)).not.toContain(sim.token)
  })

  it('the good cluster streams and ends equal to the simulator, beside all the broken ones', async () => {
    const rc = openRowClient(server.origin, '/api/clusters/good/pods/watch', { token: TOKEN })
    try {
      await rc.waitUntil(() => (rc.counts.snapshot ?? 0) === 1, 15_000, 'good snapshot')
      sim.setChurn(100)
      await new Promise((r) => setTimeout(r, 300))
      sim.setChurn(0)
      const truth = (): Map<string, string> => new Map(sim.store.list('pods', {}).items.map((r) => [r.uid, String(r.rv)]))
      await rc.waitUntil(() => diffVersions(versionsOf(rc.rows.values()), truth()) === '', 10_000, 'good cluster equal to the sim')
      expect((await getJson<ClusterInfo[]>(server, '/api/clusters')).find((c) => c.id === 'good')).toMatchObject({ status: 'ok', reason: '' })
      // A stream on a broken cluster is accepted and simply never gets rows (its view shows the reason).
      const broken = openRowClient(server.origin, '/api/clusters/exec-garbage/pods/watch', { token: TOKEN, reconnect: false })
      await broken.waitUntil(() => broken.statuses.length === 1, 5_000, 'broken stream answered')
      expect(broken.statuses).toEqual([200])
      broken.close()
    } finally {
      rc.close()
    }
    expect(seen.some((l) => l.startsWith('log: request failed'))).toBe(false)
  })
})
