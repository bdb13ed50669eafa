/**
 * The app's rows for pods put into exact states through the demo cluster's real API (no private
 * hooks): create a pod bound to a node that does not exist (so no simulated kubelet touches it),
 * write its status through `/status`, and check the row the local server streams and lists —
 * STATUS, READY and RESTARTS exactly as kubectl prints them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RowDto, RowList } from '../../src/shared/dto/row.ts'
import { CLUSTER, TOKEN, startStack } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'
import { simApi } from '../support/simApi.ts'
import type { SimReply } from '../support/simApi.ts'
import { getJson, openSse } from '../support/sseClient.ts'
import type { SseConn } from '../support/sseClient.ts'

const AUTH = { Authorization: `Bearer ${TOKEN}` }
const NS = 'states'
const THREE_MIN_AGO = new Date(Date.now() - 3 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')

let stack: Stack

type Json = Record<string, unknown>

const api = (method: string, path: string, body?: unknown, contentType?: string): Promise<SimReply> => simApi(stack.sim, method, path, body, contentType)

const container = (name: string): Json => ({ name, image: 'registry.example/app:1' })
const running = (name: string, ready: boolean, restarts = 0): Json => ({
  name,
  ready,
  restartCount: restarts,
  image: 'registry.example/app:1',
  imageID: '',
  containerID: 'containerd://1',
  started: true,
  state: { running: { startedAt: THREE_MIN_AGO } }
})
const waiting = (name: string, reason: string, restarts: number): Json => ({
  name,
  ready: false,
  restartCount: restarts,
  image: 'registry.example/app:1',
  imageID: '',
  started: false,
  state: { waiting: { reason, message: `${reason} message` } },
  ...(restarts > 0 ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: THREE_MIN_AGO, finishedAt: THREE_MIN_AGO } } } : {})
})
const terminated = (name: string, reason: string, exitCode: number): Json => ({
  name,
  ready: false,
  restartCount: 0,
  image: 'registry.example/app:1',
  imageID: '',
  containerID: 'containerd://2',
  started: false,
  state: { terminated: { exitCode, reason, startedAt: THREE_MIN_AGO, finishedAt: THREE_MIN_AGO } }
})

/** Each state: the pod's spec extras, its status, and the row cells kubectl would show. */
const STATES: Record<string, { spec?: Json; status: Json; want: { status: string; ready: string; restarts: number } }> = {
  crashloop: {
    status: { phase: 'Running', containerStatuses: [waiting('app', 'CrashLoopBackOff', 5)] },
    want: { status: 'CrashLoopBackOff', ready: '0/1', restarts: 5 }
  },
  'init-one-of-two': {
    spec: { initContainers: [container('migrate'), container('warm-cache')] },
    status: {
      phase: 'Pending',
      initContainerStatuses: [terminated('migrate', 'Completed', 0), running('warm-cache', false)],
      containerStatuses: [waiting('app', 'PodInitializing', 0)]
    },
    want: { status: 'Init:1/2', ready: '0/1', restarts: 0 }
  },
  completed: {
    status: { phase: 'Succeeded', containerStatuses: [terminated('app', 'Completed', 0)] },
    want: { status: 'Completed', ready: '0/1', restarts: 0 }
  },
  'image-pull': {
    status: { phase: 'Pending', containerStatuses: [waiting('app', 'ImagePullBackOff', 0)] },
    want: { status: 'ImagePullBackOff', ready: '0/1', restarts: 0 }
  },
  oomkilled: {
    status: { phase: 'Running', containerStatuses: [terminated('app', 'OOMKilled', 137)] },
    want: { status: 'OOMKilled', ready: '0/1', restarts: 0 }
  },
  healthy: {
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('app', true, 2)] },
    want: { status: 'Running', ready: '1/1', restarts: 2 }
  }
}

