/**
 * Every kind of the registry is served by the simulator, over its real HTTPS API: discovery,
 * list (in a namespace and across all), get of a generated object, watch, and `as=Table`.
 *
 * Why: the product watches exactly the kinds of `src/shared/kinds/registry.ts`, and the simulator
 * is the demo cluster and the fixture of every test; a kind added to the registry that the
 * simulator does not generate, route, validate, patch or print would leave that kind's view
 * untested and empty. The tests are generated from `KINDS`, so a new kind is checked without an
 * edit here, and its discovery facts are compared with `APISERVER` below, written from a real
 * apiserver (`kubectl api-resources -o wide`, Kubernetes 1.33), not from our code: adding a kind
 * fails here until its real facts are written down.
 * Lifecycle: one simulator (200 pods, no churn, no controllers, so nothing moves but what a test
 * writes) for the file; every watch is closed when its event arrived or its bound passed.
 */
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { KINDS, collectionPath, groupVersion } from '../../src/shared/kinds/registry.ts'
import type { KindDef, KindId } from '../../src/shared/kinds/registry.ts'
import { TABLE_ACCEPT, simApi } from '../support/simApi.ts'
import type { SimReply } from '../support/simApi.ts'

/** What a real 1.33 apiserver's discovery says of each resource. */
interface ApiFacts {
  groupVersion: string
  resource: string
  kind: string
  namespaced: boolean
  shortNames: string[]
  verbs: string[]
}
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const f = (groupVersion: string, resource: string, kind: string, namespaced: boolean, shortNames: string[] = [], verbs = ALL_VERBS): ApiFacts => ({
  groupVersion,
  resource,
  kind,
  namespaced,
  shortNames,
  verbs
})
const APISERVER: Record<KindId, ApiFacts> = {
  pods: f('v1', 'pods', 'Pod', true, ['po']),
  events: f('v1', 'events', 'Event', true, ['ev']),
  deployments: f('apps/v1', 'deployments', 'Deployment', true, ['deploy']),
  statefulsets: f('apps/v1', 'statefulsets', 'StatefulSet', true, ['sts']),
  daemonsets: f('apps/v1', 'daemonsets', 'DaemonSet', true, ['ds']),
  replicasets: f('apps/v1', 'replicasets', 'ReplicaSet', true, ['rs']),
  jobs: f('batch/v1', 'jobs', 'Job', true),
  cronjobs: f('batch/v1', 'cronjobs', 'CronJob', true, ['cj']),
  horizontalpodautoscalers: f('autoscaling/v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa']),
  poddisruptionbudgets: f('policy/v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb']),
  services: f('v1', 'services', 'Service', true, ['svc']),
  ingresses: f('networking.k8s.io/v1', 'ingresses', 'Ingress', true, ['ing']),
  networkpolicies: f('networking.k8s.io/v1', 'networkpolicies', 'NetworkPolicy', true, ['netpol']),
  endpointslices: f('discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice', true),
  ingressclasses: f('networking.k8s.io/v1', 'ingressclasses', 'IngressClass', false),
  pvs: f('v1', 'persistentvolumes', 'PersistentVolume', false, ['pv']),
  pvcs: f('v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  storageclasses: f('storage.k8s.io/v1', 'storageclasses', 'StorageClass', false, ['sc']),
  nodes: f('v1', 'nodes', 'Node', false, ['no']),
  // The namespace registry has no DeleteCollection.
  namespaces: f(
    'v1',
    'namespaces',
    'Namespace',
    false,
    ['ns'],
    ALL_VERBS.filter((v) => v !== 'deletecollection')
  ),
  priorityclasses: f('scheduling.k8s.io/v1', 'priorityclasses', 'PriorityClass', false, ['pc']),
  runtimeclasses: f('node.k8s.io/v1', 'runtimeclasses', 'RuntimeClass', false),
  // The kinds added with issue 18, from `kubectl get --raw /api/v1` and `/apis/<group>/v1` of a real 1.34 apiserver.
  customresourcedefinitions: f('apiextensions.k8s.io/v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']),
  mutatingwebhookconfigurations: f('admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false),
  validatingwebhookconfigurations: f('admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false),
  configmaps: f('v1', 'configmaps', 'ConfigMap', true, ['cm']),
  secrets: f('v1', 'secrets', 'Secret', true),
  resourcequotas: f('v1', 'resourcequotas', 'ResourceQuota', true, ['quota']),
  limitranges: f('v1', 'limitranges', 'LimitRange', true, ['limits']),
  serviceaccounts: f('v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  roles: f('rbac.authorization.k8s.io/v1', 'roles', 'Role', true),
  rolebindings: f('rbac.authorization.k8s.io/v1', 'rolebindings', 'RoleBinding', true),
  clusterroles: f('rbac.authorization.k8s.io/v1', 'clusterroles', 'ClusterRole', false),
  clusterrolebindings: f('rbac.authorization.k8s.io/v1', 'clusterrolebindings', 'ClusterRoleBinding', false)
}

/** Bound for a watch event after the write that causes it (in-process sim, loaded 2-core machine). */
const WATCH_TIMEOUT_MS = 5_000
const LABEL = 'periscope.test/served'

let sim: Sim
const get = (path: string, accept?: string): Promise<SimReply> => simApi(sim, 'GET', path, undefined, undefined, accept)

beforeAll(async () => {
  sim = await startSim({ pods: 200, churn: 0, controllers: false })
})

afterAll(async () => {
  await sim?.stop()
})

interface Meta {
  name: string
  namespace?: string
  uid: string
  resourceVersion: string
  labels?: Record<string, string>
}
interface ApiResource {
  name: string
  kind: string
  namespaced: boolean
  verbs: string[]
  shortNames?: string[]
}
interface WatchEvent {
  type: string
  object: { kind: string; apiVersion: string; metadata: Meta }
}

/** Open a watch and collect its events until `done` holds for one of them (or the bound passes). */
function watchUntil(path: string, done: (ev: WatchEvent) => boolean): { opened: Promise<number>; result: Promise<WatchEvent[]> } {
  let onOpen: (status: number) => void = () => undefined
  const opened = new Promise<number>((r) => {
    onOpen = r
  })
  const result = new Promise<WatchEvent[]>((resolve, reject) => {
    const events: WatchEvent[] = []
    let buf = ''
    const req = request(`${sim.url}${path}`, { ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}`, accept: 'application/json' } }, (res) => {
      onOpen(res.statusCode ?? 0)
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buf += chunk
        const lines = buf.split('\n')
        buf = lines.pop() ?? ''
        for (const line of lines.filter((l) => l !== '')) {
          const ev = JSON.parse(line) as WatchEvent
          events.push(ev)
          if (done(ev)) finish()
        }
      })
      res.on('end', finish)
    })
    const timer = setTimeout(finish, WATCH_TIMEOUT_MS)
    function finish(): void {
      clearTimeout(timer)
      req.destroy()
      resolve(events)
    }
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.end()
  })
  return { opened, result }
}

/** The discovery path of a kind's group-version. */
const discoveryPath = (k: KindDef): string => (k.apiGroup === '' ? `/api/${k.version}` : `/apis/${k.apiGroup}/${k.version}`)
/** The headers kubectl prints for a kind (`-o wide` with `wide`): the Table's column names upper-cased. Events have no leading NAME. */
const printedHeaders = (k: KindDef, wide: boolean): string[] => [
  ...(k.id === 'events' ? [] : ['NAME']),
  ...k.columns.filter((c) => wide || !c.wide).map((c) => c.title)
]

it('every registry kind has the real apiserver facts written down here', () => {
  expect(
    KINDS.filter((k) => !APISERVER[k.id]).map((k) => k.id),
    'write them from `kubectl api-resources -o wide` of a real cluster'
  ).toEqual([])
})

for (const k of KINDS) {
  describe(`${k.id} (${groupVersion(k)} ${k.resource})`, () => {
    const facts = (): ApiFacts => APISERVER[k.id]
    /** Set by the list test: one generated object of the kind. */
    let sample: Meta | undefined
    let listRv = ''

    it("discovery lists the resource with the apiserver's verbs, scope, kind and short names", async () => {
      expect(APISERVER[k.id], `the real apiserver's facts of ${k.id}`).toBeDefined()
      const r = await get(discoveryPath(k))
      expect(r.status).toBe(200)
      expect(r.json.groupVersion).toBe(facts().groupVersion)
      const res = (r.json.resources as ApiResource[]).find((x) => x.name === facts().resource)
      expect(res, `${facts().resource} in ${discoveryPath(k)}`).toBeDefined()
      const { kind, namespaced, verbs, shortNames } = res as ApiResource
      expect({ kind, namespaced, verbs: [...verbs].sort(), shortNames: shortNames ?? [] }).toEqual({
        kind: facts().kind,
        namespaced: facts().namespaced,
        verbs: facts().verbs,
        shortNames: facts().shortNames
      })
      if (k.apiGroup !== '') {
        const groups = (await get('/apis')).json.groups as { name: string; versions: { groupVersion: string }[] }[]
        expect(groups.find((g) => g.name === k.apiGroup)?.versions.map((v) => v.groupVersion)).toContain(facts().groupVersion)
      }
    })

    it('lists generated objects across all namespaces and in one namespace', async () => {
      const all = await get(collectionPath(k))
      expect(all.status).toBe(200)
      expect([all.json.kind, all.json.apiVersion]).toEqual([`${facts().kind}List`, facts().groupVersion])
      const items = all.json.items as { metadata: Meta }[]
      expect(items.length, `the simulator generates ${k.id}`).toBeGreaterThan(0)
      sample = items[0].metadata
      listRv = String(all.json.metadata.resourceVersion)
      expect(listRv).toMatch(/^\d+$/)
      if (k.namespaced) {
        const ns = sample.namespace as string
        expect(ns).toBeTruthy()
        const inNs = await get(collectionPath(k, ns))
        expect(inNs.status).toBe(200)
        const names = (inNs.json.items as { metadata: Meta }[]).map((i) => `${i.metadata.namespace}/${i.metadata.name}`)
        expect(names).toEqual(items.filter((i) => i.metadata.namespace === ns).map((i) => `${ns}/${i.metadata.name}`))
      } else {
        expect(sample.namespace ?? '').toBe('')
        // A cluster-scoped resource has no namespaced path (the real apiserver answers 404).
        expect((await get(`${discoveryPath(k)}/namespaces/default/${facts().resource}`)).status).toBe(404)
      }
    })

    it('gets the generated object by name', async () => {
      expect(sample, 'the list test found an object').toBeDefined()
      const m = sample as Meta
      const r = await get(`${collectionPath(k, m.namespace)}/${encodeURIComponent(m.name)}`)
      expect(r.status).toBe(200)
      expect([r.json.kind, r.json.apiVersion, r.json.metadata.name, r.json.metadata.uid]).toEqual([facts().kind, facts().groupVersion, m.name, m.uid])
    })

    it("watches from the list's resourceVersion and sees a write to the object as MODIFIED", async () => {
      expect(sample, 'the list test found an object').toBeDefined()
      const m = sample as Meta
      const w = watchUntil(
        `${collectionPath(k, m.namespace)}?watch=1&resourceVersion=${listRv}&fieldSelector=${encodeURIComponent(`metadata.name=${m.name}`)}`,
        (ev) => ev.type === 'MODIFIED' && ev.object.metadata.labels?.[LABEL] === k.id
      )
      expect(await w.opened).toBe(200)
      const patched = await simApi(
        sim,
        'PATCH',
        `${collectionPath(k, m.namespace)}/${encodeURIComponent(m.name)}`,
        { metadata: { labels: { [LABEL]: k.id } } },
        'application/merge-patch+json'
      )
      expect(patched.status, JSON.stringify(patched.json)).toBe(200)
      const events = await w.result
      const ev = events.find((e) => e.type === 'MODIFIED')
      expect(ev, `a MODIFIED event within ${WATCH_TIMEOUT_MS} ms; got ${events.map((e) => e.type).join(',') || 'nothing'}`).toBeDefined()
      expect([ev?.object.kind, ev?.object.apiVersion, ev?.object.metadata.name, ev?.object.metadata.labels?.[LABEL]]).toEqual([
        facts().kind,
        facts().groupVersion,
        m.name,
        k.id
      ])
      expect(Number(ev?.object.metadata.resourceVersion)).toBeGreaterThan(Number(listRv))
    })

    it("prints the list and the object as a Table with the kind's columns", async () => {
      const list = await get(collectionPath(k), TABLE_ACCEPT)
      expect(list.status).toBe(200)
      expect([list.json.kind, list.json.apiVersion]).toEqual(['Table', 'meta.k8s.io/v1'])
      const cols = list.json.columnDefinitions as { name: string; priority: number }[]
      expect(cols.map((c) => c.name.toUpperCase())).toEqual(printedHeaders(k, true))
      expect(cols.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase())).toEqual(printedHeaders(k, false))
      const plain = ((await get(collectionPath(k))).json.items as { metadata: Meta }[]).map((i) => i.metadata.name)
      const rows = list.json.rows as { cells: unknown[]; object: { metadata: Meta } }[]
      expect(rows.map((r) => r.object.metadata.name)).toEqual(plain)
      for (const r of rows) expect(r.cells).toHaveLength(cols.length)

      expect(sample, 'the list test found an object').toBeDefined()
      const m = sample as Meta
      const one = await get(`${collectionPath(k, m.namespace)}/${encodeURIComponent(m.name)}`, TABLE_ACCEPT)
      expect(one.status).toBe(200)
      expect(one.json.kind).toBe('Table')
      const oneRows = one.json.rows as { cells: unknown[]; object: { metadata: Meta } }[]
      expect(oneRows.map((r) => r.object.metadata.name)).toEqual([m.name])
      // The NAME cell is the name (kubectl's StorageClass printer appends " (default)" to the default class).
      expect(String(oneRows[0].cells[printedHeaders(k, true).indexOf('NAME')])).toMatch(new RegExp(`^${m.name.replaceAll('.', '\\.')}( \\(default\\))?$`))
    })
  })
}
