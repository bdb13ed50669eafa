/**
 * CRDs served by the simulator, over HTTP, against what kube-apiserver 1.34.4 answered for the
 * same requests (recorded 2026-12-05 with the CRD of test/fixtures/crd/widgets.yaml; see the
 * fixtures' README in crd/fixtures for the recording method).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '../sim.ts'
import type { Sim } from '../sim.ts'

const GROUP = 'example.periscope.dev'
const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1 }
        ],
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }
      }
    ]
  }
}
const WIDGETS = `/apis/${GROUP}/v1/namespaces/default/widgets`

let sim: Sim
async function req(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${sim.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${sim.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  const text = await r.text()
  // A path nothing serves answers the plain text `404 page not found`, as the real apiserver does.
  return { status: r.status, json: (text.startsWith('{') ? JSON.parse(text) : { text }) as Record<string, unknown> }
}
const until = async (cond: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 100 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 20))
}

beforeAll(async () => {
  sim = await startSim({ pods: 0, churn: 0, tls: false, controllers: false })
})
afterAll(async () => {
  await sim?.stop()
})

describe('CRDs on the simulator', () => {
  it('establishes a created CRD as the naming and establishing controllers do, and serves it in discovery', async () => {
    expect((await req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', CRD)).status).toBe(201)
    let crd: Record<string, unknown> = {}
    await until(async () => {
      crd = (await req('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`)).json
      return JSON.stringify(crd).includes('"Established"')
    })
    const status = crd.status as { conditions: { type: string; status: string; reason: string; message: string }[]; acceptedNames: Record<string, unknown> }
    expect(status.conditions.map(({ type, status: s, reason, message }) => ({ type, status: s, reason, message }))).toEqual([
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }
    ])
    expect(status.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], listKind: 'WidgetList' })
    const list = (await req('GET', `/apis/${GROUP}/v1`)).json as { resources: { name: string; namespaced: boolean; kind: string; shortNames?: string[] }[] }
    expect(list.resources.map((r) => [r.name, r.namespaced, r.kind])).toEqual([
      ['widgets', true, 'Widget'],
      ['widgets/status', true, 'Widget']
    ])
    const agg = await fetch(`${sim.url}/apis`, {
      headers: { Authorization: `Bearer ${sim.token}`, Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' }
    })
    const doc = (await agg.json()) as { items: { metadata: { name: string } }[] }
    expect(doc.items.map((i) => i.metadata.name)).toContain(GROUP)
  })

  it('serves custom resources: generation moves on spec only (status subresource), Table from the printer columns', async () => {
    const created = await req('POST', WIDGETS, { apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3, color: 'blue' } })
    expect(created.status).toBe(201)
    expect((created.json.metadata as { generation: number }).generation).toBe(1)
    const st = await req(
      'PATCH',
      `${WIDGETS}/w1/status`,
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { 'Content-Type': 'application/merge-patch+json' }
    )
    expect(st.status).toBe(200)
    expect((st.json.metadata as { generation: number }).generation).toBe(1)
    const sp = await req('PATCH', `${WIDGETS}/w1`, { spec: { size: 4 } }, { 'Content-Type': 'application/merge-patch+json' })
    expect((sp.json.metadata as { generation: number }).generation).toBe(2)
    const table = (await fetch(`${sim.url}${WIDGETS}`, {
      headers: { Authorization: `Bearer ${sim.token}`, Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }
    }).then((r) => r.json())) as {
      columnDefinitions: { name: string; type: string; priority: number }[]
      rows: { cells: unknown[] }[]
    }
    // kube-apiserver 1.34: Name, the printer columns in order, and no Age column when others are declared.
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Size', 'integer', 0],
      ['Color', 'string', 1]
    ])
    expect(table.rows.map((r) => r.cells)).toEqual([['w1', 'True', 4, 'blue']])
  })

  it('deleting the CRD deletes its objects (a watcher sees DELETED) and takes the resource out of discovery', async () => {
    const ctl = new AbortController()
    const events: string[] = []
    const watching = fetch(`${sim.url}${WIDGETS}?watch=1`, { headers: { Authorization: `Bearer ${sim.token}` }, signal: ctl.signal }).then(async (r) => {
      const reader = r.body!.getReader()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        for (const line of new TextDecoder().decode(value).split('\n').filter(Boolean)) events.push((JSON.parse(line) as { type: string }).type)
      }
    })
    await until(async () => events.length === 1)
    expect((await req('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`)).status).toBe(200)
    await until(async () => events.includes('DELETED'))
    expect(events).toEqual(['ADDED', 'DELETED'])
    await until(async () => (await req('GET', `/apis/${GROUP}/v1`)).status === 404)
    expect((await req('GET', WIDGETS)).status).toBe(404)
    ctl.abort()
    await watching.catch(() => undefined)
  })
})
