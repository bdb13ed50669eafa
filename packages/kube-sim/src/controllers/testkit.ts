/**
 * Test fixtures for the controller tests: a small store with a namespace and simulated nodes,
 * workload manifests as kubectl would send them, and a bounded wait.
 *
 * Why: every controller test needs the same tiny cluster; keeping it here keeps the tests about
 * behaviour. Not used outside tests.
 */
import { afterEach, expect } from 'vitest'
import { nodeObj } from '../gen/infra.ts'
import type { NodeRec } from '../gen/infra.ts'
import { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import type { ControllerOptions } from './context.ts'
import { startControllers } from './manager.ts'

/** The step the tests run at (fast, but slow enough for a loaded 2-core machine to keep up). */
export const TEST_STEP_MS = 10

/** A simulated node record (worker, ready, schedulable unless told otherwise). */
export function nodeRec(name: string, i: number, o: Partial<NodeRec> = {}): NodeRec {
  return {
    name,
    role: 'worker',
    ip: `10.0.0.${10 + i}`,
    cidr: [1, i],
    createdMs: Date.now() - 86_400_000,
    zone: 'eu-west-1a',
    instanceType: 'm6i.large',
    cpu: 2,
    memGi: 8,
    ready: true,
    cordoned: false,
    heartbeatMs: Date.now(),
    nextIp: 2,
    ...o
  }
}

/** A store with namespace `demo` and `nodes` worker nodes `node-0…`. */
export function testStore(nodes = 3, extra: NodeRec[] = []): SimStore {
  const store = new SimStore(100_000)
  for (const ns of ['default', 'demo'])
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: {}, status: { phase: 'Active' } })
  for (let i = 0; i < nodes; i++) store.create('nodes', nodeObj(nodeRec(`node-${i}`, i)))
  for (const n of extra) store.create('nodes', nodeObj(n))
  return store
}

/** Start the controllers fast, failing the test on any unexpected reconcile error. */
/**
 * Per-file harness: `const start = useControllers(opts)`; `start(store, moreOpts?)` runs fast
 * controllers, and after each test they are stopped and must have reported no reconcile error.
 */
export function useControllers(o: ControllerOptions = {}): (store: SimStore, more?: ControllerOptions) => void {
  let stop: (() => void) | undefined
  let errors: string[] = []
  afterEach(() => {
    stop?.()
    stop = undefined
    expect(errors).toEqual([])
  })
  return (store, more = {}) => {
    const c = fastControllers(store, { ...o, ...more })
    stop = c.stop
    errors = c.errors
  }
}

export function fastControllers(store: SimStore, o: ControllerOptions = {}): { stop(): void; errors: string[] } {
  const errors: string[] = []
  const c = startControllers(store, { stepMs: TEST_STEP_MS, onError: (m) => errors.push(m), ...o })
  return { stop: c.stop, errors }
}

/** The pod template `kubectl create deployment <name> --image=<image>` sends. */
export function template(app: string, image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: { labels: { app } }, spec: { containers: [{ name: app, image, resources: {} }], ...extra } }
}

/** A Deployment as `kubectl create deployment` sends it. */
export function deployment(name: string, image: string, replicas: number, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'demo', labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, image), ...spec }
  }
}

/** A Job as `kubectl create job <name> --image=<image>` sends it. */
export function job(name: string, image: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'demo' },
    spec: { template: { metadata: {}, spec: { containers: [{ name, image, resources: {} }], restartPolicy: 'Never' } }, ...spec }
  }
}

/** A bare pod (no owner). */
export function pod(name: string, image: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'demo' },
    spec: { containers: [{ name: 'main', image }], ...spec },
    status: { phase: 'Pending' }
  }
}

/** Wait until `check` returns a value (not undefined/false), polling every 5 ms, at most `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** The parsed objects of a kind in `demo`. */
export function objects(store: SimStore, kind: Parameters<SimStore['list']>[0]): KubeObject[] {
  return store.list(kind, { namespace: 'demo' }).items.map((r) => store.object(r))
}
