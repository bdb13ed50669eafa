/**
 * Issue 14, class 7: a world consistent with itself, as kubectl 1.27 and 1.33 see it.
 * - Deployments: `Available` as the deployment controller computes it (availableReplicas >=
 *   replicas - maxUnavailable, reason MinimumReplicasAvailable / MinimumReplicasUnavailable) and
 *   `observedGeneration` equal to the generation, so `kubectl wait --for=condition=Available` tells the truth.
 * - EndpointSlices list exactly the selected pods' IPs (generated services after churn, and a
 *   user service through a minimal EndpointSlice controller); `default/kubernetes` exists.
 * - Node Leases in kube-node-lease, one per node, held by the node.
 * - What generated pods refer to exists (ServiceAccounts, ConfigMaps and their keys, Secrets and
 *   their keys, `kube-root-ca.crt`); a new namespace gets `default` and `kube-root-ca.crt`.
 * - CronJob schedule times and job names follow the schedule.
 * - Scheduling messages count the real nodes (`0/N nodes are available`).
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, eventually, json, useSim } from './simFidelity.harness.ts'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Does UTC minute `ms` match a 5-field cron schedule (numbers, `*`, `*\/n`, lists)? Independent of the simulator's parser. */
function cronMatches(schedule: string, ms: number): boolean {
  const d = new Date(ms)
  const values = [d.getUTCMinutes(), d.getUTCHours(), d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCDay()]
  return schedule
    .trim()
    .split(/\s+/)
    .every((f, i) =>
      f.split(',').some((part) => {
        if (part === '*') return true
        const step = /^\*\/(\d+)$/.exec(part)
        if (step) return values[i] % Number(step[1]) === 0
        return Number(part) === values[i] || (i === 4 && Number(part) === 7 && values[i] === 0)
      })
    )
}

