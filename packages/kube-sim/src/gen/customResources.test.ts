import { describe, expect, it } from 'vitest'
import { crTableCells, crTableColumns } from '../crd/printer.ts'
import { DEMO_CRDS } from './crdKinds.ts'
import type { DemoCrd } from './crdKinds.ts'
import { demoCustomResources } from './customResources.ts'

const NOW = Date.parse('2026-12-05T12:00:00Z')
const DAY = 86_400_000
const NAMESPACES = ['payments', 'checkout', 'search']

type Obj = Record<string, unknown> & {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; uid: string; creationTimestamp: string; generation: number; labels?: Record<string, string> }
  spec: Record<string, unknown>
  status?: Record<string, unknown>
}
type Cond = { type: string; status: string; reason: string; message: string }

const gen = (seed: number, scale?: number): { crd: DemoCrd; objects: Obj[] }[] =>
  demoCustomResources({ seed, namespaces: NAMESPACES, nowMs: NOW, scale }).map((g) => {
    const crd = DEMO_CRDS.find((d) => `${d.plural}.${d.group}` === g.crdName)
    if (!crd) throw new Error(`unknown CRD ${g.crdName}`)
    return { crd, objects: g.objects as Obj[] }
  })
const byKind = (groups: { crd: DemoCrd; objects: Obj[] }[], kind: string): Obj[] => groups.find((g) => g.crd.kind === kind)?.objects ?? []
const ready = (o: Obj): Cond | undefined => ((o.status?.conditions ?? []) as Cond[]).find((c) => c.type === 'Ready')

/**
 * What kubectl prints as AGE (apimachinery duration.HumanDuration) for the ranges the demo objects
 * fall in: seconds under 2 minutes, minutes under 3 hours, hours under 2 days, days and hours
 * under 8 days, whole days up to 2 years.
 */
