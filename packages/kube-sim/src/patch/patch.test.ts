import { describe, expect, it } from 'vitest'
import { applyPatch, patchTypeOf } from './index.ts'
import { mergePatch } from './mergePatch.ts'
import { strategicMergePatch } from './strategic.ts'

const pod = {
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' }
        ]
      },
      { name: 'side', image: 'busybox' }
    ],
    tolerations: [{ key: 't1' }]
  }
}

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null, replaces lists', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] })).toEqual({ a: 1, b: { d: 3, e: 4 }, l: [3] })
    expect(mergePatch({ a: 1 }, 'x')).toBe('x')
  })
})

describe('strategic merge patch', () => {
  it('merges containers, env and ports by their keys and appends new items', () => {
    const out = strategicMergePatch('pods', pod, {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:2',
            env: [
              { name: 'B', value: '3' },
              { name: 'C', value: '4' }
            ]
          },
          { name: 'new', image: 'x' }
        ]
      }
    })
    const [app, side, added] = (out.spec as { containers: Record<string, unknown>[] }).containers
    expect(app).toMatchObject({
      image: 'nginx:2',
      ports: [{ containerPort: 80 }],
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '3' },
        { name: 'C', value: '4' }
      ]
    })
    expect(side).toEqual({ name: 'side', image: 'busybox' })
    expect(added).toEqual({ name: 'new', image: 'x' })
    expect(pod.spec.containers[0].image).toBe('nginx:1') // input untouched
  })

  it('replaces lists without a strategy (tolerations), merges finalizers as a set', () => {
    const out = strategicMergePatch('pods', pod, { metadata: { finalizers: ['y', 'x'] }, spec: { tolerations: [{ key: 't2' }] } }) as typeof pod
    expect(out.spec.tolerations).toEqual([{ key: 't2' }])
    expect(out.metadata.finalizers).toEqual(['x', 'y'])
  })

  it('honours $patch delete/replace, $setElementOrder, $deleteFromPrimitiveList and $retainKeys', () => {
    const del = strategicMergePatch('pods', pod, { spec: { containers: [{ name: 'side', $patch: 'delete' }] } }) as typeof pod
    expect(del.spec.containers.map((c) => c.name)).toEqual(['app'])
    const rep = strategicMergePatch('pods', pod, { spec: { containers: [{ name: 'only', image: 'i' }, { $patch: 'replace' }] } }) as typeof pod
    expect(rep.spec.containers).toEqual([{ name: 'only', image: 'i' }])
    const mapRep = strategicMergePatch('pods', pod, { metadata: { labels: { $patch: 'replace', z: '9' } } }) as typeof pod
    expect(mapRep.metadata.labels).toEqual({ z: '9' })
    const order = strategicMergePatch('pods', pod, {
      spec: { $setElementOrder: undefined, '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }] }
    }) as typeof pod
    expect(order.spec.containers.map((c) => c.name)).toEqual(['side', 'app'])
    const prim = strategicMergePatch('pods', pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }) as typeof pod
    expect(prim.metadata.finalizers).toEqual([])
    const retain = strategicMergePatch(
      'deployments',
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }
    )
    expect(retain.spec).toEqual({ strategy: { type: 'Recreate' } })
  })

  it('keys Service ports by port, and refuses an item without its merge key', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } }
    const out = strategicMergePatch('services', svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }) as typeof svc
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }])
    expect(() => strategicMergePatch('services', svc, { spec: { ports: [{ targetPort: 1 }] } })).toThrow(/does not contain declared merge key: port/)
  })
})

describe('patch dispatch', () => {
  it('maps media types, refuses server-side apply and unknown types with 415', () => {
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge')
    expect(() => patchTypeOf('application/apply-patch+yaml')).toThrow(/server-side apply/)
    expect(() => patchTypeOf('text/plain')).toThrow(expect.objectContaining({ code: 415 }) as Error)
  })

  it('applies JSON patch and reports a failed operation as 422', () => {
    expect(applyPatch('json', 'pods', { a: 1 }, [{ op: 'add', path: '/b', value: 2 }])).toEqual({ a: 1, b: 2 })
    expect(() => applyPatch('json', 'pods', { a: 1 }, [{ op: 'remove', path: '/zz' }])).toThrow(expect.objectContaining({ code: 422 }) as Error)
    expect(() => applyPatch('json', 'pods', { a: 1 }, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }) as Error)
  })
})