describe.each(KUBECTLS)('the generated world, $label', ({ bin }) => {
  const h = useSim({ pods: 400, churn: 300, seed: 21, controllers: { stepMs: 100 } })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
  const all = async (kind: string): Promise<Obj[]> => json(await k('get', kind, '-A', '-o', 'json')).items as Obj[]

  it.skipIf(!bin)('deployments report Available and observedGeneration as the deployment controller computes them', async () => {
    const deps = await all('deployments')
    expect(deps.length).toBeGreaterThan(5)
    let unavailable: Obj | undefined
    for (const d of deps) {
      const replicas = d.spec.replicas as number
      const maxUnavailable = Math.floor(replicas * 0.25)
      const ok = (d.status.availableReplicas ?? 0) >= replicas - maxUnavailable
      const c = (d.status.conditions as Obj[]).find((x) => x.type === 'Available')
      expect(c, d.metadata.name).toMatchObject(
        ok ? { status: 'True', reason: 'MinimumReplicasAvailable' } : { status: 'False', reason: 'MinimumReplicasUnavailable' }
      )
      expect(d.status.observedGeneration, d.metadata.name).toBe(d.metadata.generation)
      if (!ok) unavailable = d
    }
    if (unavailable) {
      const w = await k('-n', unavailable.metadata.namespace, 'wait', '--for=condition=Available', `deployment/${unavailable.metadata.name}`, '--timeout=1s')
      expect(w.code).not.toBe(0)
    }
  })

  it.skipIf(!bin)('EndpointSlices list exactly the ready state of the selected pods; default/kubernetes exists', async () => {
    await new Promise((r) => setTimeout(r, 3000))
    h.sim.setChurn(0)
    await new Promise((r) => setTimeout(r, 500))
    const svcs = (await all('services')).filter((s) => s.spec.selector && s.metadata.namespace !== 'default')
    const slices = await all('endpointslices')
    const pods = await all('pods')
    for (const s of svcs.slice(0, 40)) {
      const sel = s.spec.selector as Record<string, string>
      const want = pods
        .filter(
          (p) =>
            p.metadata.namespace === s.metadata.namespace &&
            p.status.podIP &&
            Object.entries(sel).every(([a, b]) => p.metadata.labels?.[a] === b) &&
            !['Succeeded', 'Failed'].includes(p.status.phase)
        )
        // The EndpointSlice controller's `ready`: serving (the pod's Ready condition) and not terminating.
        .map(
          (p) => `${p.status.podIP} ${(p.status.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True') && !p.metadata.deletionTimestamp}`
        )
        .sort()
      const have = slices
        .filter((x) => x.metadata.namespace === s.metadata.namespace && x.metadata.labels?.['kubernetes.io/service-name'] === s.metadata.name)
        .flatMap((x) => (x.endpoints ?? []) as Obj[])
        .map((e) => `${e.addresses[0]} ${e.conditions.ready}`)
        .sort()
      expect(have, `${s.metadata.namespace}/${s.metadata.name}`).toEqual(want)
    }
    const kube = json(await k('-n', 'default', 'get', 'service', 'kubernetes', '-o', 'json'))
    expect(kube.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] })
    expect((await k('-n', 'default', 'get', 'endpointslice', 'kubernetes')).code).toBe(0)
  })

  it.skipIf(!bin)('a user Service gets an EndpointSlice that follows its pods', async () => {
    const ns = `eps-${bin?.endsWith('27') ? 'old' : 'new'}`
    expect((await k('create', 'namespace', ns)).code).toBe(0)
    expect((await k('-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=2')).code).toBe(0)
    expect((await k('-n', ns, 'expose', 'deployment', 'web', '--port=80')).code).toBe(0)
    const ips = async (): Promise<string[]> =>
      (json(await k('-n', ns, 'get', 'pods', '-o', 'json')).items as Obj[])
        .filter((p) => p.status.podIP && (p.status.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True'))
        .map((p) => p.status.podIP as string)
        .sort()
    const ready = async (n: number): Promise<string[] | undefined> => {
      const want = await ips()
      const have = (json(await k('-n', ns, 'get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json')).items as Obj[])
        .flatMap((x) => (x.endpoints ?? []) as Obj[])
        .filter((e) => e.conditions.ready)
        .map((e) => e.addresses[0] as string)
        .sort()
      return want.length === n && JSON.stringify(have) === JSON.stringify(want) ? have : undefined
    }
    expect(await eventually(() => ready(2), 20_000)).toHaveLength(2)
    expect((await k('-n', ns, 'scale', 'deployment', 'web', '--replicas=3')).code).toBe(0)
    expect(await eventually(() => ready(3), 20_000)).toHaveLength(3)
    const slice = (json(await k('-n', ns, 'get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json')).items as Obj[])[0]
    expect(slice).toMatchObject({ addressType: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] })
    expect(slice.metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true })
  })

  it.skipIf(!bin)('every node holds its Lease in kube-node-lease', async () => {
    const nodes = (await all('nodes')).map((n) => n.metadata.name as string).sort()
    const leases = json(await k('-n', 'kube-node-lease', 'get', 'leases', '-o', 'json')).items as Obj[]
    expect(leases.map((l) => l.metadata.name).sort()).toEqual(nodes)
    for (const l of leases) {
      expect(l.spec.holderIdentity).toBe(l.metadata.name)
      expect(l.spec.leaseDurationSeconds).toBe(40)
      expect(Date.parse(l.spec.renewTime)).toBeGreaterThan(0)
    }
  })

  it.skipIf(!bin)('what generated pods refer to exists; a new namespace gets default and kube-root-ca.crt', async () => {
    const [pods, sas, cms, secrets] = await Promise.all([all('pods'), all('serviceaccounts'), all('configmaps'), all('secrets')])
    const has = (list: Obj[], ns: string, name: string): Obj | undefined => list.find((o) => o.metadata.namespace === ns && o.metadata.name === name)
    const missing: string[] = []
    for (const p of pods.slice(0, 150)) {
      const ns = p.metadata.namespace as string
      if (!has(sas, ns, p.spec.serviceAccountName)) missing.push(`${ns}/${p.metadata.name}: serviceaccount ${p.spec.serviceAccountName}`)
      for (const v of (p.spec.volumes ?? []) as Obj[]) {
        for (const name of [v.configMap?.name, ...(v.projected?.sources ?? []).map((s: Obj) => s.configMap?.name)].filter(Boolean)) {
          if (!has(cms, ns, name)) missing.push(`${ns}/${p.metadata.name}: configmap ${name}`)
        }
      }
      if ((p.status.containerStatuses ?? []).some((c: Obj) => c.state?.waiting?.reason === 'CreateContainerConfigError')) continue
      for (const c of [...(p.spec.containers ?? []), ...(p.spec.initContainers ?? [])] as Obj[]) {
        for (const e of (c.env ?? []) as Obj[]) {
          const cm = e.valueFrom?.configMapKeyRef
          const sec = e.valueFrom?.secretKeyRef
          if (cm && has(cms, ns, cm.name)?.data?.[cm.key] === undefined) missing.push(`${ns}/${p.metadata.name}: configmap key ${cm.name}/${cm.key}`)
          if (sec && has(secrets, ns, sec.name)?.data?.[sec.key] === undefined) missing.push(`${ns}/${p.metadata.name}: secret key ${sec.name}/${sec.key}`)
        }
      }
    }
    expect([...new Set(missing)].slice(0, 10)).toEqual([])
    const ns = `fresh-${bin?.endsWith('27') ? 'old' : 'new'}`
    expect((await k('create', 'namespace', ns)).code).toBe(0)
    const made = await eventually(
      async () =>
        (await k('-n', ns, 'get', 'serviceaccount', 'default')).code === 0 && (await k('-n', ns, 'get', 'configmap', 'kube-root-ca.crt')).code === 0
          ? true
          : undefined,
      10_000
    )
    expect(made).toBe(true)
  })

  it.skipIf(!bin)('cronjob schedule times and job names follow the schedule', async () => {
    const cjs = await all('cronjobs')
    const jobs = await all('jobs')
    expect(cjs.length).toBeGreaterThan(0)
    for (const cj of cjs) {
      const last = Date.parse(cj.status.lastScheduleTime)
      expect(cronMatches(cj.spec.schedule, last), `${cj.metadata.name} ${cj.spec.schedule} last ${cj.status.lastScheduleTime}`).toBe(true)
      // The most recent scheduled time: no matching minute between it and now.
      for (let t = last + 60_000; t <= Date.now() - 60_000; t += 60_000)
        expect(cronMatches(cj.spec.schedule, t), `${cj.metadata.name} missed ${new Date(t).toISOString()}`).toBe(false)
      for (const j of jobs.filter((x) => x.metadata.ownerReferences?.[0]?.name === cj.metadata.name)) {
        const minutes = Number(/-(\d+)$/.exec(j.metadata.name)?.[1])
        expect(cronMatches(cj.spec.schedule, minutes * 60_000), j.metadata.name).toBe(true)
      }
    }
  })

  it.skipIf(!bin)('scheduling messages count the real nodes', async () => {
    const n = (await all('nodes')).length
    const failed = (await all('events')).filter((e) => e.reason === 'FailedScheduling')
    const pending = (await all('pods'))
      .flatMap((p) => (p.status.conditions ?? []) as Obj[])
      .filter((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable')
    expect(failed.length + pending.length).toBeGreaterThan(0)
    for (const m of [...failed.map((e) => e.message as string), ...pending.map((c) => c.message as string)]) {
      expect(m).toMatch(new RegExp(`^0/${n} nodes are available: .* preemption: 0/${n} nodes are available: `))
    }
  })
})
