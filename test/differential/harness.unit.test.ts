// The differential suite's own machinery, without servers: the structural diff (keyed arrays, one
// line per absent subtree), the normalizers (only what may legitimately differ), and the report's
// allowlist bookkeeping (explained, unexplained, stale). Runs in the main suite (vitest.config.ts).
import { describe, expect, it } from 'vitest'
import type { AllowEntry } from './allowlist.ts'
import { diffJson, formatDivergence } from './diff.ts'
import { Normalizer } from './normalize.ts'
import { Report } from './report.ts'

describe('diffJson', () => {
  it('matches named array elements by name, reports an absent subtree once, compares plain arrays whole', () => {
    const sim = {
      items: [
        { metadata: { name: 'b' }, spec: { x: 1 } },
        { metadata: { name: 'a' }, spec: { x: 2 } }
      ],
      verbs: ['get', 'list']
    }
    const real = {
      items: [
        { metadata: { name: 'a' }, spec: { x: 2 } },
        { metadata: { name: 'c' }, spec: { x: 3 } }
      ],
      verbs: ['get', 'list', 'watch']
    }
    const d = diffJson('GET /x', sim, real)
    expect(d.map((x) => x.path)).toEqual(['$.items[c]', '$.items[b]', '$.verbs'])
    expect(formatDivergence(d[0])).toBe('GET /x  $.items[c]  sim=<absent>  real={"metadata":{"name":"c"},"spec":{"x":3}}')
  })

  it('numbers repeated names and keys watch events by type and object name', () => {
    const ev = (type: string, name: string, v: number): unknown => ({ type, object: { metadata: { name }, v } })
    const d = diffJson('WATCH', [ev('ADDED', 'p', 1), ev('ADDED', 'p', 2)], [ev('ADDED', 'p', 1), ev('ADDED', 'p', 3)])
    expect(d).toEqual([{ request: 'WATCH', path: '$[ADDED p#2].object.v', sim: 2, real: 3 }])
  })
})

describe('Normalizer', () => {
  it('replaces what each server allocates, keeps the shape and what the manifests wrote', () => {
    const n = new Normalizer(['192.0.2.10'], new Set(['own-node']))
    n.learnNodes(['worker-1', 'own-node'])
    const pod = {
      metadata: {
        name: 'web-7d9f8c6b5-x2z4q',
        generateName: 'web-7d9f8c6b5-',
        uid: '0b7c1b2e-3f4a-4b5c-8d9e-0f1a2b3c4d5e',
        resourceVersion: '812',
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { 'pod-template-hash': '7d9f8c6b5' }
      },
      spec: { nodeName: 'worker-1', other: 'own-node' },
      status: { podIP: '10.244.0.7', hostIP: '192.0.2.10', message: 'Successfully assigned diff/web-7d9f8c6b5-x2z4q to worker-1' }
    }
    n.learn(pod)
    expect(n.apply(pod)).toEqual({
      metadata: {
        name: 'web-<hash>-<suffix>',
        generateName: 'web-<hash>-',
        uid: '<uid>',
        resourceVersion: '<rv>',
        creationTimestamp: '<time>',
        labels: { 'pod-template-hash': '<hash>' }
      },
      spec: { nodeName: '<node>', other: 'own-node' },
      status: { podIP: '<ip>', hostIP: '192.0.2.10', message: 'Successfully assigned diff/web-<hash>-<suffix> to <node>' }
    })
    // A StatefulSet ordinal is chosen, not generated: it stays.
    n.learn({ metadata: { name: 'db-0', generateName: 'db-' } })
    expect(n.apply('db-0')).toBe('db-0')
  })

  it('hides the write count of a controller-managed EndpointSlice, not of one a user wrote', () => {
    const n = new Normalizer([])
    const managed = { metadata: { generation: 3, labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } } }
    expect(n.apply(managed)).toEqual({ metadata: { generation: '<generation>', labels: managed.metadata.labels } })
    expect(n.apply({ metadata: { generation: 2, labels: { a: 'b' } } })).toEqual({ metadata: { generation: 2, labels: { a: 'b' } } })
  })

  it('turns relative Table cells into <age> by column, in later watch events too', () => {
    const n = new Normalizer([])
    const first = { kind: 'Table', columnDefinitions: [{ name: 'Name' }, { name: 'Age' }, { name: 'Ready' }], rows: [{ cells: ['a', '5m', '1/1'] }] }
    const later = { kind: 'Table', columnDefinitions: null, rows: [{ cells: ['b', '3s', '0/1'] }] }
    expect((n.apply(first) as typeof first).rows[0].cells).toEqual(['a', '<age>', '1/1'])
    expect((n.apply(later) as typeof later).rows[0].cells).toEqual(['b', '<age>', '0/1'])
  })
})

describe('Report', () => {
  it('explains divergences by the first matching entry, keeps the rest unexplained, and finds stale entries', () => {
    const used: AllowEntry = { request: /^GET /, path: /\.managedFields$/, reason: 'not simulated', when: (d) => d.sim === undefined }
    const stale: AllowEntry = { request: /^GET /, path: /\.nothing$/, reason: 'never matches' }
    const r = new Report([used, stale])
    const c = r.add(diffJson('GET /p', { a: 1 }, { a: 2, managedFields: [] }))
    expect(c.explained.map((x) => x.d.path)).toEqual(['$.managedFields'])
    expect(c.unexplained.map((x) => x.path)).toEqual(['$.a'])
    expect(r.stale()).toEqual([stale])
    expect(r.render()).toMatch(/divergences: 2 \(unexplained 1, allowlisted 1\)/)
  })
})