function kubectlAge(created: string): string {
  const ms = NOW - Date.parse(created)
  const s = Math.floor(ms / 1000)
  const m = Math.floor(s / 60)
  const h = Math.floor(m / 60)
  const d = Math.floor(h / 24)
  if (s < 120) return `${s}s`
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`
  if (m < 180) return `${m}m`
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`
  if (h < 48) return `${h}h`
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`
  return `${d}d`
}

describe('demoCustomResources', () => {
  const groups = gen(7)

  it('gives every demo CRD a few instances, a few dozen in all at scale 1', () => {
    expect(groups.map((g) => g.crd.kind)).toEqual(['Certificate', 'Application', 'NodePool', 'VirtualService'])
    for (const g of groups) expect(g.objects.length, g.crd.kind).toBeGreaterThanOrEqual(4)
    const total = groups.reduce((n, g) => n + g.objects.length, 0)
    expect(total).toBeGreaterThanOrEqual(24)
    expect(total).toBeLessThanOrEqual(60)
  })

  it('every object is valid for its CRD: group/version, kind, scope, names, uid, times, generation', () => {
    for (const { crd, objects } of groups) {
      const seen = new Set<string>()
      for (const o of objects) {
        const where = `${crd.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`
        expect(o.apiVersion, where).toBe(`${crd.group}/${crd.version}`)
        expect(o.kind, where).toBe(crd.kind)
        expect(o.metadata.name, where).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/)
        expect(o.metadata.name.length, where).toBeLessThanOrEqual(253)
        if (crd.scope === 'Namespaced') expect(NAMESPACES, where).toContain(o.metadata.namespace)
        else expect(o.metadata, where).not.toHaveProperty('namespace')
        const key = `${o.metadata.namespace ?? ''}/${o.metadata.name}`
        expect(seen.has(key), `duplicate ${where}`).toBe(false)
        seen.add(key)
        expect(o.metadata.uid, where).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(o.metadata.creationTimestamp, where).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        const created = Date.parse(o.metadata.creationTimestamp)
        expect(created, where).toBeLessThanOrEqual(NOW)
        expect(created, `${where} is older than its CRD`).toBeGreaterThan(NOW - crd.ageDays * DAY)
        expect(Number.isInteger(o.metadata.generation) && o.metadata.generation >= 1, where).toBe(true)
        for (const v of Object.values(o.metadata.labels ?? {})) expect(typeof v, where).toBe('string')
        expect(typeof o.spec, where).toBe('object')
      }
    }
  })

  it('is deterministic per seed and varies with it', () => {
    expect(gen(7)).toEqual(groups)
    const other = gen(8)
    expect(other).not.toEqual(groups)
    expect(other.map((g) => g.objects.length)).toEqual(groups.map((g) => g.objects.length))
  })

  it('scales the counts (at least one of each kind)', () => {
    const big = gen(7, 3)
    const small = gen(7, 0.05)
    groups.forEach((g, i) => {
      expect(big[i].objects.length).toBe(g.objects.length * 3)
      expect(small[i].objects.length).toBe(1)
    })
  })

  it('shows the states a real cluster has', () => {
    const certs = byKind(groups, 'Certificate')
    expect(new Set(certs.map((c) => ready(c)?.status))).toEqual(new Set(['True', 'False']))
    expect(new Set(certs.map((c) => ready(c)?.reason))).toEqual(new Set(['Ready', 'DoesNotExist', 'Expired']))
    const issuing = certs.flatMap((c) => ((c.status?.conditions ?? []) as Cond[]).filter((k) => k.type === 'Issuing'))
    expect(new Set(issuing.map((k) => k.reason))).toEqual(new Set(['DoesNotExist', 'Renewing', 'Failed']))
    const renewing = issuing.find((k) => k.reason === 'Renewing')
    expect(renewing?.message).toMatch(/^Renewing certificate as renewal was scheduled at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/)

    const apps = byKind(groups, 'Application')
    const st = (a: Obj, k: 'sync' | 'health'): unknown => (a.status?.[k] as { status?: string } | undefined)?.status
    expect(new Set(apps.map((a) => st(a, 'sync')))).toEqual(new Set(['Synced', 'OutOfSync', 'Unknown', undefined]))
    expect(new Set(apps.map((a) => st(a, 'health')))).toEqual(new Set(['Healthy', 'Progressing', 'Degraded', 'Missing', undefined]))

    const pools = byKind(groups, 'NodePool')
    expect(new Set(pools.map((p) => ready(p)?.status))).toEqual(new Set(['True', 'False']))
    const vss = byKind(groups, 'VirtualService')
    expect(vss.some((v) => v.spec.gateways === undefined)).toBe(true)
    expect(vss.some((v) => Array.isArray(v.spec.gateways))).toBe(true)
  })
})

describe('the demo custom resources as kubectl get prints them (crTableCells)', () => {
  const groups = gen(11)
  const cells = (kind: string, o: Obj): unknown[] => crTableCells(DEMO_CRDS.find((d) => d.kind === kind)?.columns, o, NOW)

  it("column headers are the projects' columns after Name", () => {
    const heads = DEMO_CRDS.map((d) => crTableColumns(d.columns).map((c) => `${c.name}${c.priority ? `(${c.priority})` : ''}`))
    expect(heads).toEqual([
      ['Name', 'Ready', 'Secret', 'Issuer(1)', 'Status(1)', 'Age'],
      ['Name', 'Sync Status', 'Health Status', 'Revision(10)', 'Project(10)'],
      ['Name', 'NodeClass', 'Nodes', 'Ready', 'Age', 'Weight(1)', 'CPU(1)', 'Memory(1)'],
      ['Name', 'Gateways', 'Hosts', 'Age']
    ])
  })

  it('Certificate: NAME READY SECRET ISSUER STATUS AGE', () => {
    for (const o of byKind(groups, 'Certificate')) {
      const spec = o.spec as { secretName: string; issuerRef: { name: string } }
      const r = ready(o)
      expect(cells('Certificate', o)).toEqual([
        o.metadata.name,
        r?.status,
        spec.secretName,
        spec.issuerRef.name,
        r?.message,
        kubectlAge(o.metadata.creationTimestamp)
      ])
    }
  })

  it('Application: NAME SYNC STATUS HEALTH STATUS REVISION PROJECT (nulls before the first reconcile)', () => {
    for (const o of byKind(groups, 'Application')) {
      const s = o.status as { sync?: { status?: string; revision?: string }; health?: { status?: string } } | undefined
      expect(cells('Application', o)).toEqual([o.metadata.name, s?.sync?.status ?? null, s?.health?.status ?? null, s?.sync?.revision ?? null, o.spec.project])
    }
  })

  it('NodePool: NAME NODECLASS NODES READY AGE WEIGHT CPU MEMORY (the integer node count printed as text)', () => {
    for (const o of byKind(groups, 'NodePool')) {
      const spec = o.spec as { template: { spec: { nodeClassRef: { name: string } } }; weight?: number }
      const st = o.status as { nodes: number; resources: { cpu: string; memory: string } }
      expect(cells('NodePool', o)).toEqual([
        o.metadata.name,
        spec.template.spec.nodeClassRef.name,
        String(st.nodes),
        ready(o)?.status,
        kubectlAge(o.metadata.creationTimestamp),
        spec.weight ?? null,
        st.resources.cpu,
        st.resources.memory
      ])
    }
  })

  it('VirtualService: NAME GATEWAYS HOSTS AGE (arrays printed as JSON, no gateways → null)', () => {
    for (const o of byKind(groups, 'VirtualService')) {
      const spec = o.spec as { gateways?: string[]; hosts: string[] }
      const json = (a: string[]): string => `[${a.map((s) => `"${s}"`).join(',')}]`
      expect(cells('VirtualService', o)).toEqual([
        o.metadata.name,
        spec.gateways ? json(spec.gateways) : null,
        json(spec.hosts),
        kubectlAge(o.metadata.creationTimestamp)
      ])
    }
  })

  it('a hand-checked row of each kind', () => {
    const pool = byKind(groups, 'NodePool').find((p) => p.metadata.name === 'gpu') as Obj
    expect(cells('NodePool', pool).slice(1, 4)).toEqual(['gpu', '0', 'False'])
    expect(cells('NodePool', pool).slice(5)).toEqual([null, '0', '0'])
    const fresh = byKind(groups, 'Application').find((a) => a.status === undefined) as Obj
    expect(cells('Application', fresh).slice(1, 4)).toEqual([null, null, null])
    const expired = byKind(groups, 'Certificate').find((c) => ready(c)?.reason === 'Expired') as Obj
    expect(cells('Certificate', expired)[1]).toBe('False')
    expect(cells('Certificate', expired)[4]).toMatch(/^Certificate expired on (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Nov|Oct|Sep|Aug) 2026 \d\d:\d\d:\d\d UTC$/)
  })
})
