/**
 * Issue 14, class 3: user writes stick. On the generated cluster, with the seeded churn running
 * fast, a label, an annotation, a scale, a rollout restart, a pod deletion and a cordon made with
 * kubectl must survive the churn (which used to rewrite generated objects from its own records
 * within seconds), a scaled or restarted deployment must reach its new state as a cluster's
 * controllers would take it there, and no pod may land on a cordoned node afterwards.
 * Judged with kubectl 1.27 and 1.33.
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, eventually, json, useSim } from './simFidelity.harness.ts'

/* eslint-disable @typescript-eslint/no-explicit-any -- kubectl's JSON, read loosely */
interface Obj {
  metadata: {
    name: string
    namespace: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    creationTimestamp: string
    ownerReferences?: { kind: string; name: string }[]
  }
  spec: Record<string, any>
  status?: Record<string, any>
}
/* eslint-enable @typescript-eslint/no-explicit-any */

describe.each(KUBECTLS)('user writes on the generated cluster, $label', ({ bin }) => {
  const h = useSim({ pods: 300, churn: 600, seed: 11, controllers: { stepMs: 100 } })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
  const CHURN_WAIT_MS = 6000

  it.skipIf(!bin)(
    'labels, annotations, scale, restart, deletion and cordon survive the churn and take effect',
    async () => {
      // The churn pauses while the objects are picked and written (so none vanishes in between), then runs on.
      await new Promise((r) => setTimeout(r, 1000))
      h.sim.setChurn(0)
      const deps = (json(await k('get', 'deployments', '-A', '-o', 'json')).items as Obj[]).filter(
        (d) => d.metadata.namespace !== 'kube-system' && d.spec.replicas >= 2 && d.spec.replicas <= 6
      )
      expect(deps.length).toBeGreaterThanOrEqual(3)
      const [scaled, restarted, other] = deps
      const pods = json(await k('get', 'pods', '-A', '-o', 'json')).items as Obj[]
      const labelled = pods.find(
        (p) =>
          p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet' &&
          p.status?.phase === 'Running' &&
          !p.metadata.name.startsWith(scaled.metadata.name) &&
          !p.metadata.name.startsWith(restarted.metadata.name) &&
          !p.metadata.name.startsWith(other.metadata.name)
      )
      const victim = pods.find(
        (p) =>
          p.metadata.name.startsWith(`${other.metadata.name}-`) &&
          p.metadata.namespace === other.metadata.namespace &&
          !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp
      )
      expect(labelled && victim).toBeTruthy()
      const nodes = (json(await k('get', 'nodes', '-o', 'json')).items as Obj[]).filter((n) => n.metadata.name.startsWith('worker') && !n.spec.unschedulable)
      const cordoned = nodes[0].metadata.name

      const ns = (o: Obj): string[] => ['-n', o.metadata.namespace]
      const ok = async (...a: string[]): Promise<void> => {
        const r = await k(...a)
        expect(r.code, `kubectl ${a.join(' ')}: ${r.err}`).toBe(0)
      }
      const want = scaled.spec.replicas + 2
      await ok(...ns(labelled as Obj), 'label', 'pod', (labelled as Obj).metadata.name, 'mark=user')
      await ok(...ns(scaled), 'annotate', 'deployment', scaled.metadata.name, 'note=user')
      await ok(...ns(scaled), 'scale', 'deployment', scaled.metadata.name, `--replicas=${want}`)
      await ok(...ns(restarted), 'rollout', 'restart', 'deployment', restarted.metadata.name)
      await ok(...ns(other), 'delete', 'pod', (victim as Obj).metadata.name, '--wait=false')
      await ok('cordon', cordoned)
      const cordonedAt = Date.now()
      h.sim.setChurn(600)
      await new Promise((r) => setTimeout(r, CHURN_WAIT_MS))

      const lp = json(await k(...ns(labelled as Obj), 'get', 'pod', (labelled as Obj).metadata.name, '-o', 'json')) as Obj
      expect(lp.metadata.labels?.mark).toBe('user')
      const sd = json(await k(...ns(scaled), 'get', 'deployment', scaled.metadata.name, '-o', 'json')) as Obj
      expect(sd.metadata.annotations?.note).toBe('user')
      expect(sd.spec.replicas).toBe(want)
      const rd = json(await k(...ns(restarted), 'get', 'deployment', restarted.metadata.name, '-o', 'json')) as Obj
      expect(rd.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy()
      const node = json(await k('get', 'node', cordoned, '-o', 'json')) as Obj
      expect(node.spec.unschedulable).toBe(true)
      expect((node.spec.taints ?? []).map((t: { key: string }) => t.key)).toContain('node.kubernetes.io/unschedulable')

      // The scale and the restart complete, as the deployment controller takes them there.
      const done = await k(...ns(scaled), 'rollout', 'status', 'deployment', scaled.metadata.name, '--timeout=60s')
      expect(done.code, done.out + done.err).toBe(0)
      const restartDone = await k(...ns(restarted), 'rollout', 'status', 'deployment', restarted.metadata.name, '--timeout=60s')
      expect(restartDone.code, restartDone.out + restartDone.err).toBe(0)
      const sel = Object.entries(scaled.spec.selector.matchLabels as Record<string, string>)
        .map(([a, b]) => `${a}=${b}`)
        .join(',')
      const live = (json(await k(...ns(scaled), 'get', 'pods', '-l', sel, '-o', 'json')).items as Obj[]).filter(
        (p) => !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp
      )
      expect(live.length).toBe(want)
      // The deleted pod is gone (not left Terminating for its 30 s grace period) and was replaced.
      const gone = await eventually(async () => ((await k(...ns(other), 'get', 'pod', (victim as Obj).metadata.name)).code !== 0 ? true : undefined), 15_000)
      expect(gone).toBe(true)

      // No pod created after the cordon was placed on the cordoned node (DaemonSet pods tolerate
      // node.kubernetes.io/unschedulable, as the DaemonSet controller makes them).
      const after = (json(await k('get', 'pods', '-A', '--field-selector', `spec.nodeName=${cordoned}`, '-o', 'json')).items as Obj[]).filter(
        (p) => Date.parse(p.metadata.creationTimestamp) >= cordonedAt + 1000 && p.metadata.ownerReferences?.[0]?.kind !== 'DaemonSet'
      )
      expect(after.map((p) => p.metadata.name)).toEqual([])
    },
    180_000
  )
})
