/**
 * startRealCluster() as later suites use it: extra token users under RBAC, kubeconfigs per user,
 * aggregated discovery v2, a WatchList stream (sendInitialEvents), and restartApiserver() (graceful
 * and crash) with data and tokens surviving the restart; stop() leaves no process and no temp dir.
 *
 * Lifecycle: one cluster (1 fake node, one extra user) for the file, stopped in afterAll.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRealCluster } from '../../realcluster/launch.ts'
import type { RealCluster } from '../../realcluster/launch.ts'
import { binary, kubectl, processesMatching } from './helpers.ts'

const ALICE = { name: 'alice', groups: ['team-a'] }

let cluster: RealCluster | undefined
let dir: string
let adminKc: string
let aliceKc: string

beforeAll(async () => {
  if (!binary) return
  cluster = await startRealCluster({ binary, nodes: 1, users: [ALICE] })
  dir = mkdtempSync(join(tmpdir(), 'periscope-realcluster-launch-'))
  adminKc = join(dir, 'admin')
  aliceKc = join(dir, 'alice')
  writeFileSync(adminKc, cluster.kubeconfig(), { mode: 0o600 })
  writeFileSync(aliceKc, cluster.kubeconfig({ user: 'alice', namespace: 'team-a' }), { mode: 0o600 })
})

afterAll(async () => {
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** GET with the admin token; the whole body (bounded by the server's timeoutSeconds). */
function get(path: string, accept: string): Promise<{ status: number; contentType: string; body: string }> {
  const c = cluster as RealCluster
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: c.port, path, ca: c.caPem, agent: false, headers: { authorization: `Bearer ${c.adminToken}`, accept } },
      (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (d: string) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

describe.skipIf(!binary)('startRealCluster', () => {
  it('reports a 1.34.4 server and the admin as system:masters (context real-admin)', async () => {
    const v = await get('/version', 'application/json')
    expect(JSON.parse(v.body)).toMatchObject({ major: '1', minor: '34', gitVersion: 'v1.34.4' })
    const who = await kubectl(adminKc, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.groups}'])
    expect(who.stdout).toContain('system:masters')
    expect((await kubectl(adminKc, ['config', 'current-context'])).stdout.trim()).toBe('real-admin')
  })

  it('extra users are real RBAC subjects: forbidden until bound, then allowed in their namespace only', async () => {
    expect(cluster?.users.map((u) => u.name)).toEqual(['periscope-admin', 'alice'])
    expect((await kubectl(aliceKc, ['config', 'current-context'])).stdout.trim()).toBe('real-alice')
    expect((await kubectl(adminKc, ['create', 'namespace', 'team-a'])).code).toBe(0)
    const before = await kubectl(aliceKc, ['get', 'configmaps'])
    expect(before.code).not.toBe(0)
    expect(before.stderr).toContain('forbidden')
    const bind = await kubectl(adminKc, ['-n', 'team-a', 'create', 'rolebinding', 'team-a-view', '--clusterrole=view', '--group=team-a'])
    expect(bind.code, bind.stderr).toBe(0)
    const after = await kubectl(aliceKc, ['get', 'configmaps', '-o', 'name'])
    expect(after.code, after.stderr).toBe(0)
    expect(after.stdout).toContain('configmap/kube-root-ca.crt')
    const elsewhere = await kubectl(aliceKc, ['-n', 'default', 'get', 'configmaps'])
    expect(elsewhere.stderr).toContain('forbidden')
  })

  it('serves aggregated discovery v2 and WatchList streams', async () => {
    const disc = await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json')
    expect(disc.status).toBe(200)
    expect(disc.contentType).toContain('as=APIGroupDiscoveryList')
    const groups = (JSON.parse(disc.body) as { items: { metadata: { name: string } }[] }).items.map((g) => g.metadata.name)
    expect(groups).toEqual(expect.arrayContaining(['apps', 'batch', 'rbac.authorization.k8s.io']))

    // The stream ends by itself after timeoutSeconds; the initial events end with an annotated bookmark.
    const w = await get(
      '/api/v1/namespaces/kube-system/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=2',
      'application/json'
    )
    expect(w.status).toBe(200)
    const events = w.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { annotations?: Record<string, string> } } })
    expect(events.filter((e) => e.type === 'ADDED').length).toBeGreaterThan(0)
    const bookmark = events.find((e) => e.type === 'BOOKMARK')
    expect(bookmark?.object.metadata.annotations?.['k8s.io/initial-events-end']).toBe('true')
  })

  it('restartApiserver(): same URL, CA and tokens; data survives; controllers keep working', async () => {
    const c = cluster as RealCluster
    expect((await kubectl(adminKc, ['create', 'configmap', 'before-restart', '--from-literal=k=v'])).code).toBe(0)
    const oldPid = c.processes().find((p) => p.name === 'kube-apiserver')?.pid
    await c.restartApiserver()
    const newPid = c.processes().find((p) => p.name === 'kube-apiserver')?.pid
    expect(newPid).toBeDefined()
    expect(newPid).not.toBe(oldPid)
    const cm = await kubectl(adminKc, ['get', 'configmap', 'before-restart', '-o', 'jsonpath={.data.k}'])
    expect(cm.stdout).toBe('v')
    // The controller-manager reconnects: a new Deployment gets its pod Running on the fake node.
    expect((await kubectl(adminKc, ['create', 'deployment', 'after-restart', '--image=nginx'])).code).toBe(0)
    const rollout = await kubectl(adminKc, ['rollout', 'status', 'deployment/after-restart', '--timeout=25s'])
    expect(rollout.code, rollout.stderr).toBe(0)
  })

  it('restartApiserver({ crash: true }): a SIGKILLed apiserver comes back with its data', async () => {
    const c = cluster as RealCluster
    await c.restartApiserver({ crash: true })
    const cm = await kubectl(adminKc, ['get', 'configmap', 'before-restart', '-o', 'jsonpath={.data.k}'])
    expect(cm.stdout).toBe('v')
  })

  it('stop() ends every component and removes the temp dir', async () => {
    const c = cluster as RealCluster
    expect(
      c
        .processes()
        .map((p) => p.name)
        .sort()
    ).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'])
    await c.stop()
    await c.stop() // idempotent
    expect(processesMatching([c.tempDir])).toEqual([])
    expect(existsSync(c.tempDir)).toBe(false)
  })
})
