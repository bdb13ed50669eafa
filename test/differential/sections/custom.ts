/**
 * The custom resources of the suite's CRD (`gadgets.diff.periscope.dev`, manifests/cluster.yaml)
 * on both servers: discovery of its group, create, get, list and as=Table (its printer columns),
 * merge/JSON patches of spec and of the status subresource (generation), a strategic merge
 * patch (refused for custom resources), replace, delete. Runs after `create`, so the CRD exists
 * on both; it waits until both serve the resource (Established).
 */
import { apiRequest } from '../../support/kubeApi.ts'
import { NS, OURS, settle } from '../harness.ts'
import type { Pair } from '../harness.ts'
import { TABLE_ACCEPT } from './objects.ts'

const GV = '/apis/diff.periscope.dev/v1'
const COLL = `${GV}/namespaces/${NS}/gadgets`
const gadget = (name: string, size: number): Record<string, unknown> => ({
  apiVersion: 'diff.periscope.dev/v1',
  kind: 'Gadget',
  metadata: { name, namespace: NS, labels: { 'periscope.dev/differential': 'true' } },
  spec: { size }
})

export async function customSection(p: Pair): Promise<string[]> {
  const out: string[] = []
  const served = await settle(
    async () => (await Promise.all([apiRequest(p.sim, 'GET', COLL), apiRequest(p.real, 'GET', COLL)])).every((r) => r.status === 200),
    30_000
  )
  if (!served) return ['custom: the suite CRD is not served by both servers within 30 s']
  const same = async (label: string, method: string, path: string, o: Parameters<Pair['same']>[3] = {}): Promise<void> => {
    out.push(...(await p.same(label, method, path, o)).unexplained)
  }
  await same(`GET ${GV}`, 'GET', GV)
  await same('GET /apis/diff.periscope.dev', 'GET', '/apis/diff.periscope.dev')
  await same(
    `GET customresourcedefinitions/gadgets.diff.periscope.dev (established)`,
    'GET',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.diff.periscope.dev'
  )
  await same(`POST ${COLL} g1`, 'POST', COLL, { body: gadget('g1', 1) })
  await same(`POST ${COLL} g2`, 'POST', COLL, { body: gadget('g2', 7) })
  await same(`GET ${COLL}/g1`, 'GET', `${COLL}/g1`)
  await same(`LIST ${COLL}?labelSelector=${OURS}`, 'GET', `${COLL}?labelSelector=${encodeURIComponent(OURS)}`)
  await same(`LIST(Table) ${COLL}`, 'GET', `${COLL}?labelSelector=${encodeURIComponent(OURS)}`, { accept: TABLE_ACCEPT, compareContentType: true })
  await same(`GET(Table) ${COLL}/g2`, 'GET', `${COLL}/g2`, { accept: TABLE_ACCEPT, compareContentType: true })
  await same(`PATCH(merge) ${COLL}/g1 spec`, 'PATCH', `${COLL}/g1`, { body: { spec: { size: 2 } }, contentType: 'application/merge-patch+json' })
  await same(`PATCH(merge) ${COLL}/g1/status`, 'PATCH', `${COLL}/g1/status`, {
    body: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    contentType: 'application/merge-patch+json'
  })
  await same(`PATCH(merge) ${COLL}/g1 status ignored on the main resource`, 'PATCH', `${COLL}/g1`, {
    body: { status: { phase: 'x' } },
    contentType: 'application/merge-patch+json'
  })
  await same(`PATCH(json) ${COLL}/g2`, 'PATCH', `${COLL}/g2`, {
    body: [{ op: 'replace', path: '/spec/size', value: 8 }],
    contentType: 'application/json-patch+json'
  })
  await same(`PATCH(strategic) ${COLL}/g2`, 'PATCH', `${COLL}/g2`, { body: { spec: { size: 9 } }, contentType: 'application/strategic-merge-patch+json' })
  await same(`LIST(Table) ${COLL} after patches`, 'GET', `${COLL}?labelSelector=${encodeURIComponent(OURS)}`, { accept: TABLE_ACCEPT })
  await same(`DELETE ${COLL}/g2`, 'DELETE', `${COLL}/g2`)
  await same(`GET ${COLL}/g2 after delete`, 'GET', `${COLL}/g2`)
  return out
}
