/**
 * Issue 14, class 5: protobuf without silent loss. kubectl 1.33's typed clients send
 * `application/vnd.kubernetes.protobuf` (1.27 sends JSON) for `create <kind>`, `run`, `autoscale`,
 * `debug --copy-to` and `drain`'s evictions. Every object kubectl 1.33 creates must be stored
 * exactly as the same command from kubectl 1.27 stores it, a debug copy of a full generated pod
 * must carry its whole spec, and `kubectl drain` must evict through `pods/eviction` honouring
 * PodDisruptionBudgets (429 "Cannot evict pod as it would violate the pod's disruption budget.").
 */
import { describe, expect, it } from 'vitest'
import { KUBECTL_NEW, KUBECTL_OLD, KUBECTLS, json, useSim } from './simFidelity.harness.ts'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the server decides alone (identity, times, allocations) is left out of a comparison. */
function comparable(o: Obj): Obj {
  const m = { ...o.metadata }
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'namespace', 'managedFields', 'generation', 'selfLink']) delete m[k]
  const out: Obj = { ...o, metadata: m }
  delete out.status
  const text = JSON.stringify(out)
    .replaceAll(o.metadata.uid ?? '~', '<uid>')
    .replace(/"clusterIPs?":(\["[^"]*"\]|"[^"]*")/g, '"clusterIP":"<ip>"')
    // The ServiceAccount admission names a pod's token volume with 5 random characters.
    .replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-<suffix>')
  return JSON.parse(text) as Obj
}

