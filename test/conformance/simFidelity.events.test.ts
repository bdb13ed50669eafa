/**
 * Issue 14, class 2: events that kubectl can find. `kubectl describe` looks a pod's events up by
 * `involvedObject.uid` (and name, namespace); a recorder names an event `<object>.<UnixNano in
 * hex>` and merges a repeat of the same reason and message into one Event (count, lastTimestamp),
 * and the involved object reference carries the object's uid and resourceVersion. Judged with
 * kubectl 1.27 and 1.33 on the generated cluster, after the seeded churn has run a while.
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, json, useSim } from './simFidelity.harness.ts'

interface Ev {
  metadata: { name: string; namespace: string }
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string; resourceVersion?: string }
  reason: string
  message: string
  count: number
  firstTimestamp: string
  lastTimestamp: string
  source?: { component?: string }
}

describe.each(KUBECTLS)('events of the generated cluster, $label', ({ bin }) => {
  const h = useSim({ pods: 300, churn: 400, seed: 3 })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
  let events: Ev[] = []

  it.skipIf(!bin)('kubectl describe pod shows the events kubectl get events lists for that pod', async () => {
    await new Promise((r) => setTimeout(r, 3000)) // let the churn record and repeat events
    h.sim.setChurn(0)
    events = json(await k('get', 'events', '-A', '-o', 'json')).items as Ev[]
    const onPods = events.filter((e) => e.involvedObject.kind === 'Pod')
    expect(onPods.length).toBeGreaterThan(10)
    // Pods that still exist, with their events.
    const pods = json(await k('get', 'pods', '-A', '-o', 'json')).items as { metadata: { name: string; namespace: string; uid: string } }[]
    const uid = new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p.metadata.uid]))
    const sample = onPods.filter((e) => uid.has(`${e.metadata.namespace}/${e.involvedObject.name}`)).slice(0, 5)
    expect(sample.length).toBeGreaterThan(0)
    for (const e of sample) {
      const d = await k('-n', e.metadata.namespace, 'describe', 'pod', e.involvedObject.name)
      expect(d.code, d.err).toBe(0)
      const section = d.out.slice(d.out.lastIndexOf('\nEvents:'))
      expect(section, `describe pod ${e.involvedObject.name}`).not.toContain('<none>')
      expect(section).toContain(e.reason)
    }
  })

  it.skipIf(!bin)('every event references its object by uid and resourceVersion and is named <object>.<UnixNano hex>', () => {
    expect(events.length).toBeGreaterThan(0)
    for (const e of events) {
      expect(e.involvedObject.uid, e.metadata.name).toMatch(/\S/)
      if (e.involvedObject.kind === 'Pod') expect(e.involvedObject.resourceVersion, e.metadata.name).toMatch(/^\d+$/)
      const m = /^(.+)\.([0-9a-f]+)$/.exec(e.metadata.name)
      expect(m?.[1], e.metadata.name).toBe(e.involvedObject.name)
      const nanoMs = Number(BigInt(`0x${m?.[2] ?? '0'}`) / 1_000_000n)
      expect(Math.abs(nanoMs - Date.parse(e.firstTimestamp)), `${e.metadata.name} first seen ${e.firstTimestamp}`).toBeLessThan(2000)
    }
  })

  it.skipIf(!bin)('a repeated reason and message on the same object is one Event with a count', () => {
    const groups = new Map<string, Ev[]>()
    for (const e of events) {
      const key = [e.involvedObject.uid, e.reason, e.message, e.source?.component].join('\u0000')
      groups.set(key, [...(groups.get(key) ?? []), e])
    }
    const dup = [...groups.values()].filter((g) => g.length > 1)
    expect(dup.map((g) => `${g[0].involvedObject.name}: ${g[0].reason} x${g.length}`)).toEqual([])
    expect(events.some((e) => e.count > 1)).toBe(true)
    for (const e of events) expect(Date.parse(e.lastTimestamp)).toBeGreaterThanOrEqual(Date.parse(e.firstTimestamp))
  })
})
