// Which objects the controllers manage: never the demo generator's (present at start, marked, or
// owned by a generated owner, like the churn's replacement pods), always the API's.
import { describe, expect, it } from 'vitest'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import { GENERATED_ANNOTATION } from './informer.ts'
import { useControllers, pod, template, testStore, waitFor } from './testkit.ts'

const start = useControllers()

const rs = (name: string, extra: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'demo', annotations: extra },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: template(name, 'nginx') }
})
const owned = (name: string, owner: string, uid: string): KubeObject => {
  const p = pod(name, 'nginx')
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid, controller: true }]
  return p
}
const bound = (store: SimStore, name: string): boolean =>
  !!(store.object(store.get('pods', 'demo', name) as NonNullable<ReturnType<SimStore['get']>>).spec as { nodeName?: string }).nodeName

describe('managed vs generated objects', () => {
  it('leaves objects present at start, marked ones, and children of generated owners to the churn', async () => {
    const store = testStore()
    const gen = store.create('replicasets', rs('generated'))
    start(store, { existingAreGenerated: true })
    const genRv = gen.rv
    const churned = store.create('pods', owned('churned', 'generated', gen.uid))
    const orphaned = store.create('pods', owned('orphaned', 'gone', ''))
    const marked = pod('marked', 'nginx')
    marked.metadata.annotations = { [GENERATED_ANNOTATION]: 'true' }
    const markedRec = store.create('pods', marked)
    store.create('pods', pod('mine', 'nginx'))
    await waitFor('api pod bound', () => bound(store, 'mine'))
    await new Promise((r) => setTimeout(r, 100))
    expect(store.get('replicasets', 'demo', 'generated')?.rv).toBe(genRv)
    expect(store.get('pods', 'demo', 'churned')?.rv).toBe(churned.rv)
    expect(store.get('pods', 'demo', 'orphaned')?.rv).toBe(orphaned.rv)
    expect(store.get('pods', 'demo', 'marked')?.rv).toBe(markedRec.rv)
    expect(store.list('pods', { namespace: 'demo' }).items).toHaveLength(4)
  })

  it('manages the same objects when they are not marked as generated', async () => {
    const store = testStore()
    store.create('replicasets', rs('adopted'))
    start(store)
    await waitFor('2 pods', () => store.list('pods', { namespace: 'demo' }).items.length === 2)
  })
})
