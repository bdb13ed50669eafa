/**
 * Issue 14, class 4: namespace deletion finishes. A Terminating namespace is swept until it is
 * empty — running pods (generated ones included, whose kubelet is simulated), pods already
 * Terminating, objects created meanwhile — with the namespace controller's conditions
 * (NamespaceContentRemaining, NamespaceFinalizersRemaining and the three *Failure ones, worded
 * as pkg/controller/namespace/deletion words them); an object with a finalizer holds it until
 * the finalizer is removed. Judged with kubectl 1.27 and 1.33 and the official Python client.
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, PYTHON_MISSING, eventually, json, useSim } from './simFidelity.harness.ts'

const CONDITION_TYPES = [
  'NamespaceContentRemaining',
  'NamespaceDeletionContentFailure',
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceFinalizersRemaining'
]

describe.each(KUBECTLS)('deleting a namespace of the generated cluster, $label', ({ bin }) => {
  const h = useSim({ pods: 400, churn: 100, seed: 5, controllers: { stepMs: 100 } })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)

  it.skipIf(!bin)(
    'kubectl delete namespace waits and returns once it is empty, conditions saying what remained',
    async () => {
      const nss = (json(await k('get', 'namespaces', '-o', 'json')).items as { metadata: { name: string } }[])
        .map((n) => n.metadata.name)
        .filter((n) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(n))
      const target = bin?.endsWith('27') ? nss[0] : nss[1]
      const pods = json(await k('-n', target, 'get', 'pods', '-o', 'json')).items as unknown[]
      expect(pods.length).toBeGreaterThan(10)
      // A finalizer holds the namespace in Terminating long enough to read its conditions.
      const cm = h.file(`${target}-held.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n')
      expect((await k('-n', target, 'create', '-f', cm)).code).toBe(0)
      expect((await k('delete', 'namespace', target, '--wait=false')).code).toBe(0)
      const seen = await eventually(async () => {
        const n = json(await k('get', 'namespace', target, '-o', 'json'))
        const c = (n.status.conditions ?? []) as { type: string; status: string; reason: string; message: string }[]
        const left = c.find((x) => x.type === 'NamespaceContentRemaining')
        return left?.message === 'Some resources are remaining: configmaps. has 1 resource instances' ? { phase: n.status.phase as string, c } : undefined
      }, 20_000)
      expect(seen?.phase).toBe('Terminating')
      expect(seen?.c.map((c) => c.type).sort()).toEqual(CONDITION_TYPES)
      expect(seen?.c.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain' })
      expect(seen?.c.find((c) => c.type === 'NamespaceFinalizersRemaining')).toMatchObject({
        status: 'True',
        reason: 'SomeFinalizerRemain',
        message: 'Some finalizers are remaining: example.com/hold in 1 resource instances'
      })
      expect(seen?.c.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')).toMatchObject({
        status: 'False',
        reason: 'ResourcesDiscovered',
        message: 'All resources successfully discovered'
      })
      expect(seen?.c.find((c) => c.type === 'NamespaceDeletionContentFailure')).toMatchObject({ status: 'False', reason: 'ContentDeleted' })
      // Every pod (running, pending, already Terminating) is gone; only the held object remains.
      expect(json(await k('-n', target, 'get', 'pods', '-o', 'json')).items).toEqual([])
      expect((await k('-n', target, 'patch', 'configmap', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]')).code).toBe(0)
      const wait = await k('delete', 'namespace', target, '--ignore-not-found', '--timeout=60s')
      expect(wait.code, wait.err).toBe(0)
      expect((await k('get', 'namespace', target)).err).toContain(`namespaces "${target}" not found`)
    },
    120_000
  )

  it.skipIf(!bin)(
    'an object with a finalizer keeps the namespace Terminating until the finalizer is removed',
    async () => {
      const ns = `hold-${bin?.endsWith('27') ? 'old' : 'new'}`
      expect((await k('create', 'namespace', ns)).code).toBe(0)
      const cm = h.file(`${ns}-cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\ndata: {a: b}\n')
      expect((await k('-n', ns, 'create', '-f', cm)).code).toBe(0)
      expect((await k('-n', ns, 'run', 'web', '--image=nginx')).code).toBe(0)
      expect((await k('delete', 'namespace', ns, '--wait=false')).code).toBe(0)
      const held = await eventually(async () => {
        const c = (json(await k('get', 'namespace', ns, '-o', 'json')).status.conditions ?? []) as { type: string; status: string; message: string }[]
        const f = c.find((x) => x.type === 'NamespaceFinalizersRemaining')
        return f?.status === 'True' && !c.find((x) => x.type === 'NamespaceContentRemaining')?.message.includes('pods') ? f : undefined
      }, 15_000)
      expect(held?.message).toBe('Some finalizers are remaining: example.com/hold in 1 resource instances')
      expect((await k('-n', ns, 'patch', 'configmap', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]')).code).toBe(0)
      const gone = await k('wait', '--for=delete', `namespace/${ns}`, '--timeout=30s')
      expect(gone.code, gone.err).toBe(0)
    },
    60_000
  )
})

describe('deleting a namespace with the official Python client', () => {
  const h = useSim({ pods: 300, seed: 6, controllers: { stepMs: 100 } })

  it.skipIf(PYTHON_MISSING !== undefined)(
    'delete_namespace, then read_namespace answers 404 once it is empty',
    async () => {
      const target = h.sim.store
        .list('namespaces')
        .items.map((r) => r.name)
        .find((n) => !n.startsWith('kube-') && n !== 'default') as string
      const r = await h.python('delete_namespace.py', target, '60')
      expect(r.code, r.err).toBe(0)
      const seen = JSON.parse(r.out) as { gone?: number; phase?: string; conditions: Record<string, [string, string, string][]> }
      expect(seen.phase).toBe('Terminating')
      expect(seen.gone).toBe(404)
      // The namespace controller's conditions, when the client read the namespace before it went.
      if (Object.keys(seen.conditions).length > 0) expect(Object.keys(seen.conditions).sort()).toEqual(CONDITION_TYPES)
    },
    90_000
  )
})