/** Create the pod on a node that does not exist, then write its status through /status. */
async function putPodInState(name: string): Promise<void> {
  const s = STATES[name]
  const created = await api('POST', `/api/v1/namespaces/${NS}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: 'ghost-node', containers: [container('app')], ...s.spec }
  })
  expect(created.status, JSON.stringify(created.json)).toBe(201)
  const patched = await api('PATCH', `/api/v1/namespaces/${NS}/pods/${name}/status`, { status: s.status }, 'application/merge-patch+json')
  expect(patched.status, JSON.stringify(patched.json)).toBe(200)
}

const byName = (rows: readonly RowDto[]): Map<string, RowDto> => new Map(rows.map((r) => [r.name, r]))

beforeAll(async () => {
  stack = await startStack({ sim: { pods: 20 } })
  expect((await api('POST', '/api/v1/namespaces', { metadata: { name: NS } })).status).toBe(201)
  for (const name of Object.keys(STATES)) await putPodInState(name)
})

afterAll(async () => {
  await stack?.stop()
})

describe('rows the app shows for pods in exact states', () => {
  it('the polled list shows STATUS, READY and RESTARTS as kubectl prints them', async () => {
    const r = await getJson(stack.server.origin, `/api/clusters/${CLUSTER}/pods?namespace=${NS}`, { headers: AUTH })
    expect(r.status).toBe(200)
    const rows = byName((r.body as RowList).items)
    for (const [name, s] of Object.entries(STATES)) {
      const row = rows.get(name)
      expect(row, name).toBeDefined()
      expect({ status: row?.cells.status, ready: row?.cells.ready, restarts: row?.cells.restarts }, name).toEqual(s.want)
    }
    expect(rows.get('crashloop')?.extra?.lastRestartAt).toBe(THREE_MIN_AGO)
  })

  it('the stream snapshot agrees, and a live /status write and a graceful delete arrive as deltas', async () => {
    const conn: SseConn = await openSse(stack.server.origin, `/api/clusters/${CLUSTER}/pods/watch?namespace=${NS}&token=${TOKEN}`)
    try {
      const snap = await conn.waitFor((f) => f.event === 'snapshot' && !(f.data ?? '').includes('"partial":true'))
      const rows = byName((JSON.parse(snap.data ?? '{}') as { items: RowDto[] }).items)
      for (const [name, s] of Object.entries(STATES)) expect(rows.get(name)?.cells.status, name).toBe(s.want.status)

      // The healthy pod starts crash-looping: the next delta for it says so.
      const patched = await api(
        'PATCH',
        `/api/v1/namespaces/${NS}/pods/healthy/status`,
        { status: { containerStatuses: [waiting('app', 'CrashLoopBackOff', 3)] } },
        'application/merge-patch+json'
      )
      expect(patched.status).toBe(200)
      const d1 = await conn.waitFor((f) => f.event === 'modified' && (f.data ?? '').includes('"name":"healthy"'))
      expect(JSON.parse(d1.data ?? '{}')).toMatchObject({ name: 'healthy', cells: { status: 'CrashLoopBackOff', ready: '0/1', restarts: 3 } })

      // A finalizer holds the deleted pod: it shows Terminating until the finalizer goes and its
      // (1 s) grace period is over; then it is deleted.
      expect(
        (await api('PATCH', `/api/v1/namespaces/${NS}/pods/oomkilled`, { metadata: { finalizers: ['example.com/hold'] } }, 'application/merge-patch+json'))
          .status
      ).toBe(200)
      expect((await api('DELETE', `/api/v1/namespaces/${NS}/pods/oomkilled?gracePeriodSeconds=1`)).status).toBe(200)
      const d2 = await conn.waitFor((f) => f.event === 'modified' && (f.data ?? '').includes('"name":"oomkilled"') && (f.data ?? '').includes('Terminating'))
      expect(JSON.parse(d2.data ?? '{}')).toMatchObject({ name: 'oomkilled', cells: { status: 'Terminating' }, deletingAt: expect.any(String) })
      expect((await api('PATCH', `/api/v1/namespaces/${NS}/pods/oomkilled`, { metadata: { finalizers: null } }, 'application/merge-patch+json')).status).toBe(
        200
      )
      const d3 = await conn.waitFor((f) => f.event === 'deleted' && (f.data ?? '').includes('"name":"oomkilled"'), 8000)
      expect(d3.id).toMatch(/^\d+$/)
    } finally {
      conn.close()
    }
  })
})