const CREATES: readonly (readonly [kind: string, name: string, ...args: string[]])[] = [
  ['deployment', 'web', 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'],
  ['job', 'once', 'create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'],
  ['cronjob', 'tick', 'create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
  ['service', 'front', 'create', 'service', 'clusterip', 'front', '--tcp=80:8080'],
  ['configmap', 'cfg', 'create', 'configmap', 'cfg', '--from-literal=a=b'],
  ['secret', 'sec', 'create', 'secret', 'generic', 'sec', '--from-literal=p=q'],
  ['serviceaccount', 'robot', 'create', 'serviceaccount', 'robot'],
  ['ingress', 'ing', 'create', 'ingress', 'ing', '--class=nginx', '--rule=foo.com/bar*=svc1:8080,tls=cert', '--annotation=team=a'],
  ['poddisruptionbudget', 'budget', 'create', 'pdb', 'budget', '--selector=app=web', '--min-available=1'],
  ['horizontalpodautoscaler', 'web', 'autoscale', 'deployment', 'web', '--min=1', '--max=3', '--cpu-percent=50'],
  ['pod', 'runner', 'run', 'runner', '--image=nginx', '--env=A=B', '--port=80', '--labels=x=y', '--restart=Never']
]

describe('objects kubectl 1.33 creates in protobuf equal what kubectl 1.27 creates in JSON', () => {
  const h = useSim({ pods: 40, controllers: false })

  it.skipIf(!KUBECTL_NEW || !KUBECTL_OLD)('create deployment|job|cronjob|service|configmap|secret|serviceaccount|ingress|pdb, autoscale, run', async () => {
    const made: Record<string, Obj[]> = {}
    for (const [label, bin] of [
      ['old', KUBECTL_OLD],
      ['new', KUBECTL_NEW]
    ] as const) {
      const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
      expect((await k('create', 'namespace', `proto-${label}`)).code).toBe(0)
      const pc = await k('create', 'priorityclass', `pc-${label}`, '--value=1000', '--description=from kubectl', '--preemption-policy=Never')
      expect(pc.code, pc.err).toBe(0)
      for (const [kind, name, ...args] of CREATES) {
        const r = await k('-n', `proto-${label}`, ...args)
        expect(r.code, `${label}: ${args.join(' ')}: ${r.err}`).toBe(0)
        made[kind] = [...(made[kind] ?? []), json(await k('-n', `proto-${label}`, 'get', kind, name, '-o', 'json'))]
      }
      made.priorityclass = [...(made.priorityclass ?? []), json(await k('get', 'priorityclass', `pc-${label}`, '-o', 'json'))]
    }
    for (const [kind, [old, neu]] of Object.entries(made)) {
      const a = comparable(old)
      const b = comparable(neu)
      if (kind === 'priorityclass') {
        a.metadata.name = b.metadata.name = 'pc'
      }
      expect(b, kind).toEqual(a)
    }
    expect(made.ingress[1].spec.tls).toEqual([{ hosts: ['foo.com'], secretName: 'cert' }])
    expect(made.priorityclass[1]).toMatchObject({ value: 1000, description: 'from kubectl', preemptionPolicy: 'Never' })
  })

  it.skipIf(!KUBECTL_NEW)('kubectl 1.33 debug --copy-to copies a full generated pod (volumes, probes, affinity, security context)', async () => {
    const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(KUBECTL_NEW as string, ...a)
    const pods = json(await k('get', 'pods', '-n', 'kube-system', '-o', 'json')).items as Obj[]
    const src = pods.find((p) => p.spec.affinity && p.spec.volumes?.length > 1) as Obj
    expect(src).toBeDefined()
    const r = await k('-n', 'kube-system', 'debug', src.metadata.name, '--copy-to=copy', '--image=busybox', '--container=dbg', '--profile=legacy')
    expect(r.code, r.err).toBe(0)
    const copy = json(await k('-n', 'kube-system', 'get', 'pod', 'copy', '-o', 'json'))
    expect(copy.spec.volumes).toEqual(src.spec.volumes)
    expect(copy.spec.affinity).toEqual(src.spec.affinity)
    expect(copy.spec.securityContext).toEqual(src.spec.securityContext)
    expect(copy.spec.tolerations).toEqual(src.spec.tolerations)
    for (const c of src.spec.containers) expect(copy.spec.containers.find((x: Obj) => x.name === c.name)).toEqual(c)
    expect(copy.spec.containers.map((c: Obj) => c.name)).toContain('dbg')
  })
})

describe.each(KUBECTLS)('kubectl drain through pods/eviction, $label', ({ bin }) => {
  // No generated pods: the node holds only what this test puts there.
  const h = useSim({ pods: 0, controllers: { stepMs: 50 } })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)

  it.skipIf(!bin)(
    "evicts within the budget, waits for replacements, refuses beyond it with the eviction API's 429",
    async () => {
      expect((await k('create', 'namespace', 'drain')).code).toBe(0)
      expect((await k('-n', 'drain', 'create', 'deployment', 'web', '--image=nginx', '--replicas=6')).code).toBe(0)
      expect((await k('-n', 'drain', 'rollout', 'status', 'deployment', 'web', '--timeout=30s')).code).toBe(0)
      expect((await k('-n', 'drain', 'create', 'pdb', 'web', '--selector=app=web', '--max-unavailable=1')).code).toBe(0)
      const pods = json(await k('-n', 'drain', 'get', 'pods', '-o', 'json')).items as Obj[]
      const node = pods[0].spec.nodeName as string
      const on = pods.filter((p) => p.spec.nodeName === node).length
      const d = await k('drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s')
      expect(d.code, d.out + d.err).toBe(0)
      expect(d.out).toContain(`node/${node} drained`)
      expect(d.out.match(/evicted/g)?.length ?? 0).toBe(on)
      const after = json(await k('-n', 'drain', 'get', 'pods', '-o', 'json')).items as Obj[]
      expect(after.filter((p) => p.spec.nodeName === node)).toEqual([])
      expect((await k('-n', 'drain', 'rollout', 'status', 'deployment', 'web', '--timeout=30s')).code).toBe(0)
      // A budget that allows nothing: the eviction is refused and drain gives up at its timeout.
      expect((await k('uncordon', node)).code).toBe(0)
      expect((await k('-n', 'drain', 'delete', 'pdb', 'web')).code).toBe(0)
      expect((await k('-n', 'drain', 'create', 'pdb', 'all', '--selector=app=web', '--min-available=100%')).code).toBe(0)
      const other = (json(await k('-n', 'drain', 'get', 'pods', '-o', 'json')).items as Obj[])[0].spec.nodeName as string
      const blocked = await k('drain', other, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=8s')
      expect(blocked.code).not.toBe(0)
      expect(blocked.err).toContain("Cannot evict pod as it would violate the pod's disruption budget.")
    },
    150_000
  )
})
